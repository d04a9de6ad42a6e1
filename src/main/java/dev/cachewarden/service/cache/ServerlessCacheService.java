package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.CacheSettings;
import dev.cachewarden.domain.CacheStatus;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.EngineVersion;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.service.Identifiers;
import dev.cachewarden.service.Page;
import dev.cachewarden.service.Paging;
import dev.cachewarden.service.Requests;
import dev.cachewarden.service.ServiceEvents;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.service.Tags;
import dev.cachewarden.service.settings.ServerlessSettingsRequest;
import dev.cachewarden.service.settings.ServerlessSettingsRules;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * CreateServerlessCache, ModifyServerlessCache, DeleteServerlessCache and DescribeServerlessCaches. A
 * serverless cache here is a TLS primary and replica (serverless caches always encrypt in transit on AWS)
 * behind two ports of its own, Endpoint and ReaderEndpoint, which the front serves; its one user group
 * (UserGroupId) is applied to both nodes as a replication group's.
 */
public final class ServerlessCacheService {
    public record CreateServerlessCache(String name, Optional<String> description, String engine,
                                        Optional<String> majorEngineVersion, Optional<String> userGroupId,
                                        List<Tag> tags, ServerlessSettingsRequest settings) {}

    public record ModifyServerlessCache(String name, Optional<String> description, Optional<String> userGroupId,
                                        Optional<Boolean> removeUserGroup, ServerlessSettingsRequest settings,
                                        Optional<String> engine, Optional<String> majorEngineVersion) {}

    private final Store store;
    private final ServiceSettings settings;
    private final CacheRuntime runtime;
    private final Runnable transitionsChanged;

    public ServerlessCacheService(Store store, ServiceSettings settings, CacheRuntime runtime,
                                  Runnable transitionsChanged) {
        this.store = store;
        this.settings = settings;
        this.runtime = runtime;
        this.transitionsChanged = transitionsChanged;
    }

    public ServerlessCache create(CreateServerlessCache r) {
        String name = name(r.name());
        Engine engine = Requests.engine(r.engine());
        r.majorEngineVersion().ifPresent(v -> EngineVersion.parseMajor(v, "MajorEngineVersion"));
        List<String> groupIds = UserGroupAttachments.ids(r.userGroupId().map(List::of));
        String version = runtime.engineVersion(engine).orElseThrow(() -> new ElastiCacheFault(
                Fault.INSUFFICIENT_CACHE_CLUSTER_CAPACITY, runtime.missingEngineMessage()));
        Tags.check(r.tags(), settings.quotas().tagsPerResource());
        CacheSettings requested = ServerlessSettingsRules.forCreate(r.settings());
        ServerlessCache created = store.inTransaction(tx -> {
            if (tx.serverlessCaches().find(name, false).isPresent()) {
                throw exists(name);
            }
            for (String groupId : groupIds) {
                UserGroupAttachments.attachable(tx, groupId, engine);
            }
            List<Integer> taken = new ArrayList<>(tx.replicationGroups().portsInUse());
            int endpointPort = runtime.freePort(taken);
            taken.add(endpointPort);
            int readerPort = runtime.freePort(taken);
            // A primary and a replica behind the two endpoints; their own ports are unpublished (0).
            ServerlessCache cache = new ServerlessCache(name, r.description().orElse(""), engine,
                    ServerlessCache.major(version), version, CacheStatus.CREATING,
                    groupIds.isEmpty() ? null : groupIds.get(0), null, endpointPort, readerPort,
                    List.of(new CacheNode(ServerlessCache.nodeId(name, 1), CacheNode.LOOPBACK, 0, true),
                            new CacheNode(ServerlessCache.nodeId(name, 2), CacheNode.LOOPBACK, 0, false)),
                    settings.clock().millis(), 0, requested);
            if (!tx.serverlessCaches().insert(cache)) {
                throw exists(name);
            }
            tx.tags().put(settings.serverlessCacheArn(name), r.tags());
            tx.cacheSettings().put(cache.ref(), requested);
            tx.tasks().enqueue(TaskKind.SERVERLESS_CACHE_CREATE, name, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.SERVERLESS_CACHE_CREATE, name);
            return cache;
        });
        transitionsChanged.run();
        return created;
    }

    public ServerlessCache modify(ModifyServerlessCache r) {
        String name = name(r.name());
        boolean remove = r.removeUserGroup().orElse(false);
        if (remove && r.userGroupId().isPresent()) {
            throw ElastiCacheFault.invalidCombination("UserGroupId and RemoveUserGroup cannot be specified together.");
        }
        Optional<String> newGroup = r.userGroupId().map(g -> Identifiers.normalize("User group ID", g));
        ServerlessCache modified = store.inTransaction(tx -> {
            ServerlessCache cache = tx.serverlessCaches().find(name, true).orElseThrow(() -> notFound(name));
            boolean describe = r.description().isPresent() && !r.description().get().equals(cache.description());
            boolean attach = newGroup.isPresent() && !cache.userGroupIds().equals(List.of(newGroup.get()));
            if (remove && cache.userGroupIds().isEmpty()) {
                throw ElastiCacheFault.invalidValue("Serverless cache " + name + " has no user group to remove.");
            }
            Optional<CacheSettings> changed = ServerlessSettingsRules.forModify(Optional.ofNullable(cache.settings())
                    .orElseGet(ServerlessSettingsRules::defaults), r.settings());
            Optional<EngineUpgradeRules.Upgrade> upgrade = ServerlessUpgrade.plan(tx, cache, r.engine(),
                    r.majorEngineVersion(), newGroup, remove, runtime);
            if (!describe && !attach && !remove && changed.isEmpty() && upgrade.isEmpty()) {
                throw Requests.noModifications();
            }
            if (cache.status() != CacheStatus.AVAILABLE) {
                throw new ElastiCacheFault(Fault.INVALID_SERVERLESS_CACHE_STATE, "Serverless cache " + name
                        + " is not in available state (it is " + cache.status().wire() + ").");
            }
            if (describe) {
                tx.serverlessCaches().updateDescription(name, r.description().get());
            }
            changed.ifPresent(c -> tx.cacheSettings().put(cache.ref(), c));
            upgrade.ifPresent(u -> ServerlessUpgrade.apply(tx, name, u, attach || remove, settings));
            if (attach || remove) {
                List<String> toAdd = attach ? List.of(newGroup.get()) : List.of();
                if (attach) {
                    UserGroupAttachments.attachable(tx, newGroup.get(), cache.engine());
                }
                tx.serverlessCaches().updateUserGroup(name, cache.userGroupId(),
                        new ReplicationGroup.PendingUserGroups(toAdd, cache.userGroupIds()), CacheStatus.MODIFYING);
                tx.tasks().enqueue(TaskKind.SERVERLESS_CACHE_MODIFY, name, settings.transitionDueAt());
                ServiceEvents.accepted(tx, settings, TaskKind.SERVERLESS_CACHE_MODIFY, name);
            }
            return tx.serverlessCaches().find(name, false).orElseThrow();
        });
        transitionsChanged.run();
        return modified;
    }

    public ServerlessCache delete(String rawName, Optional<String> finalSnapshotName) {
        String name = name(rawName);
        if (finalSnapshotName.isPresent()) {
            throw ElastiCacheFault.invalidValue("Snapshots are not supported by cachewarden; omit FinalSnapshotName.");
        }
        ServerlessCache deleting = store.inTransaction(tx -> {
            ServerlessCache cache = tx.serverlessCaches().find(name, true).orElseThrow(() -> notFound(name));
            if (cache.status() != CacheStatus.AVAILABLE && cache.status() != CacheStatus.CREATE_FAILED) {
                throw new ElastiCacheFault(Fault.INVALID_SERVERLESS_CACHE_STATE, "Serverless cache " + name
                        + " is not in available state (it is " + cache.status().wire() + ").");
            }
            tx.serverlessCaches().updateStatus(name, CacheStatus.DELETING);
            tx.tasks().enqueue(TaskKind.SERVERLESS_CACHE_DELETE, name, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.SERVERLESS_CACHE_DELETE, name);
            return cache.withStatus(CacheStatus.DELETING);
        });
        transitionsChanged.run();
        return deleting;
    }

    public Page<ServerlessCache> describe(Optional<String> rawName, Integer maxResults, String nextToken) {
        int max = Paging.maxRecords(maxResults, Paging.SERVERLESS);
        String after = Paging.afterId(nextToken);
        return store.readSnapshot(tx -> {
            if (rawName.isPresent()) {
                String name = rawName.get().toLowerCase(java.util.Locale.ROOT);
                return new Page<>(List.of(tx.serverlessCaches().find(name, false)
                        .orElseThrow(() -> notFound(name))), null);
            }
            List<ServerlessCache> page = tx.serverlessCaches().page(after, max + 1);
            if (page.size() > max) {
                return new Page<>(page.subList(0, max), Paging.markerAfter(page.get(max - 1).serverlessCacheName()));
            }
            return new Page<>(page, null);
        });
    }

    private static String name(String raw) {
        try {
            return CacheService.replicationGroupId(raw);
        } catch (ElastiCacheFault e) {
            throw ElastiCacheFault.invalidValue("Serverless cache name '" + raw + "' is invalid: it must be 1 to 40 "
                    + "letters, digits or hyphens, begin with a letter, and not end with a hyphen or contain two "
                    + "consecutive hyphens.");
        }
    }

    private static ElastiCacheFault notFound(String name) {
        return new ElastiCacheFault(Fault.SERVERLESS_CACHE_NOT_FOUND, "Serverless cache " + name + " not found.");
    }

    private static ElastiCacheFault exists(String name) {
        return new ElastiCacheFault(Fault.SERVERLESS_CACHE_ALREADY_EXISTS, "Serverless cache " + name
                + " already exists.");
    }
}
