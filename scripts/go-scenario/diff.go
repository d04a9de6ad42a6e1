package main

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
)

// attrs is a resource's state as the provider's Read writes it: attribute name -> value. Sets are
// sorted []string so that comparison ignores order, as Terraform's TypeSet does.
type attrs map[string]any

func set(values []string) []string {
	out := append([]string(nil), values...)
	sort.Strings(out)
	if out == nil {
		out = []string{}
	}
	return out
}

// noDiff reports every configured attribute whose read-back value differs: what `terraform plan`
// would show right after apply.
func (t *T) noDiff(resource string, configured, state attrs) {
	keys := make([]string, 0, len(configured))
	for k := range configured {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		want := configured[k]
		got, ok := state[k]
		if !ok {
			t.Errorf("%s: attribute %s not set by read (configured %v)", resource, k, show(want))
			continue
		}
		if show(want) != show(got) {
			if gap, known := knownGaps[k]; known && !t.strict {
				t.Notef("known gap, not failed (%s): %s: diff on %s: configured %s, read back %s", gap, resource, k, show(want), show(got))
				continue
			}
			t.Errorf("%s: diff on %s: configured %s, read back %s", resource, k, show(want), show(got))
		}
	}
}

// knownGaps are the attributes cachewarden's main branch still answers differently from what was
// set, with the work that fixes them. Scenarios print them as notes; -strict fails on them.
var knownGaps = map[string]string{}

// computed checks attributes the provider computes (not configured) against what they must be.
func (t *T) computed(resource string, state attrs, checks map[string]func(any) bool) {
	keys := make([]string, 0, len(checks))
	for k := range checks {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !checks[k](state[k]) {
			t.Errorf("%s: computed attribute %s has an unexpected value %s", resource, k, show(state[k]))
		}
	}
}

func show(v any) string {
	switch x := v.(type) {
	case []string:
		return "[" + strings.Join(set(x), ",") + "]"
	case map[string]string:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, k+"="+x[k])
		}
		return "{" + strings.Join(parts, ",") + "}"
	case *string:
		return fmt.Sprintf("%q", aws.ToString(x))
	case string:
		return fmt.Sprintf("%q", x)
	default:
		return fmt.Sprintf("%v", x)
	}
}

func nonEmpty(v any) bool { return show(v) != `""` && v != nil }

// listTags is the provider's transparent tagging read: ListTagsForResource on the ARN -> tags_all.
func listTags(ctx context.Context, conn *elasticache.Client, arn string) (map[string]string, error) {
	out, err := conn.ListTagsForResource(ctx, &elasticache.ListTagsForResourceInput{ResourceName: aws.String(arn)})
	if err != nil {
		return nil, err
	}
	tags := map[string]string{}
	for _, tag := range out.TagList {
		tags[aws.ToString(tag.Key)] = aws.ToString(tag.Value)
	}
	return tags, nil
}
