package main

import (
	"context"
	"sort"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
)

// aws_elasticache_replication_group with cluster mode enabled. Off by default until the server has
// cluster-mode replication groups (issue #11 items 1, 2). Shard and replica changes go the
// provider's way: ModifyReplicationGroupShardConfiguration (removing the highest node group ids when
// scaling in), IncreaseReplicaCount/DecreaseReplicaCount, each followed by a 30s-delay wait.

func modifyShardCount(ctx context.Context, t *T, id string, old, new int32) {
	input := &elasticache.ModifyReplicationGroupShardConfigurationInput{
		ApplyImmediately: true, NodeGroupCount: new, ReplicationGroupId: aws.String(id)}
	if old > new {
		rg, err := findReplicationGroupByID(ctx, t.conn, id)
		t.check(err, "modifying ElastiCache Replication Group ("+id+") shard configuration")
		var ids []string
		for _, ng := range rg.NodeGroups {
			if ng.NodeGroupId != nil {
				ids = append(ids, *ng.NodeGroupId)
			}
		}
		sort.Strings(ids)
		for i := int32(len(ids)); i > new; i-- {
			input.NodeGroupsToRemove = append(input.NodeGroupsToRemove, ids[i-1])
		}
	}
	_, err := t.conn.ModifyReplicationGroupShardConfiguration(ctx, input)
	t.check(err, "modifying ElastiCache Replication Group ("+id+") shard configuration")
	_, err = waitReplicationGroupAvailable(ctx, t, id, 30*time.Second)
	t.check(err, "waiting for ElastiCache Replication Group ("+id+") update")
}

func modifyReplicasPerNodeGroup(ctx context.Context, t *T, id string, old, new int32) {
	var err error
	if new > old {
		_, err = t.conn.IncreaseReplicaCount(ctx, &elasticache.IncreaseReplicaCountInput{
			ApplyImmediately: true, NewReplicaCount: aws.Int32(new), ReplicationGroupId: aws.String(id)})
	} else {
		_, err = t.conn.DecreaseReplicaCount(ctx, &elasticache.DecreaseReplicaCountInput{
			ApplyImmediately: true, NewReplicaCount: aws.Int32(new), ReplicationGroupId: aws.String(id)})
	}
	t.check(err, "changing ElastiCache Replication Group ("+id+") replica count")
	_, err = waitReplicationGroupAvailable(ctx, t, id, 30*time.Second)
	t.check(err, "waiting for ElastiCache Replication Group ("+id+") update")
}

func clusterModeScenario(ctx context.Context, t *T) {
	createUser(ctx, t, passwordUser("tf-cm-app"))
	g := userGroupConfig{UserGroupID: "tf-cm-ug", Engine: "redis", UserIDs: []string{"default", "tf-cm-app"}}
	createUserGroup(ctx, t, g)

	c := rgConfig{ID: "tf-rg-cluster", Description: "cluster mode", Engine: "redis", NodeType: "cache.t4g.micro",
		ClusterMode: "enabled", NumNodeGroups: 2, ReplicasPerNodeGroup: 1, AutomaticFailover: true,
		ParameterGroupName: "default.redis7.cluster.on", TransitEncryption: true, UserGroupIDs: []string{g.UserGroupID},
		Tags: map[string]string{"Name": "tf-rg-cluster"}}
	createReplicationGroup(ctx, t, c)
	checkReplicationGroup(ctx, t, c)

	// Scale out to three shards, then two replicas per shard, then back in.
	c2 := c
	c2.NumNodeGroups = 3
	modifyShardCount(ctx, t, c.ID, c.NumNodeGroups, c2.NumNodeGroups)
	checkReplicationGroup(ctx, t, c2)
	c3 := c2
	c3.ReplicasPerNodeGroup = 2
	modifyReplicasPerNodeGroup(ctx, t, c.ID, c2.ReplicasPerNodeGroup, c3.ReplicasPerNodeGroup)
	checkReplicationGroup(ctx, t, c3)
	c4 := c3
	c4.NumNodeGroups, c4.ReplicasPerNodeGroup = 2, 1
	modifyShardCount(ctx, t, c.ID, c3.NumNodeGroups, c4.NumNodeGroups)
	modifyReplicasPerNodeGroup(ctx, t, c.ID, c3.ReplicasPerNodeGroup, c4.ReplicasPerNodeGroup)
	checkReplicationGroup(ctx, t, c4)

	// Description in place, as for a non-cluster group.
	c5 := c4
	c5.Description = "cluster mode, updated"
	updateReplicationGroup(ctx, t, c4, c5, true)
	checkReplicationGroup(ctx, t, c5)

	deleteReplicationGroup(ctx, t, c.ID)
	deleteUserGroup(ctx, t, g.UserGroupID)
	deleteUser(ctx, t, "tf-cm-app")
}
