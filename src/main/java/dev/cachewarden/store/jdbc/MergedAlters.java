package dev.cachewarden.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bundled script as an empty H2 store runs it: consecutive one-line {@code ALTER TABLE t ADD COLUMN
 * …;} statements on the same table become one {@code ALTER TABLE t ADD (…, …);}. H2 rebuilds a table
 * (copy, constraints, indexes) for every ALTER, and those rebuilds were half of a fresh store's
 * migrations: 17 of them where 7 do. Every other line stays as written; MigrationsTest checks that the
 * schema comes out as Flyway's, which runs the scripts unchanged.
 */
final class MergedAlters {
    private static final Pattern ADD_COLUMN = Pattern.compile("ALTER TABLE (\\w+) ADD COLUMN ([^;]+);\\s*");

    private MergedAlters() {
    }

    static String of(String script) {
        List<String> out = new ArrayList<>();
        String table = null;
        List<String> columns = new ArrayList<>();
        for (String line : script.split("\n", -1)) {
            Matcher m = ADD_COLUMN.matcher(line);
            if (m.matches() && FoldedColumns.POSITIONED.matcher(m.group(2)).matches()) {
                flush(out, table, columns); // a placed column is its own statement: the place is the whole ADD's
                table = null;
                out.add(line);
                continue;
            }
            if (m.matches() && m.group(1).equals(table)) {
                columns.add(m.group(2).strip());
                continue;
            }
            flush(out, table, columns);
            table = null;
            if (m.matches()) {
                table = m.group(1);
                columns.add(m.group(2).strip());
            } else {
                out.add(line);
            }
        }
        flush(out, table, columns);
        return String.join("\n", out);
    }

    private static void flush(List<String> out, String table, List<String> columns) {
        if (table != null) {
            out.add("ALTER TABLE " + table + " ADD (" + String.join(", ", columns) + ");");
        }
        columns.clear();
    }
}
