package dev.cachewarden.engine.cluster;

import dev.cachewarden.engine.NodeUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node's CLUSTER NODES answer, parsed: who is known, who is a master, who replicates whom, and which
 * slots each master serves (the {@code [slot->-id]} migration markers are skipped).
 */
record ClusterView(Map<String, Line> nodes) {
    /** One line: {@code <id> <ip:port@bus> <flags> <master|-> <ping> <pong> <epoch> <link> <slot>...}. */
    record Line(String id, int port, List<String> flags, String masterId, List<int[]> slots) {
        boolean master() {
            return flags.contains("master");
        }

        boolean myself() {
            return flags.contains("myself");
        }

        boolean failing() {
            return flags.contains("fail") || flags.contains("handshake") || flags.contains("noaddr");
        }
    }

    static ClusterView parse(String clusterNodes) {
        Map<String, Line> nodes = new LinkedHashMap<>();
        for (String raw : clusterNodes.split("\n")) {
            String line = raw.trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(" ");
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                int dash = f[i].indexOf('-');
                int from = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
                int to = dash < 0 ? from : Integer.parseInt(f[i].substring(dash + 1));
                slots.add(new int[] {from, to});
            }
            nodes.put(f[0], new Line(f[0], port(f[1]), List.of(f[2].split(",")), f[3], slots));
        }
        return new ClusterView(nodes);
    }

    /** The announced client port of {@code ip:port@bus[,hostname]}: the front's port for the node; 0 if none. */
    private static int port(String address) {
        int colon = address.lastIndexOf(':', address.indexOf('@') < 0 ? address.length() : address.indexOf('@'));
        int at = address.indexOf('@');
        try {
            return Integer.parseInt(address.substring(colon + 1, at < 0 ? address.length() : at));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The master serving slots among the nodes announcing these ports, if the view has exactly one such. */
    java.util.Optional<Line> servingMaster(java.util.Collection<Integer> ports) {
        List<Line> found = nodes.values().stream().filter(l -> ports.contains(l.port()) && l.master()
                && !l.failing() && !l.slots().isEmpty()).toList();
        return found.size() == 1 ? java.util.Optional.of(found.get(0)) : java.util.Optional.empty();
    }

    Line myself() {
        return nodes.values().stream().filter(Line::myself).findFirst()
                .orElseThrow(() -> new NodeUnavailableException("CLUSTER NODES has no myself line"));
    }

    /** The id of the master serving each slot; null where none does. */
    String[] owners() {
        String[] owners = new String[dev.cachewarden.service.cache.SlotRanges.SLOTS];
        for (Line n : nodes.values()) {
            if (n.master()) {
                for (int[] r : n.slots()) {
                    for (int s = r[0]; s <= r[1]; s++) {
                        owners[s] = n.id();
                    }
                }
            }
        }
        return owners;
    }
}
