package dev.cachewarden.domain;

import java.util.Optional;

/** ElastiCache resource names, {@code arn:aws:elasticache:REGION:ACCOUNT:TYPE:ID}. */
public record Arn(String partition, String region, String account, String resourceType, String resourceId) {
    public static Arn of(String region, String account, String resourceType, String resourceId) {
        return new Arn(partitionOf(region), region, account, resourceType, resourceId);
    }

    /** The partition a region belongs to: China and GovCloud regions have their own. */
    public static String partitionOf(String region) {
        if (region.startsWith("cn-")) {
            return "aws-cn";
        }
        return region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
    }

    public static Optional<Arn> parse(String text) {
        String[] parts = text.split(":", 7);
        if (parts.length != 7 || !parts[0].equals("arn") || !parts[2].equals("elasticache")
                || parts[1].isEmpty() || parts[5].isEmpty() || parts[6].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Arn(parts[1], parts[3], parts[4], parts[5], parts[6]));
    }

    @Override
    public String toString() {
        return "arn:" + partition + ":elasticache:" + region + ":" + account + ":" + resourceType + ":" + resourceId;
    }
}
