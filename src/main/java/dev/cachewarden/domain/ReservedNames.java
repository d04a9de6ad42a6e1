package dev.cachewarden.domain;

/** Names the API may not hand out because cachewarden uses them itself. */
public final class ReservedNames {
    /** cachewarden's management ACL user on every node it manages. */
    public static final String ADMIN_USER_NAME = "cachewarden-admin";

    private ReservedNames() {}
}
