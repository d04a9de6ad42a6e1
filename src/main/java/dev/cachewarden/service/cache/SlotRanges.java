package dev.cachewarden.service.cache;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.ArrayList;
import java.util.List;

/** Hash-slot ranges as ElastiCache writes them: {@code 0-5461}, several joined by commas. */
public final class SlotRanges {
    public static final int SLOTS = 16384;

    private SlotRanges() {}

    /** {@code shards} ranges covering every slot, the first {@code SLOTS % shards} one slot larger. */
    public static List<List<int[]>> even(int shards) {
        List<List<int[]>> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < shards; i++) {
            int size = SLOTS / shards + (i < SLOTS % shards ? 1 : 0);
            out.add(List.of(new int[] {start, start + size - 1}));
            start += size;
        }
        return out;
    }

    public static List<int[]> parse(String text) {
        List<int[]> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            String[] ends = p.split("-", -1);
            try {
                int from = Integer.parseInt(ends[0]);
                int to = ends.length == 1 ? from : Integer.parseInt(ends[1]);
                if (ends.length > 2 || from < 0 || to >= SLOTS || from > to) {
                    throw new NumberFormatException();
                }
                out.add(new int[] {from, to});
            } catch (NumberFormatException e) {
                throw ElastiCacheFault.invalidValue("Invalid Slots '" + text + "': use startkey-endkey within 0-16383, "
                        + "such as 0-5460.");
            }
        }
        return out;
    }

    public static String format(List<int[]> ranges) {
        StringBuilder b = new StringBuilder();
        for (int[] r : ranges) {
            if (!b.isEmpty()) {
                b.append(',');
            }
            b.append(r[0]).append('-').append(r[1]);
        }
        return b.toString();
    }
}
