package dev.cachewarden.service.settings;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The cache node types AWS sells for Redis OSS and Valkey (current and previous generations, as
 * AWS's "Supported node types" page lists them late 2026). Nodes here all run on this machine: the
 * type is checked and answered, never sized.
 */
final class NodeTypes {
    /** What a replication group answers when no CacheNodeType was given. */
    static final String DEFAULT = "cache.t4g.micro";

    private static final Set<String> SOLD = sold();

    private NodeTypes() {}

    static String check(String nodeType) {
        if (!SOLD.contains(nodeType)) {
            throw ElastiCacheFault.invalidValue("Invalid CacheNodeType: " + nodeType + " is not a cache node type "
                    + "ElastiCache offers.");
        }
        return nodeType;
    }

    /** The data tiering types: r6gd nodes must have DataTieringEnabled, and only they may. */
    static boolean dataTiering(String nodeType) {
        return nodeType.startsWith("cache.r6gd.");
    }

    private static Set<String> sold() {
        Set<String> s = new LinkedHashSet<>();
        family(s, "t2", "micro", "small", "medium");
        family(s, "t3", "micro", "small", "medium");
        family(s, "t4g", "micro", "small", "medium");
        family(s, "m5", "large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge");
        family(s, "r5", "large", "xlarge", "2xlarge", "4xlarge", "12xlarge", "24xlarge");
        for (String f : new String[] {"m6g", "m7g", "r6g", "r7g", "c7gn"}) {
            family(s, f, "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge");
        }
        family(s, "r6gd", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge");
        family(s, "m4", "large", "xlarge", "2xlarge", "4xlarge", "10xlarge");
        family(s, "r4", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "16xlarge");
        family(s, "m3", "medium", "large", "xlarge", "2xlarge");
        family(s, "r3", "large", "xlarge", "2xlarge", "4xlarge", "8xlarge");
        family(s, "m1", "small", "medium", "large", "xlarge");
        family(s, "m2", "xlarge", "2xlarge", "4xlarge");
        family(s, "t1", "micro");
        family(s, "c1", "xlarge");
        return Set.copyOf(s);
    }

    private static void family(Set<String> into, String family, String... sizes) {
        for (String size : sizes) {
            into.add("cache." + family + "." + size);
        }
    }
}
