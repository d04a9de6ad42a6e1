package dev.cachewarden.domain;

import java.util.List;
import java.util.Optional;

/**
 * The loopback addresses of one replication group made with a {@code Port}: a /24 of 127.0.0.0/8
 * (all of which reaches {@code lo} on Linux), {@code 127.b.c.0/24} with {@code b >= 1} (127.0.x.x
 * holds 127.0.0.1, systemd-resolved's 127.0.0.53 and Debian's 127.0.1.1 host name). Every endpoint
 * of the group has an address of its own, so each listens on the port asked for: the group's
 * PrimaryEndpoint (or ConfigurationEndpoint) on {@code .1}, its ReaderEndpoint on {@code .2}, its
 * nodes on {@code .10} upward. Only the nodes' addresses are stored (cache_nodes.host); the group's
 * are derived from them, so no other column is needed and a group made before keeps 127.0.0.1.
 */
public record LoopbackBlock(int b, int c) {
    /** The first node address; below it, the group's own endpoints. */
    public static final int FIRST_NODE = 10;
    public static final int LAST_NODE = 254;

    public LoopbackBlock {
        if (b < 1 || b > 255 || c < 0 || c > 255) {
            throw new IllegalArgumentException("not a loopback block of cachewarden: 127." + b + "." + c + ".0/24");
        }
    }

    public String address(int last) {
        return "127." + b + "." + c + "." + last;
    }

    /** Every address endpoints of the block may take: the group's own and its nodes'. */
    public List<String> addresses() {
        List<String> all = new java.util.ArrayList<>(List.of(primaryEndpoint(), readerEndpoint()));
        for (int d = FIRST_NODE; d <= LAST_NODE; d++) {
            all.add(address(d));
        }
        return all;
    }

    public String primaryEndpoint() {
        return address(1);
    }

    public String readerEndpoint() {
        return address(2);
    }

    /** The block a node address belongs to; empty for 127.0.0.1 and anything not 127.b.c.d. */
    public static Optional<LoopbackBlock> of(String host) {
        if (host == null || !host.startsWith("127.")) {
            return Optional.empty();
        }
        String[] parts = host.split("\\.");
        if (parts.length != 4) {
            return Optional.empty();
        }
        try {
            int b = Integer.parseInt(parts[1]);
            int c = Integer.parseInt(parts[2]);
            int d = Integer.parseInt(parts[3]);
            return b >= 1 && b <= 255 && c >= 0 && c <= 255 && d >= 0 && d <= 255
                    ? Optional.of(new LoopbackBlock(b, c)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The block of a group's nodes (the first node decides); empty for a group on 127.0.0.1 ports. */
    public static Optional<LoopbackBlock> ofNodes(List<CacheNode> nodes) {
        return nodes.isEmpty() ? Optional.empty() : of(nodes.get(0).host());
    }

    /** Where a group's PrimaryEndpoint / ConfigurationEndpoint listens. */
    public static String primaryEndpointHost(List<CacheNode> nodes) {
        return ofNodes(nodes).map(LoopbackBlock::primaryEndpoint).orElse(CacheNode.LOOPBACK);
    }

    /** Where a group's ReaderEndpoint listens. */
    public static String readerEndpointHost(List<CacheNode> nodes) {
        return ofNodes(nodes).map(LoopbackBlock::readerEndpoint).orElse(CacheNode.LOOPBACK);
    }

    /** The lowest node address of the block that no node in {@code nodes} has, or empty when full. */
    public Optional<String> nextNodeAddress(List<CacheNode> nodes, java.util.function.Predicate<String> usable) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        nodes.forEach(n -> taken.add(n.host()));
        for (int d = FIRST_NODE; d <= LAST_NODE; d++) {
            String a = address(d);
            if (!taken.contains(a) && usable.test(a)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
