package dev.cachewarden.auth;

/**
 * Someone who may call the API: an access key pair and what it may do. The root principal has no
 * policy and may do everything, as an account's root user does.
 *
 * @param arn how AccessDenied names it, e.g. {@code arn:aws:iam::000000000000:user/reader}
 * @param policy null for the root principal
 */
public record Principal(String name, String arn, String accessKeyId, String secretAccessKey, Policy policy) {
    public boolean isRoot() {
        return policy == null;
    }

    @Override
    public String toString() {
        // The secret never reaches a log line.
        return "Principal[name=" + name + ", arn=" + arn + ", accessKeyId=" + accessKeyId + "]";
    }
}
