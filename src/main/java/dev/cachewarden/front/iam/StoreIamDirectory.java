package dev.cachewarden.front.iam;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.front.FrontTarget;
import dev.cachewarden.service.ServiceSettings;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The IAM rules' view of the store, one short read-only transaction per question. Only what is both
 * applied and staying counts: a user being added is not on the nodes yet, one being removed is about
 * to lose its connections, so neither may open a new one.
 *
 * <p>A cache's view is kept for {@link #FRESH} (a store round trip was most of an IAM handshake's
 * cost). Staleness is harmless there: the node's ACL is changed before a removal or a change of mode
 * is reported done, so a connection admitted on a stale view is refused by the node or closed by it.
 */
final class StoreIamDirectory implements IamDirectory {
    static final java.time.Duration FRESH = java.time.Duration.ofSeconds(1);

    private final Store store;
    private final ServiceSettings settings;
    private final long freshNanos;
    private final java.util.Map<FrontTarget, Cached> caches = new java.util.concurrent.ConcurrentHashMap<>();

    /** Users looked up by name for a refusal's reason; cleared when it holds this many (names are the client's). */
    static final int MAX_USERS = 10_000;
    private final java.util.Map<String, CachedUser> users = new java.util.concurrent.ConcurrentHashMap<>();

    private record Cached(long readAtNanos, Optional<Cache> cache) {}

    private record CachedUser(long readAtNanos, Optional<User> user) {}

    StoreIamDirectory(Store store, ServiceSettings settings) {
        this(store, settings, FRESH);
    }

    StoreIamDirectory(Store store, ServiceSettings settings, java.time.Duration fresh) {
        this.store = store;
        this.settings = settings;
        this.freshNanos = fresh.toNanos();
    }

    @Override
    public Optional<Cache> cache(FrontTarget target) {
        long now = System.nanoTime();
        Cached cached = caches.get(target);
        if (cached != null && now - cached.readAtNanos() < freshNanos) {
            return cached.cache();
        }
        Optional<Cache> cache = read(target);
        // Targets are the front's own endpoints, so this map is as small as the number of endpoints.
        caches.put(target, new Cached(now, cache));
        return cache;
    }

    @Override
    public Optional<Cache> cacheAtHand(FrontTarget target) {
        Cached cached = caches.get(target);
        return cached != null && System.nanoTime() - cached.readAtNanos() < freshNanos ? cached.cache() : null;
    }

    @Override
    public Optional<User> userAtHand(String userId) {
        CachedUser cached = users.get(userId);
        return cached != null && System.nanoTime() - cached.readAtNanos() < freshNanos ? cached.user() : null;
    }

    private Optional<Cache> read(FrontTarget target) {
        String id = target.cacheId();
        return store.inTransaction(tx -> target.serverless()
                ? tx.serverlessCaches().find(id, false).map(c -> cache(tx, id, true, c.engine(),
                        c.fullEngineVersion(), c.transitEncryption(), c.userGroupIds(), c.effectiveUserGroupIds()))
                : tx.replicationGroups().find(id, false).map(rg -> cache(tx, id, false, rg.engine(),
                        rg.engineVersion(), rg.transitEncryption(), rg.userGroupIds(), rg.effectiveUserGroupIds())));
    }

    /** Only groups both applied and staying count: one being attached or detached admits nobody yet. */
    private Cache cache(Transaction tx, String cacheId, boolean serverless, Engine engine, String engineVersion,
                        boolean tls, List<String> attached, List<String> effective) {
        List<String> groupIds = new ArrayList<>(attached);
        groupIds.retainAll(effective);
        Set<String> memberIds = new LinkedHashSet<>();
        for (String groupId : groupIds) {
            tx.userGroups().find(groupId, false).ifPresent(group -> memberIds.addAll(stayingMembers(group)));
        }
        List<User> members = tx.users().findAll(new ArrayList<>(memberIds), false);
        String arn = serverless ? settings.serverlessCacheArn(cacheId) : settings.replicationGroupArn(cacheId);
        return new Cache(cacheId, serverless, arn, engine, engineVersion, tls, groupIds, members);
    }

    static List<String> stayingMembers(UserGroup group) {
        List<String> ids = new ArrayList<>(group.userIds());
        if (group.pendingChanges() != null) {
            ids.removeAll(group.pendingChanges().userIdsToRemove());
        }
        return ids;
    }

    @Override
    public Optional<User> user(String userId) {
        // Kept like a cache's view: a client repeating AUTH with unknown names must not cost a query each.
        long now = System.nanoTime();
        CachedUser cached = users.get(userId);
        if (cached != null && now - cached.readAtNanos() < freshNanos) {
            return cached.user();
        }
        Optional<User> user = store.inTransaction(tx -> tx.users().find(userId, false));
        if (users.size() >= MAX_USERS) {
            users.clear();
        }
        users.put(userId, new CachedUser(now, user));
        return user;
    }

    @Override
    public String userArn(String userId) {
        return settings.userArn(userId);
    }
}
