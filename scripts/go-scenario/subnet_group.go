package main

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// aws_elasticache_subnet_group (internal/service/elasticache/subnet_group.go). Off by default until
// the server has the Cache*SubnetGroup actions (issue #14 item 1).

type subnetGroupConfig struct {
	Name, Description string
	SubnetIDs         []string
	Tags              map[string]string
}

func createSubnetGroup(ctx context.Context, t *T, c subnetGroupConfig) {
	_, err := t.conn.CreateCacheSubnetGroup(ctx, &elasticache.CreateCacheSubnetGroupInput{
		CacheSubnetGroupDescription: aws.String(c.Description),
		CacheSubnetGroupName:        aws.String(c.Name),
		SubnetIds:                   c.SubnetIDs,
		Tags:                        tagsIn(c.Tags),
	})
	t.check(err, "creating ElastiCache Subnet Group ("+c.Name+")")
}

// readSubnetGroup is resourceSubnetGroupRead; the id is the lowercased name.
func readSubnetGroup(ctx context.Context, t *T, name string, isNew bool) (attrs, bool) {
	g, err := findCacheSubnetGroupByName(ctx, t.conn, strings.ToLower(name))
	if !isNew && isNotFound(err) {
		return nil, false
	}
	t.check(err, "reading ElastiCache Subnet Group ("+name+")")
	var ids []string
	for _, s := range g.Subnets {
		ids = append(ids, aws.ToString(s.SubnetIdentifier))
	}
	state := attrs{
		"arn":         aws.ToString(g.ARN),
		"name":        aws.ToString(g.CacheSubnetGroupName),
		"description": aws.ToString(g.CacheSubnetGroupDescription),
		"subnet_ids":  set(ids),
		"vpc_id":      aws.ToString(g.VpcId),
	}
	tags, err := listTags(ctx, t.conn, aws.ToString(g.ARN))
	t.check(err, "listing tags for ElastiCache Subnet Group ("+name+")")
	state["tags"] = tags
	return state, true
}

func checkSubnetGroup(ctx context.Context, t *T, c subnetGroupConfig) {
	state, _ := readSubnetGroup(ctx, t, c.Name, true)
	t.noDiff("aws_elasticache_subnet_group."+c.Name, attrs{
		"name":        strings.ToLower(c.Name), // its StateFunc lowercases
		"description": c.Description,
		"subnet_ids":  set(c.SubnetIDs),
		"tags":        nonNilTags(c.Tags),
	}, state)
	t.computed("aws_elasticache_subnet_group."+c.Name, state, map[string]func(any) bool{
		"arn":    func(v any) bool { return strings.HasSuffix(v.(string), ":subnetgroup:"+strings.ToLower(c.Name)) },
		"vpc_id": nonEmpty,
	})
}

// updateSubnetGroup is resourceSubnetGroupUpdate: description and the whole subnet list together.
func updateSubnetGroup(ctx context.Context, t *T, old, new subnetGroupConfig) {
	if old.Description != new.Description || show(old.SubnetIDs) != show(new.SubnetIDs) {
		_, err := t.conn.ModifyCacheSubnetGroup(ctx, &elasticache.ModifyCacheSubnetGroupInput{
			CacheSubnetGroupName:        aws.String(new.Name),
			CacheSubnetGroupDescription: aws.String(new.Description),
			SubnetIds:                   new.SubnetIDs,
		})
		t.check(err, "updating ElastiCache Subnet Group ("+old.Name+")")
	}
	g, err := findCacheSubnetGroupByName(ctx, t.conn, strings.ToLower(old.Name))
	t.check(err, "finding ElastiCache Subnet Group ("+old.Name+")")
	updateTags(ctx, t, aws.ToString(g.ARN), old.Tags, new.Tags)
}

// deleteSubnetGroup is resourceSubnetGroupDelete: retried on DependencyViolation for 5 minutes;
// not found is done.
func deleteSubnetGroup(ctx context.Context, t *T, name string) {
	_, err := retryWhen(ctx, t.scale, 5*time.Minute, func() error {
		_, err := t.conn.DeleteCacheSubnetGroup(ctx, &elasticache.DeleteCacheSubnetGroupInput{CacheSubnetGroupName: aws.String(strings.ToLower(name))})
		return err
	}, func(err error) bool { return apiCode(err) == "DependencyViolation" })
	if !isA[*types.CacheSubnetGroupNotFoundFault](err) {
		t.check(err, "deleting ElastiCache Subnet Group ("+name+")")
	}
	if _, found := readSubnetGroup(ctx, t, name, false); found {
		t.Errorf("aws_elasticache_subnet_group.%s: still found after destroy", name)
	}
}

func subnetGroupScenario(ctx context.Context, t *T) {
	c := subnetGroupConfig{Name: "TF-Subnet-Group", Description: "Managed by Terraform",
		SubnetIDs: []string{"subnet-0a1b2c3d4e5f60718"}, Tags: map[string]string{"Name": "tf-subnet-group"}}
	createSubnetGroup(ctx, t, c)
	checkSubnetGroup(ctx, t, c)

	c2 := c
	c2.Description = "two subnets now"
	c2.SubnetIDs = []string{"subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"}
	c2.Tags = map[string]string{"Name": "tf-subnet-group", "env": "test"}
	updateSubnetGroup(ctx, t, c, c2)
	checkSubnetGroup(ctx, t, c2)

	deleteSubnetGroup(ctx, t, c.Name)
}

// subnetGroupInUseScenario: a replication group in a subnet group. subnet_group_name reads back,
// the subnet group cannot be deleted while in use (CacheSubnetGroupInUse), and a replication group
// naming a subnet group that does not exist gets AWS's not-found fault.
func subnetGroupInUseScenario(ctx context.Context, t *T) {
	c := subnetGroupConfig{Name: "tf-subnets-in-use", Description: "Managed by Terraform",
		SubnetIDs: []string{"subnet-0a1b2c3d4e5f60718"}}
	createSubnetGroup(ctx, t, c)
	rg := rgConfig{ID: "tf-rg-subnet", Description: "in a subnet group", Engine: "redis", NodeType: "cache.t4g.micro",
		NumCacheClusters: 1, SubnetGroupName: strings.ToLower(c.Name)}
	createReplicationGroup(ctx, t, rg)
	checkReplicationGroup(ctx, t, rg)
	_, err := t.conn.DeleteCacheSubnetGroup(ctx, &elasticache.DeleteCacheSubnetGroupInput{CacheSubnetGroupName: aws.String(strings.ToLower(c.Name))})
	if !isA[*types.CacheSubnetGroupInUse](err) {
		t.Errorf("DeleteCacheSubnetGroup of a group in use: want CacheSubnetGroupInUse, got %v", err)
	}
	deleteReplicationGroup(ctx, t, rg.ID)
	deleteSubnetGroup(ctx, t, c.Name)

	// A replication group naming a subnet group that does not exist: AWS's not-found fault.
	_, err = t.conn.CreateReplicationGroup(ctx, &elasticache.CreateReplicationGroupInput{
		ReplicationGroupId: aws.String("tf-rg-nosubnet"), ReplicationGroupDescription: aws.String("x"),
		CacheNodeType: aws.String("cache.t4g.micro"), Engine: aws.String("redis"), CacheSubnetGroupName: aws.String("tf-missing-subnets")})
	if !isA[*types.CacheSubnetGroupNotFoundFault](err) {
		t.Errorf("CreateReplicationGroup with a missing subnet group: want CacheSubnetGroupNotFoundFault, got %v", err)
	}
	if err == nil {
		deleteReplicationGroup(ctx, t, "tf-rg-nosubnet")
	}
}
