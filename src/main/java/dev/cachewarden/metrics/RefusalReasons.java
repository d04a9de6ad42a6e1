package dev.cachewarden.metrics;

import java.util.Locale;

/**
 * The IAM front's refusal messages reduced to a few fixed labels, so that a metric's series stay
 * bounded whatever names and ARNs the messages carry.
 */
final class RefusalReasons {
    private RefusalReasons() {}

    static String label(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("not in the user group")) {
            return "not_in_user_group";
        }
        if (m.contains("being deleted")) {
            return "user_deleting";
        }
        if (m.contains("in-transit encryption")) {
            return "no_tls";
        }
        if (m.contains("unknown access key")) {
            return "unknown_access_key";
        }
        if (m.contains(" may not ")) {
            return "not_authorized";
        }
        if (m.contains("expired")) {
            return "expired";
        }
        if (m.contains("has username")) {
            return "user_name_mismatch";
        }
        if (m.contains("iam needs")) {
            return "engine_version";
        }
        if (m.contains("token") || m.contains("signature")) {
            return "invalid_token";
        }
        return "other";
    }
}
