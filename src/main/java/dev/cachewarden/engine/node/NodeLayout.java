package dev.cachewarden.engine.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where each managed node lives on this machine: its directory under the nodes' root, its unix socket,
 * its private loopback TLS port, in cluster mode its cluster bus port, and its certificate. Ports are
 * chosen once and kept in the node's directory, so that its replicas and cluster peers, which remember
 * them, find it again after a restart of the node or of cachewarden. No process is started here: that
 * is the {@link NodeSupervisor}'s.
 */
public final class NodeLayout {
    /** The cluster bus port's file in a cluster-mode node's directory. */
    private static final String BUS_PORT_FILE = "cluster-bus.port";

    private final Path nodesRoot;
    private final NodeSockets sockets;
    private final Supplier<CertificateAuthority> ca;
    private final Supplier<Collection<Integer>> reservedPorts;
    private final Map<String, Integer> internalPorts = new ConcurrentHashMap<>();
    private final Map<String, Integer> busPorts = new ConcurrentHashMap<>();

    /** @param reservedPorts ports a node's private ports must not take (the published ports of stored nodes) */
    NodeLayout(Path nodesRoot, Supplier<CertificateAuthority> ca, Supplier<Collection<Integer>> reservedPorts) {
        this.nodesRoot = nodesRoot;
        this.sockets = new NodeSockets(nodesRoot);
        this.ca = ca;
        this.reservedPorts = reservedPorts;
    }

    public Path nodeDir(String cacheClusterId) {
        return nodesRoot.resolve(cacheClusterId);
    }

    Path nodesRoot() {
        return nodesRoot;
    }

    NodeSockets sockets() {
        return sockets;
    }

    /** The unix socket the node listens on, which only this user can open (the front's upstream). */
    public Path socketPath(String cacheClusterId) {
        return sockets.path(cacheClusterId);
    }

    /** Where cachewarden manages the node: its private TLS port, with cachewarden's client certificate. */
    public NodeAddress managementAddress(String cacheClusterId) {
        return new NodeAddress(cacheClusterId, "127.0.0.1", internalPort(cacheClusterId), true);
    }

    /** The certificate the node, and the front for it, present (created once per node). */
    public CertificateAuthority.NodeCertificate certificate(String cacheClusterId) {
        return ca.get().nodeCertificate(nodeDir(cacheClusterId), cacheClusterId);
    }

    /**
     * The certificate the front presents on the addresses of a group made with a Port: one per
     * {@link dev.cachewarden.domain.LoopbackBlock}, naming every address of it (so a node added later is
     * covered), kept beside the nodes' directories and created once (one key pair per group, not per node).
     */
    public CertificateAuthority.NodeCertificate frontCertificate(String host) {
        dev.cachewarden.domain.LoopbackBlock block = dev.cachewarden.domain.LoopbackBlock.of(host)
                .orElseThrow(() -> new IllegalArgumentException("not an address of a group's own: " + host));
        return ca.get().nodeCertificate(nodesRoot.toAbsolutePath().resolveSibling("front-tls").resolve(block.address(0)),
                block.address(0) + "/24", block.addresses());
    }

    /** The node's private TLS port: chosen once, kept across restarts of the node and of cachewarden. */
    public int internalPort(String cacheClusterId) {
        Integer known = internalPorts.get(cacheClusterId);
        if (known != null) {
            return known;
        }
        // One choice at a time, avoiding every port already chosen: a port is only checked free on the
        // machine, and two nodes created at once (a replication group and its replicas, or many groups)
        // could both pick one that neither had bound yet. The second then failed to start for good (the
        // benchmark's 100 groups, 5 December), and a replica told that port as its primary's would have
        // replicated another cache's node.
        synchronized (internalPorts) {
            return internalPorts.computeIfAbsent(cacheClusterId, id -> NodeRecord.read(nodeDir(id))
                    .map(NodeRecord::tlsPort).orElseGet(() -> Ports.free(taken())));
        }
    }

    /**
     * The node's private TLS port is held by a process not ours (taken between its choice and the
     * node's start, or while the node was down): a new one, chosen as {@link #internalPort} chooses.
     * Kept here at once, so the node's replicas are told it; in its record once the node runs on it.
     * @return the node's port now (another caller may have moved it already)
     */
    int moveInternalPort(String cacheClusterId, int inUse) {
        synchronized (internalPorts) {
            Integer current = internalPorts.get(cacheClusterId);
            if (current != null && current != inUse) {
                return current;
            }
            int port = freeInsteadOf(inUse);
            internalPorts.put(cacheClusterId, port);
            return port;
        }
    }

    /** A free port no node has, nor {@code inUse} (held by a process not ours); called holding the ports' lock. */
    private int freeInsteadOf(int inUse) {
        List<Integer> avoid = taken();
        avoid.add(inUse);
        return Ports.free(avoid);
    }

    /** As {@link #moveInternalPort}, for a cluster-mode node's bus port; written to its file at once. */
    int moveClusterBusPort(String cacheClusterId, int inUse) {
        synchronized (internalPorts) {
            Integer current = busPorts.get(cacheClusterId);
            if (current != null && current != inUse) {
                return current;
            }
            int port = freeInsteadOf(inUse);
            try {
                Files.createDirectories(nodeDir(cacheClusterId));
                dev.cachewarden.secrets.SecretFiles.write(nodeDir(cacheClusterId).resolve(BUS_PORT_FILE),
                        Integer.toString(port));
            } catch (IOException e) {
                throw new IllegalStateException("cannot record the new cluster bus port of node " + cacheClusterId, e);
            }
            busPorts.put(cacheClusterId, port);
            return port;
        }
    }

    /** Every port chosen here so far, and the reserved ones. */
    private List<Integer> taken() {
        List<Integer> taken = new ArrayList<>(reservedPorts.get());
        taken.addAll(internalPorts.values());
        taken.addAll(busPorts.values());
        return taken;
    }

    /** An adopted node's private TLS port, as its record says. */
    void adopted(String cacheClusterId, int tlsPort) {
        internalPorts.put(cacheClusterId, tlsPort);
    }

    /** Every private TLS port chosen so far. */
    Collection<Integer> internalPorts() {
        return List.copyOf(internalPorts.values());
    }

    /** A cluster-mode node's private cluster bus port: chosen once, avoiding every other port known here. */
    public int clusterBusPort(String cacheClusterId) {
        Integer known = busPorts.get(cacheClusterId);
        if (known != null) {
            return known;
        }
        synchronized (internalPorts) { // as internalPort: one choice at a time
            return chooseBusPort(cacheClusterId);
        }
    }

    private int chooseBusPort(String cacheClusterId) {
        return busPorts.computeIfAbsent(cacheClusterId, id -> {
            Path dir = nodeDir(id);
            Path file = dir.resolve(BUS_PORT_FILE);
            try {
                if (Files.exists(file)) {
                    return Integer.parseInt(Files.readString(file).trim());
                }
                int port = Ports.free(taken());
                Files.createDirectories(dir);
                dev.cachewarden.secrets.SecretFiles.write(file, Integer.toString(port));
                return port;
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("cannot choose the cluster bus port of node " + id, e);
            }
        });
    }

    /** A node removed for good: its ports may be chosen again (its directory is the supervisor's to delete). */
    void forget(String cacheClusterId) {
        internalPorts.remove(cacheClusterId);
        busPorts.remove(cacheClusterId);
    }
}
