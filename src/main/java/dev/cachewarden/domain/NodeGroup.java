package dev.cachewarden.domain;

import java.util.List;

/**
 * One shard of a replication group as DescribeReplicationGroups shows it: its id ({@code 0001}), the
 * hash slots it serves ({@code 0-5461}, empty without cluster mode) and its nodes, the primary first.
 */
public record NodeGroup(String nodeGroupId, String slots, List<CacheNode> members) {
    public NodeGroup {
        members = List.copyOf(members);
    }

    public CacheNode primary() {
        return members.stream().filter(CacheNode::primary).findFirst().orElse(members.get(0));
    }

    public List<CacheNode> replicas() {
        return members.stream().filter(n -> !n.primary()).toList();
    }
}
