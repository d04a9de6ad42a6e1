package dev.cachewarden.service.cache;

import dev.cachewarden.domain.CacheParameterGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Names, descriptions and AWS's default groups of cache parameter groups. */
public final class ParameterGroupRules {
    static final String USER = "user";
    static final String SYSTEM = "system";
    static final String ENGINE_DEFAULT = "engine-default";

    /** As RDS-lineage names go: a letter first, then letters, digits and single hyphens, no hyphen last. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z](?:-?[a-zA-Z0-9])*");
    static final int MAX_NAME = 255;
    static final int MAX_DESCRIPTION = 255;

    private static final List<CacheParameterGroup> DEFAULTS = defaults();

    private ParameterGroupRules() {}

    /** {@code default.<family>} and {@code default.<family>.cluster.on} for each family served. */
    private static List<CacheParameterGroup> defaults() {
        List<CacheParameterGroup> out = new ArrayList<>();
        for (String family : ParameterCatalogue.FAMILIES) {
            out.add(new CacheParameterGroup("default." + family, family, "Default parameter group for " + family, true));
            out.add(new CacheParameterGroup("default." + family + ".cluster.on", family,
                    "Customized default parameter group for " + family + " with cluster mode on", true));
        }
        return List.copyOf(out);
    }

    public static List<CacheParameterGroup> defaultGroups() {
        return DEFAULTS;
    }

    public static Optional<CacheParameterGroup> defaultGroup(String name) {
        return DEFAULTS.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** The default group a cache of this family uses when it names none. */
    public static String defaultGroupName(String family, boolean clusterMode) {
        return "default." + family + (clusterMode ? ".cluster.on" : "");
    }

    static String name(String name) {
        if (name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw ElastiCacheFault.invalidValue("Invalid parameter group name: " + name + ". It must begin with a letter, "
                    + "contain only ASCII letters, digits and hyphens, not end with a hyphen or contain two consecutive "
                    + "hyphens, and be at most " + MAX_NAME + " characters long.");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    static String description(String description) {
        if (description.length() > MAX_DESCRIPTION) {
            throw ElastiCacheFault.invalidValue("The parameter Description must be at most " + MAX_DESCRIPTION
                    + " characters long.");
        }
        return description;
    }

    /** DescribeCacheParameters' Source: "user | system | engine-default". */
    static String source(String source) {
        if (!List.of(USER, SYSTEM, ENGINE_DEFAULT).contains(source)) {
            throw ElastiCacheFault.invalidValue("Invalid value for Source: " + source
                    + ". Valid values are: user, system, engine-default.");
        }
        return source;
    }
}
