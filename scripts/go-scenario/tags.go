package main

import (
	"context"
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// tagsIn is getTagsIn: the configured tags as the API's Tag list (nil when none).
func tagsIn(tags map[string]string) []types.Tag {
	if len(tags) == 0 {
		return nil
	}
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]types.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

func nonNilTags(tags map[string]string) map[string]string {
	if tags == nil {
		return map[string]string{}
	}
	return tags
}

// updateTags is the provider's generated updateTags: remove the keys that went away, then add the
// new and changed ones.
func updateTags(ctx context.Context, t *T, arn string, old, new map[string]string) {
	var remove []string
	for k := range old {
		if _, ok := new[k]; !ok {
			remove = append(remove, k)
		}
	}
	sort.Strings(remove)
	if len(remove) > 0 {
		_, err := t.conn.RemoveTagsFromResource(ctx, &elasticache.RemoveTagsFromResourceInput{ResourceName: aws.String(arn), TagKeys: remove})
		t.check(err, "untagging resource ("+arn+")")
	}
	add := map[string]string{}
	for k, v := range new {
		if ov, ok := old[k]; !ok || ov != v {
			add[k] = v
		}
	}
	if len(add) > 0 {
		_, err := t.conn.AddTagsToResource(ctx, &elasticache.AddTagsToResourceInput{ResourceName: aws.String(arn), Tags: tagsIn(add)})
		t.check(err, "tagging resource ("+arn+")")
	}
}
