package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheParameterGroup;
import dev.cachewarden.domain.CacheSubnetGroup;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.store.ReplicationGroupCacheGroupRepository.Names;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.Transaction;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CacheSubnetGroupName and CacheParameterGroupName a replication group names: checked against
 * the groups that exist (AWS's not-found faults, a family that does not fit the engine refused),
 * recorded in the replication group's transaction, answered by DescribeCacheClusters.
 */
public final class CacheGroupReferences {
    /** What DescribeCacheClusters answers for a node's group: the names, the defaults when none was given. */
    public record Answered(String cacheSubnetGroupName, String cacheParameterGroupName) {}

    private final Store store;
    private final CacheParameterGroupService parameterGroups;

    public CacheGroupReferences(Store store, CacheParameterGroupService parameterGroups) {
        this.store = store;
        this.parameterGroups = parameterGroups;
    }

    /** The hook CreateReplicationGroup runs in its transaction. */
    public ReplicationGroupHook forCreate(Optional<String> subnetGroup, Optional<String> parameterGroup) {
        Optional<String> subnet = subnetGroup.map(n -> n.toLowerCase(Locale.ROOT));
        Optional<String> parameters = parameterGroup.map(n -> n.toLowerCase(Locale.ROOT));
        return (tx, group) -> {
            subnet.ifPresent(n -> {
                if (!CacheSubnetGroupService.exists(tx, n, false)) {
                    throw CacheSubnetGroupService.notFound(n);
                }
            });
            parameters.ifPresent(n -> fitting(tx, n, group));
            tx.replicationGroupCacheGroups().put(group.replicationGroupId(),
                    new Names(subnet.orElse(null), parameters.orElse(null)));
            return true;
        };
    }

    /** The hook ModifyReplicationGroup runs in its transaction; changes only a CacheParameterGroupName given. */
    public ReplicationGroupHook forModify(Optional<String> parameterGroup) {
        Optional<String> parameters = parameterGroup.map(n -> n.toLowerCase(Locale.ROOT));
        return (tx, group) -> {
            if (parameters.isEmpty()) {
                return false;
            }
            fitting(tx, parameters.get(), group);
            String id = group.replicationGroupId();
            Names current = tx.replicationGroupCacheGroups().find(id).orElse(new Names(null, null));
            if (parameters.get().equals(current.cacheParameterGroupName())) {
                return false;
            }
            tx.replicationGroupCacheGroups().put(id, new Names(current.cacheSubnetGroupName(), parameters.get()));
            return true;
        };
    }

    /** A parameter group of the family the group's engine and version use, or AWS's refusal. */
    private void fitting(Transaction tx, String name, ReplicationGroup group) {
        CacheParameterGroup p = parameterGroups.find(tx, name);
        String family = ParameterCatalogue.familyOf(group.engine(), group.engineVersion());
        if (!p.family().equals(family)) {
            throw ElastiCacheFault.invalidCombination("The parameter group " + name + " of family " + p.family()
                    + " cannot be used with engine " + group.engine().wire() + " " + group.engineVersion()
                    + ", whose family is " + family + ".");
        }
    }

    /** The group names DescribeCacheClusters answers for these replication groups. */
    public Map<String, Answered> answered(Collection<ReplicationGroup> groups) {
        return store.readSnapshot(tx -> {
            Map<String, Answered> out = new HashMap<>();
            for (ReplicationGroup g : groups) {
                out.computeIfAbsent(g.replicationGroupId(), id -> answered(tx, g));
            }
            return out;
        });
    }

    private static Answered answered(Transaction tx, ReplicationGroup g) {
        Names names = tx.replicationGroupCacheGroups().find(g.replicationGroupId()).orElse(new Names(null, null));
        return new Answered(
                names.cacheSubnetGroupName() != null ? names.cacheSubnetGroupName() : CacheSubnetGroup.DEFAULT,
                names.cacheParameterGroupName() != null ? names.cacheParameterGroupName()
                        : ParameterGroupRules.defaultGroupName(ParameterCatalogue.familyOf(g.engine(), g.engineVersion()),
                        g.runsAsCluster()));
    }

    /** The parameter group a replication group uses: the one it names, else its family's default. */
    public static String parameterGroupOf(Transaction tx, ReplicationGroup g) {
        return answered(tx, g).cacheParameterGroupName();
    }
}
