package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheParameter;
import dev.cachewarden.domain.ChangeType;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The parameters of each parameter group family cachewarden serves, read from
 * {@code parameters/redis-valkey.psv} (AWS's documented values), and the checks a value must pass.
 */
public final class ParameterCatalogue {
    /** The families served, in the order DescribeCacheParameterGroups lists their default groups. */
    public static final List<String> FAMILIES = List.of("redis6.x", "redis7", "valkey7", "valkey8");

    private static final String RESOURCE = "/parameters/redis-valkey.psv";
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    /** The event classes Redis and Valkey take in notify-keyspace-events. */
    private static final Pattern KEYSPACE_EVENTS = Pattern.compile("[KEg$lshzxetdmnA]*");

    private final Map<String, Map<String, CacheParameter>> byFamily;

    private ParameterCatalogue(Map<String, Map<String, CacheParameter>> byFamily) {
        this.byFamily = byFamily;
    }

    private static final ParameterCatalogue BUILT_IN = load();

    public static ParameterCatalogue builtIn() {
        return BUILT_IN;
    }

    private static ParameterCatalogue load() {
        Map<String, Map<String, CacheParameter>> byFamily = new LinkedHashMap<>();
        FAMILIES.forEach(f -> byFamily.put(f, new java.util.TreeMap<>()));
        try (var in = ParameterCatalogue.class.getResourceAsStream(RESOURCE);
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\\|", -1);
                if (f.length != 10) {
                    throw new IllegalStateException(RESOURCE + ": expected 10 columns: " + line);
                }
                CacheParameter p = new CacheParameter(f[0], f[2], f[9], f[3], f[4], Boolean.parseBoolean(f[5]),
                        f[7], f[6].equals("immediate") ? ChangeType.IMMEDIATE : ChangeType.REQUIRES_REBOOT,
                        Boolean.parseBoolean(f[8]));
                for (String family : families(f[1])) {
                    byFamily.get(family).put(p.name(), p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ParameterCatalogue(byFamily);
    }

    private static List<String> families(String column) {
        List<String> out = new ArrayList<>();
        for (String token : column.split(",")) {
            switch (token) {
                case "all" -> out.addAll(FAMILIES);
                case "6" -> out.add("redis6.x");
                case "7" -> out.addAll(List.of("redis7", "valkey7", "valkey8"));
                default -> {
                    if (!FAMILIES.contains(token)) {
                        throw new IllegalStateException(RESOURCE + ": unknown family " + token);
                    }
                    out.add(token);
                }
            }
        }
        return out;
    }

    public boolean knows(String family) {
        return byFamily.containsKey(family);
    }

    /** A family's parameters in name order. */
    public List<CacheParameter> parameters(String family) {
        return List.copyOf(byFamily.get(family).values());
    }

    public Optional<CacheParameter> find(String family, String name) {
        return Optional.ofNullable(byFamily.get(family).get(name));
    }

    /** The family a cache of this engine and version uses by default ({@code default.<family>}). */
    public static String familyOf(Engine engine, String engineVersion) {
        int major = Integer.parseInt(engineVersion.split("\\.")[0]);
        if (engine == Engine.VALKEY) {
            return major >= 8 ? "valkey8" : "valkey7";
        }
        return major >= 7 ? "redis7" : "redis6.x";
    }

    /** The family named, or InvalidParameterValue. */
    public String requireFamily(String family) {
        if (!knows(family)) {
            throw ElastiCacheFault.invalidValue("Invalid parameter group family: " + family + ". Valid families are: "
                    + String.join(", ", FAMILIES) + ".");
        }
        return family;
    }

    /** Refuses a value the parameter does not allow, with InvalidParameterValue. */
    public static void checkValue(CacheParameter p, String value) {
        if (value == null) {
            throw ElastiCacheFault.invalidValue("A value must be given for parameter " + p.name() + ".");
        }
        String allowed = p.allowedValues();
        boolean ok;
        if (p.dataType().equals("integer") || p.dataType().equals("number")) {
            ok = INTEGER.matcher(value).matches() && inRange(Long.parseLong(value), allowed);
        } else if (p.name().equals("notify-keyspace-events")) {
            ok = KEYSPACE_EVENTS.matcher(value).matches();
        } else if (allowed.isEmpty()) {
            ok = value.length() <= 4096;
        } else {
            ok = Set.of(allowed.split(",")).contains(value);
        }
        if (!ok) {
            throw ElastiCacheFault.invalidValue("Invalid value '" + value + "' for parameter " + p.name()
                    + (allowed.isEmpty() ? "." : "; allowed values: " + allowed + "."));
        }
    }

    /** {@code a-b}, {@code a-} or empty (any integer). */
    private static boolean inRange(long v, String allowed) {
        if (allowed.isEmpty()) {
            return true;
        }
        int dash = allowed.indexOf('-', 1);
        long min = Long.parseLong(allowed.substring(0, dash));
        String max = allowed.substring(dash + 1);
        return v >= min && (max.isEmpty() || v <= Long.parseLong(max));
    }

    static Comparator<CacheParameter> byName() {
        return Comparator.comparing(CacheParameter::name);
    }
}
