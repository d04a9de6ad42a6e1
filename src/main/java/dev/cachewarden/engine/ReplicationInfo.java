package dev.cachewarden.engine;

/**
 * What {@code INFO replication} says about a node's place in its stream.
 *
 * @param replica whether the node replicates from a primary
 * @param offset how far into the primary's stream the node is: a replica's {@code slave_repl_offset}
 *     (what it applied), a primary's {@code master_repl_offset}
 * @param syncing whether a replica is still loading its first copy (not a candidate for promotion)
 * @param linkUp whether a replica's link to its primary is up
 */
public record ReplicationInfo(boolean replica, long offset, boolean syncing, boolean linkUp) {
    public static ReplicationInfo parse(String info) {
        boolean replica = false;
        long masterOffset = 0;
        long replicaOffset = -1;
        boolean syncing = false;
        boolean linkUp = false;
        for (String raw : info.split("\n")) {
            String line = raw.strip();
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon);
            String value = line.substring(colon + 1);
            switch (key) {
                case "role" -> replica = value.equals("slave");
                case "master_repl_offset" -> masterOffset = parseLong(value);
                case "slave_repl_offset" -> replicaOffset = parseLong(value);
                case "master_sync_in_progress" -> syncing = value.equals("1");
                case "master_link_status" -> linkUp = value.equals("up");
                default -> { }
            }
        }
        return new ReplicationInfo(replica, replica && replicaOffset >= 0 ? replicaOffset : masterOffset, syncing, linkUp);
    }

    /** Whether a replica holds a complete copy (possibly behind): it finished its first sync. */
    public boolean synced() {
        return !syncing;
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
