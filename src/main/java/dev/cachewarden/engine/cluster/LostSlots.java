package dev.cachewarden.engine.cluster;

import dev.cachewarden.service.cache.SlotRanges;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Slots the cluster lost track of, and what tells them again (as redis-cli's fix covers a slot): a slot
 * that no master claims in its own view, while the master it belongs to sees it unassigned, is claimed
 * by that master again (ADDSLOTS); a master that sees a slot unassigned is told who serves it
 * (SETSLOT … NODE). Seen once in CI after a 3 → 2 shard scale-in: a node counted 16,383 slots for good,
 * as no master's gossip claimed the last one. Nothing is planned for a slot some master claims
 * elsewhere: that is a move, which the next formation pass makes.
 *
 * @param claim per node (its cache cluster id), the slots it must claim again
 * @param tell per master (cache cluster id), per owner (cluster node id), the slots to tell it of
 */
record LostSlots(Map<String, List<Integer>> claim, Map<String, Map<String, List<Integer>>> tell) {
    /**
     * @param views each serving node's CLUSTER NODES, by cache cluster id
     * @param ids each serving node's cluster node id, by cache cluster id
     * @param expected per slot, the cluster node id of the master it belongs to (null: none)
     */
    static LostSlots find(Map<String, ClusterView> views, Map<String, String> ids, String[] expected) {
        String[] claimed = new String[SlotRanges.SLOTS];
        Map<String, String> byId = new LinkedHashMap<>();
        views.forEach((node, view) -> {
            byId.put(ids.get(node), node);
            ClusterView.Line me = view.myself();
            if (me.master()) {
                for (int[] r : me.slots()) {
                    for (int slot = r[0]; slot <= r[1]; slot++) {
                        claimed[slot] = ids.get(node);
                    }
                }
            }
        });
        Map<String, List<Integer>> claim = new LinkedHashMap<>();
        for (int slot = 0; slot < SlotRanges.SLOTS; slot++) {
            String owner = expected[slot] == null ? null : byId.get(expected[slot]);
            if (owner != null && claimed[slot] == null && views.get(owner).owners()[slot] == null) {
                claim.computeIfAbsent(owner, k -> new ArrayList<>()).add(slot);
                claimed[slot] = expected[slot];
            }
        }
        Map<String, Map<String, List<Integer>>> tell = new LinkedHashMap<>();
        views.forEach((node, view) -> {
            if (!view.myself().master()) {
                return; // SETSLOT is for masters; a replica takes its master's view
            }
            String[] owners = view.owners();
            for (int slot = 0; slot < SlotRanges.SLOTS; slot++) {
                if (owners[slot] == null && expected[slot] != null && expected[slot].equals(claimed[slot])
                        && !expected[slot].equals(ids.get(node))) {
                    tell.computeIfAbsent(node, k -> new LinkedHashMap<>())
                            .computeIfAbsent(expected[slot], k -> new ArrayList<>()).add(slot);
                }
            }
        });
        return new LostSlots(claim, tell);
    }
}
