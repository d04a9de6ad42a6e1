package dev.cachewarden.service.cache;

import dev.cachewarden.domain.Arn;
import dev.cachewarden.domain.CacheSubnetGroup;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.Paging;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.Tags;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CreateCacheSubnetGroup, DescribeCacheSubnetGroups, ModifyCacheSubnetGroup and DeleteCacheSubnetGroup. */
public final class CacheSubnetGroupService {
    public record CreateCacheSubnetGroup(String name, String description, Optional<List<String>> subnetIds,
                                         List<Tag> tags) {}

    public record ModifyCacheSubnetGroup(String name, Optional<String> description, Optional<List<String>> subnetIds) {}

    public record DescribeCacheSubnetGroups(Optional<String> name, Integer maxRecords, String marker) {}

    private final Store store;
    private final ServiceSettings settings;

    public CacheSubnetGroupService(Store store, ServiceSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    public CacheSubnetGroup create(CreateCacheSubnetGroup request) {
        String name = SubnetRules.name(request.name());
        String description = SubnetRules.description(request.description());
        List<String> subnets = SubnetRules.subnetIds(request.subnetIds());
        Tags.check(request.tags(), settings.quotas().tagsPerResource());
        CacheSubnetGroup group = new CacheSubnetGroup(name, description, subnets, settings.clock().millis());
        return store.inTransaction(tx -> {
            if (group.isDefault() || !tx.cacheSubnetGroups().insert(group)) {
                throw new ElastiCacheFault(Fault.CACHE_SUBNET_GROUP_ALREADY_EXISTS,
                        "Cache subnet group " + name + " already exists.");
            }
            if (tx.cacheSubnetGroups().count() > SubnetRules.SUBNET_GROUPS - 1) { // 'default' counts too
                throw new ElastiCacheFault(Fault.CACHE_SUBNET_GROUP_QUOTA_EXCEEDED, "The request cannot be processed "
                        + "because it would exceed the allowed number of cache subnet groups (" + SubnetRules.SUBNET_GROUPS
                        + ").");
            }
            tx.tags().put(arn(name), request.tags());
            return group;
        });
    }

    public CacheSubnetGroup modify(ModifyCacheSubnetGroup request) {
        String name = SubnetRules.name(request.name());
        Optional<String> description = request.description().map(SubnetRules::description);
        Optional<List<String>> subnets = request.subnetIds().map(ids -> SubnetRules.subnetIds(Optional.of(ids)));
        return store.inTransaction(tx -> {
            if (CacheSubnetGroup.DEFAULT.equals(name)) {
                throw ElastiCacheFault.invalidValue("The default cache subnet group cannot be modified.");
            }
            CacheSubnetGroup current = tx.cacheSubnetGroups().find(name, true).orElseThrow(() -> notFound(name));
            List<String> newSubnets = subnets.orElse(current.subnetIds());
            // Nodes of a replication group are placed in its subnet group's first subnet (docs/caches.md).
            String placed = current.subnetIds().get(0);
            if (!newSubnets.contains(placed) && !tx.replicationGroupCacheGroups().usingSubnetGroup(name).isEmpty()) {
                throw new ElastiCacheFault(Fault.SUBNET_IN_USE, "The subnet " + placed + " is in use.");
            }
            CacheSubnetGroup changed = new CacheSubnetGroup(name, description.orElse(current.description()),
                    newSubnets, current.createdAtMillis());
            tx.cacheSubnetGroups().update(changed);
            return changed;
        });
    }

    public void delete(String requestedName) {
        String name = SubnetRules.name(requestedName);
        store.inTransaction(tx -> {
            if (CacheSubnetGroup.DEFAULT.equals(name)) {
                throw ElastiCacheFault.invalidValue("The default cache subnet group cannot be deleted.");
            }
            tx.cacheSubnetGroups().find(name, true).orElseThrow(() -> notFound(name));
            if (!tx.replicationGroupCacheGroups().usingSubnetGroup(name).isEmpty()) {
                throw new ElastiCacheFault(Fault.CACHE_SUBNET_GROUP_IN_USE,
                        "Cache subnet group " + name + " is currently in use by a cache cluster.");
            }
            tx.cacheSubnetGroups().delete(name);
            tx.tags().removeAll(arn(name));
            return null;
        });
    }

    public Page<CacheSubnetGroup> describe(DescribeCacheSubnetGroups request) {
        int max = Paging.maxRecords(request.maxRecords(), Paging.CACHES);
        String after = Paging.afterId(request.marker());
        return store.readSnapshot(tx -> {
            if (request.name().isPresent()) {
                return new Page<>(List.of(find(tx, request.name().get().toLowerCase(java.util.Locale.ROOT))), null);
            }
            List<CacheSubnetGroup> all = new ArrayList<>();
            if (after == null || CacheSubnetGroup.DEFAULT.compareTo(after) > 0) {
                all.add(defaultGroup());
            }
            all.addAll(tx.cacheSubnetGroups().list(after, max + 1));
            all.sort(java.util.Comparator.comparing(CacheSubnetGroup::name));
            if (all.size() <= max) {
                return new Page<>(all, null);
            }
            List<CacheSubnetGroup> page = all.subList(0, max);
            return new Page<>(List.copyOf(page), Paging.markerAfter(page.get(max - 1).name()));
        });
    }

    /** The group named, the default included, or CacheSubnetGroupNotFoundFault. */
    CacheSubnetGroup find(Transaction tx, String name) {
        if (CacheSubnetGroup.DEFAULT.equals(name)) {
            return defaultGroup();
        }
        return tx.cacheSubnetGroups().find(name, false).orElseThrow(() -> notFound(name));
    }

    /** True when the group exists (for TagService); locks it with {@code lock}. */
    public static boolean exists(Transaction tx, String name, boolean lock) {
        return CacheSubnetGroup.DEFAULT.equals(name) || tx.cacheSubnetGroups().find(name, lock).isPresent();
    }

    private CacheSubnetGroup defaultGroup() {
        return new CacheSubnetGroup(CacheSubnetGroup.DEFAULT, "default",
                SubnetRules.defaultSubnets(settings.region(), settings.accountId()), 0);
    }

    public String arn(String name) {
        return Arn.of(settings.region(), settings.accountId(), "subnetgroup", name).toString();
    }

    public static ElastiCacheFault notFound(String name) {
        return new ElastiCacheFault(Fault.CACHE_SUBNET_GROUP_NOT_FOUND, "Cache subnet group " + name + " not found.");
    }
}
