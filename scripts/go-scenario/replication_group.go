package main

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// aws_elasticache_replication_group (internal/service/elasticache/replication_group.go), cluster
// mode disabled: Create, waitReplicationGroupAvailable, Read (the group, then its first member
// cluster through DescribeCacheClusters), Update (each ModifyReplicationGroup between two
// availability waits), Delete (retried on InvalidReplicationGroupState), waitReplicationGroupDeleted.

type rgConfig struct {
	ID, Description, Engine, EngineVersion, NodeType string
	NumCacheClusters                                 int32
	NumNodeGroups, ReplicasPerNodeGroup              int32 // cluster mode
	ClusterMode                                      string
	AutomaticFailover, MultiAZ                       bool
	TransitEncryption                                bool
	TransitEncryptionMode                            string
	AtRestEncryption                                 *bool
	Port                                             int32
	ParameterGroupName, SubnetGroupName              string
	MaintenanceWindow, SnapshotWindow                string
	SnapshotRetentionLimit                           int32
	UserGroupIDs                                     []string
	Tags                                             map[string]string
}

func waitReplicationGroupAvailable(ctx context.Context, t *T, id string, delay time.Duration) (*types.ReplicationGroup, error) {
	conf := &stateChangeConf{
		Pending: []string{"creating", "modifying", "snapshotting"},
		Target:  []string{"available"},
		Refresh: statusFunc(func() (*types.ReplicationGroup, error) { return findReplicationGroupByID(ctx, t.conn, id) },
			func(g *types.ReplicationGroup) string { return aws.ToString(g.Status) }),
		Timeout:    60 * time.Minute,
		MinTimeout: 10 * time.Second,
		Delay:      delay,
	}
	v, err := conf.waitForState(ctx, t.scale)
	g, _ := v.(*types.ReplicationGroup)
	return g, err
}

func waitReplicationGroupDeleted(ctx context.Context, t *T, id string) error {
	conf := &stateChangeConf{
		Pending: []string{"creating", "available", "deleting"},
		Target:  []string{},
		Refresh: statusFunc(func() (*types.ReplicationGroup, error) { return findReplicationGroupByID(ctx, t.conn, id) },
			func(g *types.ReplicationGroup) string { return aws.ToString(g.Status) }),
		Timeout:    45 * time.Minute,
		MinTimeout: 10 * time.Second,
		Delay:      30 * time.Second,
	}
	_, err := conf.waitForState(ctx, t.scale)
	return err
}

func createReplicationGroup(ctx context.Context, t *T, c rgConfig) {
	input := &elasticache.CreateReplicationGroupInput{
		ReplicationGroupId:          aws.String(c.ID),
		Tags:                        tagsIn(c.Tags),
		ReplicationGroupDescription: aws.String(c.Description),
		AutomaticFailoverEnabled:    aws.Bool(c.AutomaticFailover),
		CacheNodeType:               aws.String(c.NodeType),
		TransitEncryptionEnabled:    aws.Bool(c.TransitEncryption),
		Engine:                      aws.String(c.Engine),
		MultiAZEnabled:              aws.Bool(c.MultiAZ),
	}
	if c.Engine == "" {
		input.Engine = aws.String("redis") // the provider implies redis
	}
	if c.AtRestEncryption != nil {
		input.AtRestEncryptionEnabled = c.AtRestEncryption
	}
	if c.EngineVersion != "" {
		input.EngineVersion = aws.String(c.EngineVersion)
	}
	if c.MaintenanceWindow != "" {
		input.PreferredMaintenanceWindow = aws.String(c.MaintenanceWindow)
	}
	if c.NumCacheClusters > 0 {
		input.NumCacheClusters = aws.Int32(c.NumCacheClusters)
	}
	if c.NumNodeGroups > 0 {
		input.NumNodeGroups = aws.Int32(c.NumNodeGroups)
	}
	if c.ReplicasPerNodeGroup > 0 || c.NumNodeGroups > 0 {
		input.ReplicasPerNodeGroup = aws.Int32(c.ReplicasPerNodeGroup)
	}
	if c.ParameterGroupName != "" {
		input.CacheParameterGroupName = aws.String(c.ParameterGroupName)
	}
	if c.Port != 0 {
		input.Port = aws.Int32(c.Port)
	}
	if c.SubnetGroupName != "" {
		input.CacheSubnetGroupName = aws.String(c.SubnetGroupName)
	}
	if c.SnapshotRetentionLimit != 0 {
		input.SnapshotRetentionLimit = aws.Int32(c.SnapshotRetentionLimit)
	}
	if c.SnapshotWindow != "" {
		input.SnapshotWindow = aws.String(c.SnapshotWindow)
	}
	if len(c.UserGroupIDs) > 0 {
		input.UserGroupIds = c.UserGroupIDs
	}
	extra := map[string]string{} // members newer than Debian's model
	if c.ClusterMode != "" {
		extra["ClusterMode"] = c.ClusterMode
	}
	if c.TransitEncryptionMode != "" {
		extra["TransitEncryptionMode"] = c.TransitEncryptionMode
	}
	out, err := t.conn.CreateReplicationGroup(ctx, input, withParams(extra))
	t.check(err, "creating ElastiCache Replication Group ("+c.ID+")")
	if out.ReplicationGroup == nil || aws.ToString(out.ReplicationGroup.ReplicationGroupId) != c.ID {
		t.Fatalf("CreateReplicationGroup answered no group %q", c.ID)
	}
	_, err = waitReplicationGroupAvailable(ctx, t, c.ID, 30*time.Second)
	t.check(err, "waiting for ElastiCache Replication Group ("+c.ID+") create")
}

// updateReplicationGroup is resourceReplicationGroupUpdate for the arguments these scenarios change:
// description, user_group_ids (added and removed as set differences), maintenance and snapshot
// settings; wait available (no delay), modify, wait available; then tags.
func updateReplicationGroup(ctx context.Context, t *T, old, new rgConfig, applyImmediately bool) {
	input := &elasticache.ModifyReplicationGroupInput{
		ApplyImmediately:   applyImmediately,
		ReplicationGroupId: aws.String(old.ID),
	}
	requestUpdate := false
	if old.Description != new.Description {
		input.ReplicationGroupDescription, requestUpdate = aws.String(new.Description), true
	}
	if old.AutomaticFailover != new.AutomaticFailover {
		input.AutomaticFailoverEnabled, requestUpdate = aws.Bool(new.AutomaticFailover), true
	}
	if old.MultiAZ != new.MultiAZ {
		input.MultiAZEnabled, requestUpdate = aws.Bool(new.MultiAZ), true
	}
	if old.MaintenanceWindow != new.MaintenanceWindow {
		input.PreferredMaintenanceWindow, requestUpdate = aws.String(new.MaintenanceWindow), true
	}
	if old.SnapshotRetentionLimit != new.SnapshotRetentionLimit {
		if old.SnapshotRetentionLimit == 0 { // the provider's "real hack": snapshot from member 001
			input.SnapshottingClusterId = aws.String(fmt.Sprintf("%s-001", old.ID))
		}
		input.SnapshotRetentionLimit, requestUpdate = aws.Int32(new.SnapshotRetentionLimit), true
	}
	if old.SnapshotWindow != new.SnapshotWindow {
		input.SnapshotWindow, requestUpdate = aws.String(new.SnapshotWindow), true
	}
	if old.ParameterGroupName != new.ParameterGroupName {
		input.CacheParameterGroupName, requestUpdate = aws.String(new.ParameterGroupName), true
	}
	del, add := userIDDelta(old.UserGroupIDs, new.UserGroupIDs)
	if len(add) > 0 {
		input.UserGroupIdsToAdd, requestUpdate = add, true
	}
	if len(del) > 0 {
		input.UserGroupIdsToRemove, requestUpdate = del, true
	}
	if requestUpdate {
		_, err := waitReplicationGroupAvailable(ctx, t, old.ID, 0)
		t.check(err, "waiting for ElastiCache Replication Group ("+old.ID+") to become available")
		_, err = t.conn.ModifyReplicationGroup(ctx, input)
		if !isAMessageContains[*types.InvalidParameterCombinationException](err, "No modifications were requested") {
			t.check(err, "modifying ElastiCache Replication Group ("+old.ID+")")
		}
		_, err = waitReplicationGroupAvailable(ctx, t, old.ID, 0)
		t.check(err, "waiting for ElastiCache Replication Group ("+old.ID+") update")
	}
	g, err := findReplicationGroupByID(ctx, t.conn, old.ID)
	t.check(err, "finding ElastiCache Replication Group ("+old.ID+")")
	updateTags(ctx, t, aws.ToString(g.ARN), old.Tags, new.Tags)
}

// deleteReplicationGroup is resourceReplicationGroupDelete and the refresh after it.
func deleteReplicationGroup(ctx context.Context, t *T, id string) {
	_, err := retryWhen(ctx, t.scale, 10*time.Minute, func() error {
		_, err := t.conn.DeleteReplicationGroup(ctx, &elasticache.DeleteReplicationGroupInput{ReplicationGroupId: aws.String(id)})
		return err
	}, isA[*types.InvalidReplicationGroupStateFault])
	switch {
	case isA[*types.ReplicationGroupNotFoundFault](err):
	case err != nil:
		t.Fatalf("deleting ElastiCache Replication Group (%s): %v", id, err)
	default:
		t.check(waitReplicationGroupDeleted(ctx, t, id), "waiting for ElastiCache Replication Group ("+id+") delete")
	}
	if _, found := readReplicationGroup(ctx, t, id, false); found {
		t.Errorf("aws_elasticache_replication_group.%s: still found after destroy", id)
	}
}

// replicationGroupScenario: the RBAC cache a Terraform user writes: two users, two user groups, a
// non-cluster group of two nodes with TLS and a user group; then swap the user group and change the
// description in place, detach, destroy in dependency order.
func replicationGroupScenario(ctx context.Context, t *T) {
	rgLife(ctx, t, "tf-rg", false)
}

// replicationGroupEchoScenario is the same life with the settings a typical configuration also sets
// (failover, Multi-AZ, maintenance and snapshot windows, retention, at-rest encryption, a port),
// each of which must read back as set.
func replicationGroupEchoScenario(ctx context.Context, t *T) {
	rgLife(ctx, t, "tf-rg-echo", true)
}

func rgLife(ctx context.Context, t *T, id string, full bool) {
	users := []string{id + "-app", id + "-ops"}
	t.each(users, func(u string) { createUser(ctx, t, passwordUser(u)) })
	g1 := userGroupConfig{UserGroupID: id + "-ug1", Engine: "redis", UserIDs: []string{"default", users[0]}}
	g2 := userGroupConfig{UserGroupID: id + "-ug2", Engine: "redis", UserIDs: []string{"default", users[1]}}
	t.parallel(func() { createUserGroup(ctx, t, g1) }, func() { createUserGroup(ctx, t, g2) })

	c := rgConfig{ID: id, Description: "managed by terraform", Engine: "redis", NodeType: "cache.t4g.micro",
		NumCacheClusters: 2, TransitEncryption: true, UserGroupIDs: []string{g1.UserGroupID},
		Tags: map[string]string{"Name": id}}
	if full {
		c.AutomaticFailover, c.MultiAZ = true, true
		c.AtRestEncryption = aws.Bool(true)
		c.Port = 6380 // not the default: each endpoint must answer the Port asked (issue #14)
		c.MaintenanceWindow = "sun:05:00-sun:09:00"
		c.SnapshotWindow = "01:00-02:00"
		c.SnapshotRetentionLimit = 1
		c.TransitEncryptionMode = "required"
	}
	createReplicationGroup(ctx, t, c)
	checkReplicationGroup(ctx, t, c)

	// In place: new description, the other user group (one ModifyReplicationGroup with
	// UserGroupIdsToAdd and UserGroupIdsToRemove), a tag more.
	c2 := c
	c2.Description = "managed by terraform, updated"
	c2.UserGroupIDs = []string{g2.UserGroupID}
	c2.Tags = map[string]string{"Name": id, "env": "test"}
	if full {
		c2.MaintenanceWindow = "mon:03:00-mon:04:00" // must not overlap the snapshot window
		c2.SnapshotRetentionLimit = 3
	}
	updateReplicationGroup(ctx, t, c, c2, true)
	checkReplicationGroup(ctx, t, c2)

	// Membership of the attached group changes while the cache stays available (the group is the
	// one that goes modifying): the aws_elasticache_user_group update against an attached group.
	g2b := g2
	g2b.UserIDs = []string{"default", users[0], users[1]}
	updateUserGroup(ctx, t, g2, g2b)
	checkUserGroup(ctx, t, g2b)

	// The attached group cannot go first on destroy: AWS refuses to delete a user group in use.
	if _, err := t.conn.DeleteUserGroup(ctx, &elasticache.DeleteUserGroupInput{UserGroupId: aws.String(g2.UserGroupID)}); !isA[*types.InvalidUserGroupStateFault](err) {
		t.Errorf("DeleteUserGroup of a group attached to %s: want InvalidUserGroupState, got %v", id, err)
	}

	// Detach (user_group_ids removed from the configuration).
	c3 := c2
	c3.UserGroupIDs = nil
	updateReplicationGroup(ctx, t, c2, c3, true)
	checkReplicationGroup(ctx, t, c3)

	// destroy, in Terraform's reverse dependency order, started while the cache is still applying a
	// change (an apply interrupted, then `terraform destroy`): the provider's delete retries while
	// AWS answers InvalidReplicationGroupState, then waits for gone.
	_, err := t.conn.ModifyReplicationGroup(ctx, &elasticache.ModifyReplicationGroupInput{ApplyImmediately: true,
		ReplicationGroupId: aws.String(id), UserGroupIdsToAdd: []string{g1.UserGroupID}})
	t.check(err, "attaching "+g1.UserGroupID+" again")
	deleteReplicationGroup(ctx, t, id)
	t.each([]string{g1.UserGroupID, g2.UserGroupID}, func(id string) { deleteUserGroup(ctx, t, id) })
	t.each(users, func(u string) { deleteUser(ctx, t, u) })
}
