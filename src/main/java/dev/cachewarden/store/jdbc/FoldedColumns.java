package dev.cachewarden.store.jdbc;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundled scripts as an empty H2 store runs them: a one-line {@code ALTER TABLE t ADD COLUMN c …;}
 * of a later script becomes a column of the script that creates {@code t}, so the table is created
 * once with every column instead of being rebuilt (copied, its indexes and constraints made again) by
 * each ALTER. On a fresh store those rebuilds of replication_groups and cache_nodes were about half of
 * the migrations' time, and the store's opening is the longest step of a start. An ADD COLUMN appends
 * at the end, so the columns come out in Flyway's order; MigrationsTest checks that the schema equals
 * Flyway's, which runs the scripts unchanged. A table altered any other way (a positioned column, a
 * rename, a drop) is not folded from there on, and {@link MergedAlters} handles what stays.
 */
final class FoldedColumns {
    private static final Pattern CREATE = Pattern.compile("CREATE TABLE (\\w+) \\(\\s*");
    private static final Pattern ADD_COLUMN = Pattern.compile("ALTER TABLE (\\w+) ADD COLUMN ([^;]+);\\s*");
    private static final Pattern ALTER_OR_DROP = Pattern.compile("(?i)\\s*(ALTER|DROP) TABLE (IF EXISTS )?(\\w+).*");
    /** Column clauses that place or name things an appended column would not. */
    static final Pattern POSITIONED = Pattern.compile("(?i).*\\b(BEFORE|AFTER|FIRST|IF NOT EXISTS)\\b.*");

    private FoldedColumns() {
    }

    /** {@code scripts} in order, each with its later ADD COLUMNs folded into its CREATE TABLEs. */
    static List<String> of(List<String> scripts) {
        List<List<String>> out = new ArrayList<>();
        /** Where each foldable table's CREATE TABLE ends: script, line of its closing {@code );}. */
        Map<String, int[]> creates = new HashMap<>();
        Set<String> unfoldable = new HashSet<>();
        for (String script : scripts) {
            List<String> lines = new ArrayList<>();
            out.add(lines);
            String creating = null;
            for (String line : script.split("\n", -1)) {
                Matcher create = CREATE.matcher(line);
                Matcher add = ADD_COLUMN.matcher(line);
                Matcher other = ALTER_OR_DROP.matcher(line);
                if (creating != null && line.strip().equals(");")) {
                    creates.put(creating, new int[] {out.size() - 1, lines.size()});
                    creating = null;
                } else if (create.matches()) {
                    creating = create.group(1);
                } else if (add.matches() && creates.containsKey(add.group(1)) && !unfoldable.contains(add.group(1))
                        && !POSITIONED.matcher(add.group(2)).matches()) {
                    int[] at = creates.get(add.group(1));
                    List<String> target = out.get(at[0]);
                    target.add(at[1], "    , " + add.group(2).strip()); // a leading comma: the line above may end in a comment
                    // the closing line moved down by one; so did any later closing line of the same script
                    for (int[] end : creates.values()) {
                        if (end[0] == at[0] && end[1] >= at[1] && end != at) {
                            end[1]++;
                        }
                    }
                    at[1]++;
                    continue;
                } else if (other.matches()) {
                    unfoldable.add(other.group(3));
                }
                lines.add(line);
            }
        }
        List<String> scriptsOut = new ArrayList<>();
        for (List<String> lines : out) {
            scriptsOut.add(MergedAlters.of(String.join("\n", lines)));
        }
        return scriptsOut;
    }
}
