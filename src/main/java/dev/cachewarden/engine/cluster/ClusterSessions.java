package dev.cachewarden.engine.cluster;

import dev.cachewarden.engine.NodeConnector;
import dev.cachewarden.engine.NodeSession;
import dev.cachewarden.engine.node.NodeSupervisor;
import java.util.HashMap;
import java.util.Map;

/** Connections by node, opened on first use and closed together; one that fails is reopened next time. */
final class ClusterSessions implements AutoCloseable {
    private final NodeConnector connector;
    private final NodeSupervisor supervisor;
    private final Map<String, NodeSession> open = new HashMap<>();

    ClusterSessions(NodeConnector connector, NodeSupervisor supervisor) {
        this.connector = connector;
        this.supervisor = supervisor;
    }

    <T> T ask(String cacheClusterId, java.util.function.Function<NodeSession, T> work) {
        NodeSession session = open.computeIfAbsent(cacheClusterId,
                k -> connector.open(supervisor.managementAddress(cacheClusterId)));
        try {
            return work.apply(session);
        } catch (RuntimeException e) {
            NodeSession failed = open.remove(cacheClusterId);
            if (failed != null) {
                failed.close();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        open.values().forEach(NodeSession::close);
        open.clear();
    }
}
