package dev.cachewarden.service.cache;

import dev.cachewarden.domain.AutomaticFailoverStatus;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheSettings;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.EngineVersion;
import dev.cachewarden.domain.MinimumVersions;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.domain.TransitEncryptionMode;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.Paging;
import dev.cachewarden.service.Requests;
import dev.cachewarden.service.ServiceEvents;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.Tags;
import dev.cachewarden.service.settings.SettingsRequest;
import dev.cachewarden.service.settings.SettingsRules;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CreateReplicationGroup, ModifyReplicationGroup, DeleteReplicationGroup, DescribeReplicationGroups
 * and DescribeCacheClusters: one shard (a primary and replicas), user groups attached and detached
 * (which ones may be is {@link UserGroupAttachments}' to say).
 */
public final class CacheService {
    public record CreateReplicationGroup(String replicationGroupId, String description, Optional<String> engine,
                                         Optional<String> engineVersion, Optional<Integer> numCacheClusters,
                                         Optional<Integer> numNodeGroups, Optional<Integer> replicasPerNodeGroup,
                                         Optional<Boolean> transitEncryptionEnabled,
                                         Optional<String> transitEncryptionMode, Optional<String> authToken,
                                         Optional<List<String>> userGroupIds, List<Tag> tags,
                                         Optional<Boolean> automaticFailoverEnabled, Optional<Boolean> multiAzEnabled,
                                         SettingsRequest settings, ClusterRules.Request cluster) {}

    public record ModifyReplicationGroup(String replicationGroupId, Optional<String> description,
                                         Optional<List<String>> userGroupIdsToAdd,
                                         Optional<List<String>> userGroupIdsToRemove,
                                         Optional<Boolean> removeUserGroups,
                                         Optional<Boolean> transitEncryptionEnabled, Optional<String> authToken,
                                         Optional<Boolean> automaticFailoverEnabled, Optional<Boolean> multiAzEnabled,
                                         Optional<String> primaryClusterId, SettingsRequest settings,
                                         GroupChanges migrations) {}

    /** A node as DescribeCacheClusters shows it: a cache cluster of one node inside its replication group. */
    public record CacheClusterView(ReplicationGroup replicationGroup, CacheNode node) {}

    static final int MAX_NODES = 6;
    static final int MAX_REPLICAS = MAX_NODES - 1;
    private static final Pattern RG_ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");

    private final Store store;
    private final ServiceSettings settings;
    private final CacheRuntime runtime;
    private final Runnable transitionsChanged;

    public CacheService(Store store, ServiceSettings settings, CacheRuntime runtime, Runnable transitionsChanged) {
        this.store = store;
        this.settings = settings;
        this.runtime = runtime;
        this.transitionsChanged = transitionsChanged;
    }

    public ReplicationGroup create(CreateReplicationGroup r) {
        return create(r, ReplicationGroupHook.NONE);
    }

    /** With {@code hook} run in the transaction, after the group is inserted (CacheGroupReferences). */
    public ReplicationGroup create(CreateReplicationGroup r, ReplicationGroupHook hook) {
        String id = replicationGroupId(r.replicationGroupId());
        Engine engine = r.engine().map(Requests::engine).orElse(Engine.REDIS);
        ClusterRules.Layout layout = ClusterRules.forCreate(r, r.cluster() == null ? ClusterRules.Request.none() : r.cluster());
        boolean clustered = layout.mode().clustered();
        int nodeCount = clustered ? 0 : nodeCount(r);
        // Cluster mode always fails over (Redis Cluster promotes a replica per shard); Multi-AZ was checked per shard.
        FailoverRules.Settings failover = clustered ? new FailoverRules.Settings(true, r.multiAzEnabled().orElse(false))
                : FailoverRules.forCreate(r.automaticFailoverEnabled(), r.multiAzEnabled(), nodeCount);
        boolean tls = r.transitEncryptionEnabled().orElse(false);
        r.transitEncryptionMode().ifPresent(mode -> checkTransitMode(mode, tls));
        List<String> groupIds = UserGroupAttachments.ids(r.userGroupIds());
        UserGroupAttachments.checkCreate(groupIds, tls);
        PasswordHash authToken = r.authToken().map(t -> authToken(t, tls)).orElse(null);
        if (authToken != null && !groupIds.isEmpty()) {
            throw ElastiCacheFault.invalidCombination("AuthToken and UserGroupIds cannot be specified together.");
        }
        String version = runtime.engineVersion(engine).orElseThrow(() -> new ElastiCacheFault(
                Fault.INSUFFICIENT_CACHE_CLUSTER_CAPACITY, runtime.missingEngineMessage()));
        r.engineVersion().ifPresent(v -> checkEngineVersion(engine, v, !groupIds.isEmpty()));
        r.engineVersion().ifPresent(v -> EngineUpgradeRules.checkAvailable(engine, v, version));
        Tags.check(r.tags(), settings.quotas().tagsPerResource());
        CacheSettings asked = SettingsRules.forCreate(r.settings(), settings.region());
        List<String> shardZones = clustered ? ClusterRules.availabilityZones(r.cluster() == null
                ? ClusterRules.Request.none() : r.cluster(), layout, settings.region()) : List.of();
        CacheSettings requested = shardZones.isEmpty() ? asked
                : asked.withPlacement(new CacheSettings.Placement(shardZones, List.of())); // NodeGroupConfiguration's zones
        ReplicationGroup created = store.inTransaction(tx -> {
            if (tx.replicationGroups().find(id, false).isPresent()) {
                throw exists(id);
            }
            for (String groupId : groupIds) {
                UserGroupAttachments.attachable(tx, groupId, engine);
            }
            List<Integer> taken = new ArrayList<>(tx.replicationGroups().portsInUse());
            List<CacheNode> nodes = new ArrayList<>(clustered ? ClusterRules.nodes(id, layout, () -> {
                int port = runtime.freePort(taken);
                taken.add(port);
                return port;
            }) : List.of());
            for (int i = 1; i <= nodeCount; i++) {
                int port = runtime.freePort(taken);
                taken.add(port);
                nodes.add(new CacheNode(id + String.format(Locale.ROOT, "-%03d", i), CacheNode.LOOPBACK, port, i == 1));
            }
            // The group's own PrimaryEndpoint and ReaderEndpoint: they follow the roles through failovers.
            int primaryEndpoint = runtime.freePort(taken);
            taken.add(primaryEndpoint);
            // In cluster mode the first is the ConfigurationEndpoint and there is no ReaderEndpoint.
            int readerEndpoint = clustered ? 0 : runtime.freePort(taken);
            java.util.OptionalInt askedPort = r.settings().port().map(java.util.OptionalInt::of).orElse(runtime.defaultPort());
            if (askedPort.isPresent()) { // every endpoint on an address of its own, all on the Port
                int port = askedPort.getAsInt();
                List<CacheNode> placed = EndpointAddresses.place(nodes, port, tx.replicationGroups().hostsInUse(), runtime);
                nodes.clear();
                nodes.addAll(placed);
                primaryEndpoint = port;
                readerEndpoint = clustered ? 0 : port;
            }
            CacheSettings placed = SettingsRules.place(requested, nodes.stream().map(CacheNode::cacheClusterId).toList());
            ReplicationGroup group = new ReplicationGroup(id, r.description(), engine, version, CacheStatus.CREATING,
                    tls, authToken, groupIds, null, nodes, settings.clock().millis(), false, 0,
                    failover.automaticFailover() ? AutomaticFailoverStatus.ENABLING : AutomaticFailoverStatus.DISABLED,
                    failover.multiAz(), primaryEndpoint, readerEndpoint, false, null, placed, null,
                    r.transitEncryptionMode().flatMap(TransitEncryptionMode::parse).orElse(null), layout.mode());
            if (!tx.replicationGroups().insert(group)) {
                throw exists(id);
            }
            tx.cacheSettings().put(group.ref(), placed);
            hook.apply(tx, group);
            tx.tags().put(settings.replicationGroupArn(id), r.tags());
            tx.tasks().enqueue(TaskKind.REPLICATION_GROUP_CREATE, id, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.REPLICATION_GROUP_CREATE, id);
            return group;
        });
        transitionsChanged.run();
        return created;
    }

    public ReplicationGroup modify(ModifyReplicationGroup r) {
        return modify(r, ReplicationGroupHook.NONE);
    }

    /** With {@code hook} run in the transaction; what it changes counts as a modification. */
    public ReplicationGroup modify(ModifyReplicationGroup r, ReplicationGroupHook hook) {
        String id = replicationGroupId(r.replicationGroupId());
        List<String> toAdd = UserGroupAttachments.ids(r.userGroupIdsToAdd());
        List<String> toRemove = UserGroupAttachments.ids(r.userGroupIdsToRemove());
        boolean removeAll = r.removeUserGroups().orElse(false);
        ReplicationGroup modified = store.inTransaction(tx -> {
            ReplicationGroup group = tx.replicationGroups().find(id, true).orElseThrow(() -> notFound(id));
            boolean describe = r.description().isPresent() && !r.description().get().equals(group.description());
            Optional<FailoverRules.Settings> failover = FailoverRules.forModify(group, r.automaticFailoverEnabled(),
                    r.multiAzEnabled());
            Optional<String> promoting = r.primaryClusterId().flatMap(node -> FailoverRules.promoting(group, node));
            Optional<CacheSettings> changed = SettingsRules.forModify(Optional.ofNullable(group.settings())
                    .orElseGet(SettingsRules::defaults), r.settings(), group, settings.clock().millis(),
                    settings.transitionDueAt());
            boolean settingsPending = changed.map(c -> c.pending() != null).orElse(false);
            List<String> removing = UserGroupAttachments.removing(group, toRemove, removeAll);
            boolean hooked = hook.apply(tx, group);
            GroupMigrations.Plan migration = GroupMigrations.plan(tx, group, r.migrations(), toAdd, removing, runtime,
                    settings.clock().millis());
            if (!describe && !hooked && toAdd.isEmpty() && removing.isEmpty() && failover.isEmpty()
                    && promoting.isEmpty() && changed.isEmpty() && migration.isEmpty()) {
                throw Requests.noModifications();
            }
            if (group.status() != CacheStatus.AVAILABLE) {
                throw new ElastiCacheFault(Fault.INVALID_REPLICATION_GROUP_STATE, "Replication group " + id
                        + " is not in available state (it is " + group.status().wire() + ").");
            }
            if ((failover.isPresent() || promoting.isPresent() || !migration.isEmpty()) && group.external()) {
                throw new ElastiCacheFault(Fault.INVALID_REPLICATION_GROUP_STATE, "Replication group " + id
                        + " is an external cache: cachewarden does not fail over nodes it does not run.");
            }
            if (describe) {
                tx.replicationGroups().updateDescription(id, r.description().get());
            }
            changed.ifPresent(c -> tx.cacheSettings().put(group.ref(), c));
            if (settingsPending) {
                tx.replicationGroups().updateStatus(id, CacheStatus.MODIFYING);
            }
            migration.apply(tx, id, group.pendingModes());
            if (toAdd.isEmpty() && removing.isEmpty()) {
                if (failover.isPresent() || promoting.isPresent() || settingsPending || !migration.isEmpty()) {
                    tx.replicationGroups().updateStatus(id, CacheStatus.MODIFYING);
                    failoverChanges(tx, group, failover, promoting);
                    tx.tasks().enqueue(TaskKind.REPLICATION_GROUP_MODIFY, id, settings.transitionDueAt());
                }
                return tx.replicationGroups().find(id, false).orElseThrow();
            }
            UserGroupAttachments.checkModify(tx, group, toAdd, removing);
            tx.replicationGroups().updateUserGroups(id, group.userGroupIds(),
                    new ReplicationGroup.PendingUserGroups(toAdd, removing), CacheStatus.MODIFYING);
            failoverChanges(tx, group, failover, promoting);
            tx.tasks().enqueue(TaskKind.REPLICATION_GROUP_MODIFY, id, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.REPLICATION_GROUP_MODIFY, id);
            return tx.replicationGroups().find(id, false).orElseThrow();
        });
        transitionsChanged.run();
        return modified;
    }

    /** AutomaticFailover/MultiAZ changing, and a PrimaryClusterId to promote, recorded with the group modifying. */
    private static void failoverChanges(Transaction tx, ReplicationGroup group, Optional<FailoverRules.Settings> failover,
                                        Optional<String> promoting) {
        String id = group.replicationGroupId();
        failover.ifPresent(f -> tx.replicationGroups().updateFailoverSettings(id,
                FailoverRules.transition(group, f.automaticFailover()), f.multiAz(), CacheStatus.MODIFYING));
        promoting.ifPresent(node -> {
            tx.replicationGroups().updateFailoverRequested(id, true, node);
            tx.replicationGroups().updateStatus(id, CacheStatus.MODIFYING);
        });
    }

    public ReplicationGroup delete(String rawId, boolean retainPrimaryCluster, Optional<String> finalSnapshot) {
        String id = replicationGroupId(rawId);
        if (retainPrimaryCluster) {
            throw ElastiCacheFault.invalidValue("RetainPrimaryCluster is not supported by cachewarden.");
        }
        if (finalSnapshot.isPresent()) {
            throw ElastiCacheFault.invalidValue("Snapshots are not supported by cachewarden; omit FinalSnapshotIdentifier.");
        }
        ReplicationGroup deleting = store.inTransaction(tx -> {
            ReplicationGroup group = tx.replicationGroups().find(id, true).orElseThrow(() -> notFound(id));
            if (group.status() != CacheStatus.AVAILABLE && group.status() != CacheStatus.CREATE_FAILED) {
                throw new ElastiCacheFault(Fault.INVALID_REPLICATION_GROUP_STATE, "Replication group " + id
                        + " is not in available state (it is " + group.status().wire() + ").");
            }
            if (group.external()) {
                throw new ElastiCacheFault(Fault.INVALID_REPLICATION_GROUP_STATE, "Replication group " + id
                        + " is an external cache listed in cachewarden's configuration; remove it there.");
            }
            tx.replicationGroups().updateStatus(id, CacheStatus.DELETING);
            tx.tasks().enqueue(TaskKind.REPLICATION_GROUP_DELETE, id, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.REPLICATION_GROUP_DELETE, id);
            return group.withStatus(CacheStatus.DELETING);
        });
        transitionsChanged.run();
        return deleting;
    }

    public Page<ReplicationGroup> describe(Optional<String> rawId, Integer maxRecords, String marker) {
        int max = Paging.maxRecords(maxRecords, Paging.CACHES);
        String after = Paging.afterId(marker);
        return store.readSnapshot(tx -> {
            if (rawId.isPresent()) {
                String id = rawId.get().toLowerCase(Locale.ROOT);
                ReplicationGroup group = tx.replicationGroups().find(id, false)
                        .orElseThrow(() -> notFound(id));
                return new Page<>(List.of(group), null);
            }
            List<ReplicationGroup> page = tx.replicationGroups().page(after, max + 1);
            if (page.size() > max) {
                return new Page<>(page.subList(0, max), Paging.markerAfter(page.get(max - 1).replicationGroupId()));
            }
            return new Page<>(page, null);
        });
    }

    public Page<CacheClusterView> describeCacheClusters(Optional<String> rawId, Integer maxRecords, String marker) {
        int max = Paging.maxRecords(maxRecords, Paging.CACHES);
        String after = Paging.afterId(marker);
        return store.readSnapshot(tx -> {
            List<CacheClusterView> all = new ArrayList<>();
            for (ReplicationGroup group : tx.replicationGroups().all()) {
                for (CacheNode node : group.nodes()) {
                    all.add(new CacheClusterView(group, node));
                }
            }
            all.sort(java.util.Comparator.comparing(v -> v.node().cacheClusterId()));
            if (rawId.isPresent()) {
                String id = rawId.get().toLowerCase(Locale.ROOT);
                return new Page<>(List.of(all.stream().filter(v -> v.node().cacheClusterId().equals(id)).findFirst()
                        .orElseThrow(() -> new ElastiCacheFault(Fault.CACHE_CLUSTER_NOT_FOUND,
                                "CacheCluster not found: " + id))), null);
            }
            List<CacheClusterView> page = all.stream()
                    .filter(v -> after == null || v.node().cacheClusterId().compareTo(after) > 0).toList();
            if (page.size() > max) {
                return new Page<>(page.subList(0, max), Paging.markerAfter(page.get(max - 1).node().cacheClusterId()));
            }
            return new Page<>(page, null);
        });
    }

    private int nodeCount(CreateReplicationGroup r) {
        if (r.numNodeGroups().isPresent() && r.numNodeGroups().get() != 1) {
            throw ElastiCacheFault.invalidValue("cachewarden runs replication groups with one shard: NumNodeGroups must be 1.");
        }
        if (r.numCacheClusters().isPresent() && r.replicasPerNodeGroup().isPresent()
                && r.numCacheClusters().get() != r.replicasPerNodeGroup().get() + 1) {
            throw ElastiCacheFault.invalidCombination("NumCacheClusters and ReplicasPerNodeGroup disagree.");
        }
        int count = r.numCacheClusters().orElse(r.replicasPerNodeGroup().map(n -> n + 1).orElse(1));
        if (count < 1 || count > MAX_NODES) {
            throw ElastiCacheFault.invalidValue("NumCacheClusters must be between 1 and " + MAX_NODES
                    + " (ReplicasPerNodeGroup between 0 and " + (MAX_NODES - 1) + ").");
        }
        return count;
    }

    private static void checkTransitMode(String mode, boolean tls) {
        if (!mode.equals("preferred") && !mode.equals("required")) {
            throw ElastiCacheFault.invalidValue("Invalid TransitEncryptionMode '" + mode + "': use preferred or required.");
        }
        if (!tls) {
            throw ElastiCacheFault.invalidCombination("TransitEncryptionMode requires TransitEncryptionEnabled=true.");
        }
        // preferred is accepted on create as AWS accepts it: the endpoints answer TLS and plain clients alike.
    }

    private static void checkEngineVersion(Engine engine, String requested, boolean rbac) {
        EngineVersion version = EngineVersion.parse(requested, "EngineVersion");
        EngineVersion minimum = MinimumVersions.rbac(engine);
        if (rbac && version.isBefore(minimum)) {
            throw ElastiCacheFault.invalidCombination("User group based access control requires " + engine.wire()
                    + " engine version " + minimum + " or later.");
        }
    }

    private static PasswordHash authToken(String token, boolean tls) {
        if (!tls) {
            throw ElastiCacheFault.invalidCombination("AuthToken requires TransitEncryptionEnabled=true.");
        }
        if (token.length() < 16 || token.length() > 128 || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e
                || c == '/' || c == '"' || c == '@')) {
            throw ElastiCacheFault.invalidValue("Invalid AuthToken: it must be 16 to 128 printable characters without "
                    + "spaces, '/', '\"' or '@'.");
        }
        return PasswordHash.of(token);
    }

    static String replicationGroupId(String id) {
        String lower = id.toLowerCase(Locale.ROOT);
        if (lower.isEmpty() || lower.length() > 40 || !RG_ID.matcher(lower).matches()) {
            throw ElastiCacheFault.invalidValue("Replication group id '" + id + "' is invalid: it must be 1 to 40 "
                    + "letters, digits or hyphens, begin with a letter, and not end with a hyphen or contain two "
                    + "consecutive hyphens.");
        }
        return lower;
    }

    static ElastiCacheFault notFound(String id) {
        return new ElastiCacheFault(Fault.REPLICATION_GROUP_NOT_FOUND, "Replication group " + id + " not found.");
    }

    private static ElastiCacheFault exists(String id) {
        return new ElastiCacheFault(Fault.REPLICATION_GROUP_ALREADY_EXISTS, "Replication group " + id
                + " already exists.");
    }
}
