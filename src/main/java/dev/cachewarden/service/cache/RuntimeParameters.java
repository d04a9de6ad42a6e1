package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheParameterGroup;
import dev.cachewarden.domain.ParameterValue;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.store.Transaction;
import java.util.LinkedHashMap;
import java.util.Map;

/** The parameter values a replication group's nodes must run with, of those a node can take at runtime. */
public final class RuntimeParameters {
    private final CacheParameterGroupService parameterGroups;

    public RuntimeParameters(CacheParameterGroupService parameterGroups) {
        this.parameterGroups = parameterGroups;
    }

    /**
     * Every runtime parameter of the group the replication group names, with its value there (a reset
     * parameter goes back to its default on the nodes too). Empty when it names none: its nodes keep
     * the engine's own settings.
     */
    public Map<String, String> of(Transaction tx, ReplicationGroup group) {
        String name = tx.replicationGroupCacheGroups().find(group.replicationGroupId())
                .map(n -> n.cacheParameterGroupName()).orElse(null);
        Map<String, String> out = new LinkedHashMap<>();
        if (name == null) {
            return out;
        }
        CacheParameterGroup g = parameterGroups.find(tx, name);
        for (ParameterValue v : parameterGroups.values(tx, g)) {
            if (v.parameter().runtime()) {
                out.put(v.parameter().name(), v.value());
            }
        }
        return out;
    }
}
