package dev.cachewarden.service.cache;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a cache subnet group request must hold. There is no VPC here: a subnet id is accepted when it
 * has EC2's shape ({@code subnet-} and 8 or 17 hex digits) and is placed in an availability zone of the
 * region chosen from the id, the same every time (docs/aws-guesses.md).
 */
public final class SubnetRules {
    /** "Must contain no more than 255 alphanumeric characters or hyphens." (the model) */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9-]{1,255}");
    private static final Pattern SUBNET_ID = Pattern.compile("subnet-([0-9a-f]{8}|[0-9a-f]{17})");
    /** ElastiCache's quota "Subnets per subnet group": 20. */
    static final int SUBNETS_PER_GROUP = 20;
    /** ElastiCache's quota "Subnet groups per Region": 150. */
    static final int SUBNET_GROUPS = 150;
    static final int MAX_DESCRIPTION = 255;

    private SubnetRules() {}

    public static String name(String name) {
        if (!NAME.matcher(name).matches()) {
            throw ElastiCacheFault.invalidValue("Invalid cache subnet group name: " + name + ". It must contain no more "
                    + "than 255 alphanumeric characters or hyphens.");
        }
        return name.toLowerCase(Locale.ROOT);
    }

    static String description(String description) {
        if (description.isBlank()) {
            throw ElastiCacheFault.invalidValue("The parameter CacheSubnetGroupDescription must be provided and must "
                    + "not be blank.");
        }
        if (description.length() > MAX_DESCRIPTION) {
            throw ElastiCacheFault.invalidValue("The parameter CacheSubnetGroupDescription must be at most "
                    + MAX_DESCRIPTION + " characters long.");
        }
        return description;
    }

    /** The ids in the order given, each once; at least one, at most the quota, each of EC2's shape. */
    static List<String> subnetIds(Optional<List<String>> given) {
        List<String> ids = given.orElse(List.of());
        if (ids.isEmpty()) {
            throw ElastiCacheFault.invalidValue("The parameter SubnetIds must contain at least one subnet id.");
        }
        LinkedHashSet<String> unique = new LinkedHashSet<>();
        for (String id : ids) {
            if (!SUBNET_ID.matcher(id).matches()) {
                throw new ElastiCacheFault(Fault.INVALID_SUBNET, "The subnet ID " + id + " does not exist.");
            }
            unique.add(id);
        }
        if (unique.size() > SUBNETS_PER_GROUP) {
            throw new ElastiCacheFault(Fault.CACHE_SUBNET_QUOTA_EXCEEDED, "The request cannot be processed because "
                    + "it would exceed the allowed number of subnets in a cache subnet group (" + SUBNETS_PER_GROUP
                    + ").");
        }
        return new ArrayList<>(unique);
    }

    /** The availability zone a subnet is answered in: one of the region's first three, by the id. */
    public static String availabilityZone(String region, String subnetId) {
        return region + (char) ('a' + Math.floorMod(subnetId.hashCode(), 3));
    }

    /** The VPC every subnet group is answered in: one per account and region, its id derived from them. */
    public static String vpcId(String region, String accountId) {
        return "vpc-" + hex(region + ":" + accountId + ":vpc", 17);
    }

    /** The default group's subnets: one per availability zone a, b and c of the default VPC. */
    public static List<String> defaultSubnets(String region, String accountId) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; ids.size() < 3; i++) {
            String id = "subnet-" + hex(region + ":" + accountId + ":subnet:" + i, 17);
            // one in each zone, so the default group spans a, b and c as a default VPC does
            if (availabilityZone(region, id).charAt(region.length()) == 'a' + ids.size()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static String hex(String seed, int digits) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, digits);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
