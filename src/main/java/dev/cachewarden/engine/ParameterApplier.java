package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.engine.node.NodeAddress;
import dev.cachewarden.service.cache.RuntimeParameters;
import dev.cachewarden.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a parameter group's runtime values real on the nodes of the replication groups that name it:
 * {@code CONFIG GET} what the node has, {@code CONFIG SET} what differs, read back. The reconciler
 * runs it on every pass and right after a node restarted, so values survive restarts without touching
 * the node's config file, and a ModifyCacheParameterGroup wakes it.
 */
public final class ParameterApplier {
    private static final Logger log = LoggerFactory.getLogger(ParameterApplier.class);

    private final Store store;
    private final NodeConnector connector;
    private final RuntimeParameters parameters;

    public ParameterApplier(Store store, NodeConnector connector, RuntimeParameters parameters) {
        this.store = store;
        this.connector = connector;
        this.parameters = parameters;
    }

    /** What the cache's nodes must have; empty for a serverless cache or a group naming no parameter group. */
    public Map<String, String> desired(Cache cache) {
        if (!(cache instanceof ReplicationGroup group)) {
            return Map.of();
        }
        return store.readSnapshot(tx -> parameters.of(tx, group));
    }

    /** As {@link #desired(Cache)}, read within the caller's transaction (the reconciler's one read of every cache). */
    public Map<String, String> desired(dev.cachewarden.store.Transaction tx, Cache cache) {
        return cache instanceof ReplicationGroup group ? parameters.of(tx, group) : Map.of();
    }

    /**
     * Sets each value that differs on the node and reads it back.
     *
     * @return the names set
     * @throws IllegalStateException when the node answers a value other than the one set
     */
    public List<String> apply(NodeAddress node, Map<String, String> desired) {
        if (desired.isEmpty()) {
            return List.of();
        }
        return connector.withSession(node, session -> {
            Map<String, String> current = session.configGet(desired.keySet());
            List<String> changed = new ArrayList<>();
            for (Map.Entry<String, String> e : desired.entrySet()) {
                String have = current.get(e.getKey());
                if (have == null) {
                    // Not a configuration of this engine version (e.g. a redis6.x name on a newer engine): stored only.
                    log.debug("node {} has no parameter {}; not applied", node, e.getKey());
                    continue;
                }
                if (!same(e.getKey(), have, e.getValue())) {
                    session.configSet(e.getKey(), e.getValue());
                    changed.add(e.getKey());
                }
            }
            if (!changed.isEmpty()) {
                Map<String, String> readBack = session.configGet(changed);
                for (String name : changed) {
                    if (!same(name, readBack.get(name), desired.get(name))) {
                        throw new IllegalStateException("node " + node + " answers " + name + " = " + readBack.get(name)
                                + " after CONFIG SET " + desired.get(name));
                    }
                }
                log.info("node {}: parameters applied: {}", node, changed);
            }
            return changed;
        });
    }

    /** The node answers some values in its own spelling: keyspace event flags in its own order. */
    static boolean same(String name, String have, String want) {
        if (have == null) {
            return false;
        }
        if (name.equals("notify-keyspace-events")) {
            return flags(have).equals(flags(want));
        }
        return have.equals(want);
    }

    /** Redis expands {@code A} to {@code g$lshzxetd} (and more in newer versions) and orders flags its own way. */
    private static Set<Character> flags(String value) {
        Set<Character> out = new TreeSet<>();
        for (char c : value.toCharArray()) {
            if (c == 'A') {
                "g$lshzxetd".chars().forEach(f -> out.add((char) f));
            } else {
                out.add(c);
            }
        }
        return out;
    }
}
