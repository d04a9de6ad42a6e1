package main

import (
	"context"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// The replication group's Read and the attributes a configuration pins down.

// readReplicationGroup is resourceReplicationGroupRead: the state it writes. Members Debian's model
// lacks (ClusterMode, IpDiscovery, NetworkType, TransitEncryptionMode) come from the raw answers.
func readReplicationGroup(ctx context.Context, t *T, id string, isNew bool) (attrs, bool) {
	var raw rawXML
	out, err := t.conn.DescribeReplicationGroups(ctx, &elasticache.DescribeReplicationGroupsInput{ReplicationGroupId: aws.String(id)}, rawInto(&raw))
	if !isNew && isA[*types.ReplicationGroupNotFoundFault](err) {
		return nil, false
	}
	t.check(err, "reading ElastiCache Replication Group ("+id+")")
	if len(out.ReplicationGroups) != 1 {
		t.Fatalf("reading ElastiCache Replication Group (%s): %d results", id, len(out.ReplicationGroups))
	}
	rgp := out.ReplicationGroups[0]
	if aws.ToString(rgp.Status) == "deleting" {
		return nil, false // the provider removes a deleting group from state
	}
	doc, err := parseXML(raw.body)
	t.check(err, "parsing DescribeReplicationGroups XML")
	rgXML := doc.descend("ReplicationGroup")
	if rgXML == nil {
		t.Fatalf("no ReplicationGroup element in the answer")
	}
	s := attrs{}
	switch rgp.AutomaticFailover {
	case types.AutomaticFailoverStatusDisabled, types.AutomaticFailoverStatusDisabling:
		s["automatic_failover_enabled"] = false
	case types.AutomaticFailoverStatusEnabled, types.AutomaticFailoverStatusEnabling:
		s["automatic_failover_enabled"] = true
	}
	switch rgp.MultiAZ {
	case types.MultiAZStatusEnabled:
		s["multi_az_enabled"] = true
	case types.MultiAZStatusDisabled:
		s["multi_az_enabled"] = false
	}
	s["kms_key_id"] = aws.ToString(rgp.KmsKeyId)
	s["description"] = aws.ToString(rgp.Description)
	s["num_cache_clusters"] = int32(len(rgp.MemberClusters))
	s["member_clusters"] = set(rgp.MemberClusters)
	s["num_node_groups"] = int32(len(rgp.NodeGroups))
	if len(rgp.NodeGroups) > 0 {
		s["replicas_per_node_group"] = int32(len(rgp.NodeGroups[0].NodeGroupMembers) - 1)
	}
	s["cluster_enabled"] = aws.ToBool(rgp.ClusterEnabled)
	s["cluster_mode"], _ = rgXML.first("ClusterMode")
	s["replication_group_id"] = aws.ToString(rgp.ReplicationGroupId)
	s["arn"] = aws.ToString(rgp.ARN)
	s["data_tiering_enabled"] = rgp.DataTiering == types.DataTieringStatusEnabled
	s["ip_discovery"], _ = rgXML.first("IpDiscovery")
	s["network_type"], _ = rgXML.first("NetworkType")
	s["log_delivery_configuration"] = int32(len(rgp.LogDeliveryConfigurations))
	s["snapshot_window"] = aws.ToString(rgp.SnapshotWindow)
	s["snapshot_retention_limit"] = aws.ToInt32(rgp.SnapshotRetentionLimit)
	if ep := rgp.ConfigurationEndpoint; ep != nil {
		s["port"] = ep.Port
		s["configuration_endpoint_address"] = aws.ToString(ep.Address)
	} else if len(rgp.NodeGroups) > 0 {
		if ep := rgp.NodeGroups[0].PrimaryEndpoint; ep != nil {
			s["port"] = ep.Port
			s["primary_endpoint_address"] = aws.ToString(ep.Address)
		}
		if ep := rgp.NodeGroups[0].ReaderEndpoint; ep != nil {
			s["reader_endpoint_address"] = aws.ToString(ep.Address)
		}
	}
	s["user_group_ids"] = set(rgp.UserGroupIds)

	// The settings only the member clusters carry: the first member of the first node group.
	if len(rgp.NodeGroups) > 0 && len(rgp.NodeGroups[0].NodeGroupMembers) > 0 {
		memberID := aws.ToString(rgp.NodeGroups[0].NodeGroupMembers[0].CacheClusterId)
		var craw rawXML
		cc, err := t.conn.DescribeCacheClusters(ctx, &elasticache.DescribeCacheClustersInput{
			CacheClusterId: aws.String(memberID), ShowCacheNodeInfo: aws.Bool(true)}, rawInto(&craw))
		t.check(err, "reading Cache Cluster ("+memberID+")")
		if len(cc.CacheClusters) > 0 {
			c := cc.CacheClusters[0]
			cdoc, err := parseXML(craw.body)
			t.check(err, "parsing DescribeCacheClusters XML")
			ccXML := cdoc.descend("CacheCluster")
			s["node_type"] = aws.ToString(c.CacheNodeType)
			s["engine"] = aws.ToString(c.Engine)
			s["engine_version_actual"] = aws.ToString(c.EngineVersion)
			s["engine_version"] = majorMinor(aws.ToString(c.EngineVersion))
			s["auto_minor_version_upgrade"] = strconv.FormatBool(c.AutoMinorVersionUpgrade)
			s["subnet_group_name"] = aws.ToString(c.CacheSubnetGroupName)
			var sgIDs []string
			for _, sg := range c.SecurityGroups {
				sgIDs = append(sgIDs, aws.ToString(sg.SecurityGroupId))
			}
			s["security_group_ids"] = set(sgIDs)
			if c.CacheParameterGroup != nil {
				s["parameter_group_name"] = aws.ToString(c.CacheParameterGroup.CacheParameterGroupName)
			}
			s["maintenance_window"] = aws.ToString(c.PreferredMaintenanceWindow)
			s["at_rest_encryption_enabled"] = strconv.FormatBool(aws.ToBool(c.AtRestEncryptionEnabled))
			var sgNames []string
			for _, sg := range c.CacheSecurityGroups {
				sgNames = append(sgNames, aws.ToString(sg.CacheSecurityGroupName))
			}
			s["security_group_names"] = set(sgNames)
			s["transit_encryption_enabled"] = aws.ToBool(c.TransitEncryptionEnabled)
			if ccXML != nil {
				s["transit_encryption_mode"], _ = ccXML.first("TransitEncryptionMode")
			}
		}
	}
	tags, err := listTags(ctx, t.conn, aws.ToString(rgp.ARN))
	t.check(err, "listing tags for ElastiCache Replication Group ("+id+")")
	s["tags"] = tags
	return s, true
}

// majorMinor is how the provider writes engine_version for Redis >= 6 ("7.1.0" -> "7.1").
func majorMinor(v string) string {
	parts := strings.SplitN(v, ".", 3)
	if len(parts) < 2 {
		return v
	}
	return parts[0] + "." + parts[1]
}

// configuredRG is what the configuration fixes for each attribute the read writes. Optional and
// Computed attributes that are not configured cannot diff and are left out; Optional-only ones
// (snapshot_retention_limit, port, user_group_ids, log_delivery_configuration, kms_key_id) diff
// against their zero value when unset.
func configuredRG(c rgConfig) attrs {
	a := attrs{
		"description":                c.Description,
		"replication_group_id":       c.ID,
		"automatic_failover_enabled": c.AutomaticFailover,
		"multi_az_enabled":           c.MultiAZ,
		"node_type":                  c.NodeType,
		"transit_encryption_enabled": c.TransitEncryption,
		"snapshot_retention_limit":   c.SnapshotRetentionLimit,
		"user_group_ids":             set(c.UserGroupIDs),
		"log_delivery_configuration": int32(0),
		"kms_key_id":                 "",
		"tags":                       nonNilTags(c.Tags),
	}
	if c.Engine != "" {
		a["engine"] = c.Engine
	}
	if c.EngineVersion != "" {
		a["engine_version"] = c.EngineVersion
	}
	if c.NumCacheClusters > 0 {
		a["num_cache_clusters"] = c.NumCacheClusters
	}
	if c.NumNodeGroups > 0 {
		a["num_node_groups"] = c.NumNodeGroups
		a["replicas_per_node_group"] = c.ReplicasPerNodeGroup
	}
	if c.ClusterMode != "" {
		a["cluster_mode"] = c.ClusterMode
	}
	if c.TransitEncryptionMode != "" {
		a["transit_encryption_mode"] = c.TransitEncryptionMode
	}
	if c.AtRestEncryption != nil {
		a["at_rest_encryption_enabled"] = strconv.FormatBool(*c.AtRestEncryption)
	}
	if c.ParameterGroupName != "" {
		a["parameter_group_name"] = c.ParameterGroupName
	}
	if c.SubnetGroupName != "" {
		a["subnet_group_name"] = c.SubnetGroupName
	}
	if c.MaintenanceWindow != "" {
		a["maintenance_window"] = strings.ToLower(c.MaintenanceWindow) // its StateFunc lowercases
	}
	if c.SnapshotWindow != "" {
		a["snapshot_window"] = c.SnapshotWindow
	}
	// port: Optional, ForceNew; unset it only stays quiet when the group answers 6379.
	if c.Port != 0 {
		a["port"] = c.Port
	} else {
		a["port"] = int32(6379)
	}
	return a
}

func checkReplicationGroup(ctx context.Context, t *T, c rgConfig) attrs {
	state, _ := readReplicationGroup(ctx, t, c.ID, true)
	name := "aws_elasticache_replication_group." + c.ID
	t.noDiff(name, configuredRG(c), state)
	checks := map[string]func(any) bool{
		"arn": func(v any) bool { return strings.HasSuffix(v.(string), ":replicationgroup:"+c.ID) },
	}
	if c.NumNodeGroups == 0 && c.ClusterMode != "enabled" {
		checks["cluster_enabled"] = func(v any) bool { return v == false }
		checks["primary_endpoint_address"] = nonEmpty
		checks["member_clusters"] = func(v any) bool { return int32(len(v.([]string))) == c.NumCacheClusters }
	} else {
		checks["cluster_enabled"] = func(v any) bool { return v == true }
		checks["configuration_endpoint_address"] = nonEmpty
	}
	if c.NumCacheClusters > 1 {
		checks["reader_endpoint_address"] = nonEmpty
	}
	t.computed(name, state, checks)
	return state
}
