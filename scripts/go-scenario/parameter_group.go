package main

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// aws_elasticache_parameter_group (internal/service/elasticache/parameter_group.go). Off by default
// until the server has the Cache*ParameterGroup actions (issue #14 item 1).

type parameterGroupConfig struct {
	Name, Family, Description string
	Parameters                map[string]string
	Tags                      map[string]string
}

const maxParamsPerCall = 20 // the provider modifies and resets parameters 20 at a time

func createParameterGroup(ctx context.Context, t *T, c parameterGroupConfig) {
	_, err := t.conn.CreateCacheParameterGroup(ctx, &elasticache.CreateCacheParameterGroupInput{
		CacheParameterGroupFamily: aws.String(c.Family),
		CacheParameterGroupName:   aws.String(c.Name),
		Description:               aws.String(c.Description),
		Tags:                      tagsIn(c.Tags),
	})
	t.check(err, "creating ElastiCache Parameter Group ("+c.Name+")")
	// The create ends in the update, which applies the parameter blocks.
	updateParameterGroup(ctx, t, parameterGroupConfig{Name: c.Name, Tags: c.Tags}, c)
}

// readParameterGroup is resourceParameterGroupRead: the group, then its user-sourced parameters.
func readParameterGroup(ctx context.Context, t *T, name string, isNew bool) (attrs, bool) {
	g, err := findCacheParameterGroupByName(ctx, t.conn, strings.ToLower(name))
	if !isNew && isNotFound(err) {
		return nil, false
	}
	t.check(err, "reading ElastiCache Parameter Group ("+name+")")
	params := map[string]string{}
	pages := elasticache.NewDescribeCacheParametersPaginator(t.conn, &elasticache.DescribeCacheParametersInput{
		CacheParameterGroupName: aws.String(strings.ToLower(name)), Source: aws.String("user")})
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		t.check(err, "reading ElastiCache Parameter Group ("+name+") parameters")
		for _, p := range page.Parameters {
			params[aws.ToString(p.ParameterName)] = aws.ToString(p.ParameterValue)
		}
	}
	state := attrs{
		"name":        aws.ToString(g.CacheParameterGroupName),
		"family":      aws.ToString(g.CacheParameterGroupFamily),
		"description": aws.ToString(g.Description),
		"arn":         aws.ToString(g.ARN),
		"parameter":   params,
	}
	tags, err := listTags(ctx, t.conn, aws.ToString(g.ARN))
	t.check(err, "listing tags for ElastiCache Parameter Group ("+name+")")
	state["tags"] = tags
	return state, true
}

func checkParameterGroup(ctx context.Context, t *T, c parameterGroupConfig) {
	state, _ := readParameterGroup(ctx, t, c.Name, true)
	params := c.Parameters
	if params == nil {
		params = map[string]string{}
	}
	t.noDiff("aws_elasticache_parameter_group."+c.Name, attrs{
		"name":        strings.ToLower(c.Name),
		"family":      c.Family,
		"description": c.Description,
		"parameter":   params,
		"tags":        nonNilTags(c.Tags),
	}, state)
	t.computed("aws_elasticache_parameter_group."+c.Name, state, map[string]func(any) bool{
		"arn": func(v any) bool { return strings.HasSuffix(v.(string), ":parametergroup:"+strings.ToLower(c.Name)) },
	})
}

// updateParameterGroup is resourceParameterGroupUpdate: parameters that left the configuration are
// reset (retried while the group "has pending changes"), new and changed ones modified, 20 per call.
func updateParameterGroup(ctx context.Context, t *T, old, new parameterGroupConfig) {
	var reset, modify []types.ParameterNameValue
	for _, k := range sortedKeys(old.Parameters) {
		if _, ok := new.Parameters[k]; !ok {
			reset = append(reset, types.ParameterNameValue{ParameterName: aws.String(k), ParameterValue: aws.String(old.Parameters[k])})
		}
	}
	for _, k := range sortedKeys(new.Parameters) {
		if ov, ok := old.Parameters[k]; !ok || ov != new.Parameters[k] {
			modify = append(modify, types.ParameterNameValue{ParameterName: aws.String(k), ParameterValue: aws.String(new.Parameters[k])})
		}
	}
	name := strings.ToLower(old.Name)
	for len(reset) > 0 {
		n := min(len(reset), maxParamsPerCall)
		batch := reset[:n]
		reset = reset[n:]
		_, err := retryWhen(ctx, t.scale, 30*time.Second, func() error {
			_, err := t.conn.ResetCacheParameterGroup(ctx, &elasticache.ResetCacheParameterGroupInput{
				CacheParameterGroupName: aws.String(name), ParameterNameValues: batch})
			return err
		}, func(err error) bool {
			return isAMessageContains[*types.InvalidCacheParameterGroupStateFault](err, " has pending changes")
		})
		t.check(err, "resetting ElastiCache Parameter Group ("+name+")")
	}
	for len(modify) > 0 {
		n := min(len(modify), maxParamsPerCall)
		batch := modify[:n]
		modify = modify[n:]
		_, err := t.conn.ModifyCacheParameterGroup(ctx, &elasticache.ModifyCacheParameterGroupInput{
			CacheParameterGroupName: aws.String(name), ParameterNameValues: batch})
		t.check(err, "modifying ElastiCache Parameter Group ("+name+")")
	}
	g, err := findCacheParameterGroupByName(ctx, t.conn, name)
	t.check(err, "finding ElastiCache Parameter Group ("+name+")")
	updateTags(ctx, t, aws.ToString(g.ARN), old.Tags, new.Tags)
}

// deleteParameterGroup is the provider's deleteParameterGroup: retried on
// InvalidCacheParameterGroupState for 3 minutes, not found is done.
func deleteParameterGroup(ctx context.Context, t *T, name string) {
	_, err := retryWhen(ctx, t.scale, 3*time.Minute, func() error {
		_, err := t.conn.DeleteCacheParameterGroup(ctx, &elasticache.DeleteCacheParameterGroupInput{CacheParameterGroupName: aws.String(strings.ToLower(name))})
		return err
	}, isA[*types.InvalidCacheParameterGroupStateFault])
	if !isA[*types.CacheParameterGroupNotFoundFault](err) {
		t.check(err, "deleting ElastiCache Parameter Group ("+name+")")
	}
	if _, found := readParameterGroup(ctx, t, name, false); found {
		t.Errorf("aws_elasticache_parameter_group.%s: still found after destroy", name)
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func min(a, b int) int {
	if a < b {
		return a
	}
	return b
}

func parameterGroupScenario(ctx context.Context, t *T) {
	c := parameterGroupConfig{Name: "tf-params", Family: "redis7", Description: "Managed by Terraform",
		Parameters: map[string]string{"maxmemory-policy": "allkeys-lru", "notify-keyspace-events": "KEA"},
		Tags:       map[string]string{"Name": "tf-params"}}
	createParameterGroup(ctx, t, c)
	checkParameterGroup(ctx, t, c)

	// change one, drop one (reset), add one.
	c2 := c
	c2.Parameters = map[string]string{"maxmemory-policy": "volatile-lru", "timeout": "300"}
	c2.Tags = map[string]string{"Name": "tf-params", "env": "test"}
	updateParameterGroup(ctx, t, c, c2)
	checkParameterGroup(ctx, t, c2)

	deleteParameterGroup(ctx, t, c.Name)
}

// parameterGroupInUseScenario: a replication group using a parameter group; parameter_group_name
// reads back, changes in place to the default group, and a missing group is AWS's not-found fault.
func parameterGroupInUseScenario(ctx context.Context, t *T) {
	c := parameterGroupConfig{Name: "tf-params-in-use", Family: "redis7", Description: "Managed by Terraform",
		Parameters: map[string]string{"maxmemory-policy": "allkeys-lru"}}
	createParameterGroup(ctx, t, c)
	rg := rgConfig{ID: "tf-rg-params", Description: "with a parameter group", Engine: "redis", NodeType: "cache.t4g.micro",
		NumCacheClusters: 1, ParameterGroupName: c.Name}
	createReplicationGroup(ctx, t, rg)
	checkReplicationGroup(ctx, t, rg)
	// Back to the default group in place (parameter_group_name change).
	rg2 := rg
	rg2.ParameterGroupName = "default.redis7"
	updateReplicationGroup(ctx, t, rg, rg2, true)
	checkReplicationGroup(ctx, t, rg2)
	deleteReplicationGroup(ctx, t, rg.ID)
	deleteParameterGroup(ctx, t, c.Name)

	// A replication group naming a parameter group that does not exist.
	_, err := t.conn.CreateReplicationGroup(ctx, &elasticache.CreateReplicationGroupInput{
		ReplicationGroupId: aws.String("tf-rg-noparams"), ReplicationGroupDescription: aws.String("x"),
		CacheNodeType: aws.String("cache.t4g.micro"), Engine: aws.String("redis"), CacheParameterGroupName: aws.String("tf-missing-params")})
	if !isA[*types.CacheParameterGroupNotFoundFault](err) {
		t.Errorf("CreateReplicationGroup with a missing parameter group: want CacheParameterGroupNotFoundFault, got %v", err)
	}
	if err == nil {
		deleteReplicationGroup(ctx, t, "tf-rg-noparams")
	}
}
