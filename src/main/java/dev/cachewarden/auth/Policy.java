package dev.cachewarden.auth;

import java.util.List;
import java.util.Locale;

/**
 * An IAM-style identity policy: Allow and Deny statements over actions and resource ARNs, with
 * {@code *} and {@code ?} wildcards. An explicit Deny wins over any Allow; what nothing allows is denied.
 */
public record Policy(List<Statement> statements) {
    public enum Effect { ALLOW, DENY }

    public enum Decision { ALLOWED, EXPLICITLY_DENIED, IMPLICITLY_DENIED }

    /** Actions match case-insensitively (as IAM does), resources case-sensitively. */
    public record Statement(Effect effect, List<String> actions, List<String> resources) {
        boolean matches(String action, String resource) {
            return actions.stream().anyMatch(a -> wildcard(a.toLowerCase(Locale.ROOT), action.toLowerCase(Locale.ROOT)))
                    && resources.stream().anyMatch(r -> wildcard(r, resource));
        }
    }

    public Policy {
        statements = List.copyOf(statements);
    }

    /** @param action as IAM names it, e.g. {@code elasticache:ModifyUserGroup} */
    public Decision evaluate(String action, String resource) {
        boolean allowed = false;
        for (Statement s : statements) {
            if (s.matches(action, resource)) {
                if (s.effect() == Effect.DENY) {
                    return Decision.EXPLICITLY_DENIED;
                }
                allowed = true;
            }
        }
        return allowed ? Decision.ALLOWED : Decision.IMPLICITLY_DENIED;
    }

    /**
     * IAM's glob: {@code *} any run of characters (also none), {@code ?} exactly one. Iterative with
     * one backtrack point, so a hostile resource name cannot make it blow up as a regex could.
     */
    static boolean wildcard(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
