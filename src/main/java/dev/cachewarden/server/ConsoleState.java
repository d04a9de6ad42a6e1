package dev.cachewarden.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.CacheNode;
import dev.cachewarden.domain.PendingChanges;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.ServerlessCache;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.events.Event;
import dev.cachewarden.metrics.Metrics;
import dev.cachewarden.store.EventRepository;
import dev.cachewarden.store.Store;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What the console shows, as JSON, read on one snapshot of the store like a Describe. Only what the
 * Describe actions answer, minus every hash: a user's authentication is its type alone.
 */
final class ConsoleState {
    /** Enough for a page; the API pages through more. */
    static final int MAX_ROWS = 500;
    static final int RECENT_EVENTS = 50;
    private static final long EVENT_WINDOW_MILLIS = 14L * 24 * 3600 * 1000;

    private final Store store;
    private final Predicate<String> running;

    /** @param running whether a managed node (by CacheClusterId) has a live process */
    ConsoleState(Store store, Predicate<String> running) {
        this.store = store;
        this.running = running;
    }

    /** The ACL state of one node, in the words the page shows. */
    enum AclState {
        IN_SYNC("in sync"), OUT_OF_SYNC("out of sync"), NOT_CHECKED("not checked yet"), NODE_DOWN("node down"),
        NOT_MANAGED("not managed");

        final String words;

        AclState(String words) {
            this.words = words;
        }
    }

    String json() {
        long now = System.currentTimeMillis();
        Map<String, Object> state = store.readSnapshot(tx -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("time", Instant.ofEpochMilli(now).toString());
            s.put("users", tx.users().page(null, MAX_ROWS).stream().map(ConsoleState::user).toList());
            s.put("userGroups", tx.userGroups().page(null, MAX_ROWS).stream().map(ConsoleState::group).toList());
            List<Object> caches = new ArrayList<>();
            tx.replicationGroups().all().forEach(g -> caches.add(cache(g, "replication group",
                    g.replicationGroupId(), g.description(), g.userGroupIds(), g.external())));
            tx.serverlessCaches().all().forEach(c -> caches.add(cache(c, "serverless cache",
                    c.serverlessCacheName(), c.description(), c.userGroupIds(), false)));
            s.put("caches", caches);
            s.put("events", tx.events().find(new EventRepository.Filter(null, null, now - EVENT_WINDOW_MILLIS, now),
                    null, RECENT_EVENTS).stream().map(ConsoleState::event).toList());
            return s;
        });
        try {
            return Json.MAPPER.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("console state not writable as JSON", e);
        }
    }

    private static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userId", u.userId());
        m.put("userName", u.userName());
        m.put("status", u.status().wire());
        m.put("accessString", u.accessString().canonical());
        m.put("authentication", u.authentication().type());
        m.put("userGroupIds", u.userGroupIds());
        return m;
    }

    private static Map<String, Object> group(UserGroup g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("userGroupId", g.userGroupId());
        m.put("status", g.status().wire());
        m.put("userIds", g.userIds());
        PendingChanges p = g.pendingChanges();
        m.put("pendingChanges", p == null || p.isEmpty() ? null
                : Map.of("userIdsToAdd", p.userIdsToAdd(), "userIdsToRemove", p.userIdsToRemove()));
        List<String> caches = new ArrayList<>(g.replicationGroups());
        caches.addAll(g.serverlessCaches());
        m.put("caches", caches);
        return m;
    }

    private Map<String, Object> cache(Cache cache, String kind, String id, String description,
                                      List<String> userGroupIds, boolean external) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("id", id);
        m.put("description", description);
        m.put("status", cache.status().wire());
        m.put("userGroupIds", userGroupIds);
        m.put("external", external);
        List<Object> nodes = new ArrayList<>();
        for (CacheNode n : cache.nodes()) {
            Map<String, Object> node = new LinkedHashMap<>();
            node.put("cacheClusterId", n.cacheClusterId());
            node.put("role", cache instanceof ReplicationGroup ? n.role() : "node");
            node.put("status", n.status().wire());
            node.put("address", n.host() + ":" + n.port());
            boolean up = external || running.test(n.cacheClusterId());
            node.put("running", up);
            node.put("acl", acl(cache, id, up).words);
            nodes.add(node);
        }
        m.put("nodes", nodes);
        return m;
    }

    /**
     * The reconciler checks a cache's nodes together and records whether all of them held their
     * desired ACL (Metrics); a node that is not running holds nothing to compare.
     */
    private static AclState acl(Cache cache, String id, boolean running) {
        if (!cache.aclManaged()) {
            return AclState.NOT_MANAGED;
        }
        if (!running) {
            return AclState.NODE_DOWN;
        }
        return Metrics.aclInSync(id).map(ok -> ok ? AclState.IN_SYNC : AclState.OUT_OF_SYNC)
                .orElse(AclState.NOT_CHECKED);
    }

    private static Map<String, Object> event(Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.ofEpochMilli(e.dateMillis()).toString());
        m.put("sourceType", e.sourceType().wire());
        m.put("sourceIdentifier", e.sourceIdentifier());
        m.put("message", e.message());
        return m;
    }

    /** Made when the console is first asked for: not on a start's path (Jackson's set-up is slow, docs/bench.md). */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
