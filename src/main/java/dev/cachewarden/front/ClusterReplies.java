package dev.cachewarden.front;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * The front's own answers on a serverless cache's endpoints to the commands cluster-mode clients
 * send: CLUSTER SLOTS, SHARDS, NODES, MYID and INFO describe the {@link ServerlessTopology}; READONLY
 * and READWRITE are accepted. The nodes run without cluster mode, so any other CLUSTER subcommand gets
 * what such a node answers. Replies are RESP2, or RESP3 where it differs (maps) once HELLO 3 was sent.
 */
final class ClusterReplies {
    static final String DISABLED = "-ERR This instance has cluster support disabled\r\n";
    private static final int LAST_SLOT = 16383;

    private ClusterReplies() {}

    /** Whether the front answers this command itself on a serverless endpoint. */
    static boolean answers(String command) {
        return command.equals("CLUSTER") || command.equals("READONLY") || command.equals("READWRITE");
    }

    /**
     * The reply to {@code args} (a command {@link #answers} accepts) on the endpoint, or on the reader
     * endpoint when {@code reader}.
     */
    static String answer(ServerlessTopology t, boolean reader, List<byte[]> args, boolean resp3) {
        String command = upper(args.get(0));
        if (!command.equals("CLUSTER")) {
            return args.size() == 1 ? "+OK\r\n"
                    : "-ERR wrong number of arguments for '" + command.toLowerCase(Locale.ROOT) + "' command\r\n";
        }
        if (args.size() < 2) {
            return "-ERR wrong number of arguments for 'cluster' command\r\n";
        }
        String sub = upper(args.get(1));
        boolean noArgs = args.size() == 2;
        return switch (sub) {
            case "SLOTS" -> noArgs ? slots(t) : arity(sub);
            case "SHARDS" -> noArgs ? shards(t, resp3) : arity(sub);
            case "NODES" -> noArgs ? bulk(nodes(t, reader)) : arity(sub);
            case "MYID" -> noArgs ? bulk(reader && t.hasReader() ? t.replicaId() : t.primaryId()) : arity(sub);
            case "INFO" -> noArgs ? bulk(info(t)) : arity(sub);
            default -> DISABLED;
        };
    }

    private static String arity(String sub) {
        return "-ERR wrong number of arguments for 'cluster|" + sub.toLowerCase(Locale.ROOT) + "' command\r\n";
    }

    private static String slots(ServerlessTopology t) {
        StringBuilder r = new StringBuilder();
        r.append("*1\r\n*").append(t.hasReader() ? 4 : 3).append("\r\n:0\r\n:").append(LAST_SLOT).append("\r\n");
        slotNode(r, t.host(), t.endpointPort(), t.primaryId());
        if (t.hasReader()) {
            slotNode(r, t.host(), t.readerEndpointPort(), t.replicaId());
        }
        return r.toString();
    }

    private static void slotNode(StringBuilder r, String host, int port, String id) {
        r.append("*3\r\n").append(bulk(host)).append(':').append(port).append("\r\n").append(bulk(id));
    }

    private static String shards(ServerlessTopology t, boolean resp3) {
        StringBuilder r = new StringBuilder("*1\r\n").append(map(resp3, 2));
        r.append(bulk("slots")).append("*2\r\n:0\r\n:").append(LAST_SLOT).append("\r\n");
        r.append(bulk("nodes")).append('*').append(t.hasReader() ? 2 : 1).append("\r\n");
        shardNode(r, resp3, t.primaryId(), t.host(), t.endpointPort(), "master");
        if (t.hasReader()) {
            shardNode(r, resp3, t.replicaId(), t.host(), t.readerEndpointPort(), "replica");
        }
        return r.toString();
    }

    private static void shardNode(StringBuilder r, boolean resp3, String id, String host, int port, String role) {
        r.append(map(resp3, 8));
        r.append(bulk("id")).append(bulk(id));
        r.append(bulk("port")).append(':').append(port).append("\r\n");
        r.append(bulk("tls-port")).append(':').append(port).append("\r\n");
        r.append(bulk("ip")).append(bulk(host));
        r.append(bulk("endpoint")).append(bulk(host));
        r.append(bulk("role")).append(bulk(role));
        r.append(bulk("replication-offset")).append(":0\r\n");
        r.append(bulk("health")).append(bulk("online"));
    }

    private static String map(boolean resp3, int entries) {
        return resp3 ? "%" + entries + "\r\n" : "*" + (2 * entries) + "\r\n";
    }

    /** Lines in CLUSTER NODES's format; {@code myself} marks the endpoint asked. */
    static String nodes(ServerlessTopology t, boolean reader) {
        boolean onReplica = reader && t.hasReader();
        StringBuilder r = new StringBuilder();
        r.append(t.primaryId()).append(' ').append(address(t.host(), t.endpointPort()))
                .append(onReplica ? " master" : " myself,master").append(" - 0 0 1 connected 0-").append(LAST_SLOT)
                .append('\n');
        if (t.hasReader()) {
            r.append(t.replicaId()).append(' ').append(address(t.host(), t.readerEndpointPort()))
                    .append(onReplica ? " myself,slave " : " slave ").append(t.primaryId()).append(" 0 0 1 connected\n");
        }
        return r.toString();
    }

    private static String address(String host, int port) {
        return host + ":" + port + "@" + port;
    }

    private static String info(ServerlessTopology t) {
        return "cluster_state:ok\r\ncluster_slots_assigned:16384\r\ncluster_slots_ok:16384\r\n"
                + "cluster_slots_pfail:0\r\ncluster_slots_fail:0\r\ncluster_known_nodes:" + (t.hasReader() ? 2 : 1)
                + "\r\ncluster_size:1\r\ncluster_current_epoch:1\r\ncluster_my_epoch:1\r\n";
    }

    private static String bulk(String s) {
        return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
    }

    private static String upper(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
    }
}
