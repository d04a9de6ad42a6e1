package dev.cachewarden.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads an IAM policy document (Jackson tree): {@code Version}, and {@code Statement} as one object or
 * a list, each with {@code Effect}, {@code Action} and {@code Resource} as a string or a list. Anything
 * we do not evaluate ({@code Condition}, {@code NotAction}, {@code NotResource}, {@code Principal}) is
 * refused rather than ignored, so a policy never grants more than it reads as granting.
 */
public final class PolicyParser {
    private static final Set<String> STATEMENT_KEYS = Set.of("Sid", "Effect", "Action", "Resource");

    private PolicyParser() {}

    public static Policy parse(JsonNode document, String where) {
        if (document == null || !document.isObject()) {
            throw new IllegalArgumentException(where + ": the policy must be a JSON object");
        }
        JsonNode version = document.get("Version");
        if (version != null && !version.asText().equals("2012-10-17") && !version.asText().equals("2008-10-17")) {
            throw new IllegalArgumentException(where + ": unknown policy Version " + version);
        }
        JsonNode statement = document.get("Statement");
        if (statement == null) {
            throw new IllegalArgumentException(where + ": the policy has no Statement");
        }
        List<Policy.Statement> statements = new ArrayList<>();
        if (statement.isArray()) {
            int i = 0;
            for (JsonNode s : statement) {
                statements.add(statement(s, where + " Statement[" + i++ + "]"));
            }
        } else {
            statements.add(statement(statement, where + " Statement"));
        }
        return new Policy(statements);
    }

    private static Policy.Statement statement(JsonNode s, String where) {
        if (!s.isObject()) {
            throw new IllegalArgumentException(where + ": a statement must be a JSON object");
        }
        s.fieldNames().forEachRemaining(name -> {
            if (!STATEMENT_KEYS.contains(name)) {
                throw new IllegalArgumentException(where + ": '" + name + "' is not supported (only "
                        + String.join(", ", STATEMENT_KEYS) + ")");
            }
        });
        String effect = s.path("Effect").asText("");
        Policy.Effect e = switch (effect) {
            case "Allow" -> Policy.Effect.ALLOW;
            case "Deny" -> Policy.Effect.DENY;
            default -> throw new IllegalArgumentException(where + ": Effect must be Allow or Deny, not '" + effect + "'");
        };
        List<String> actions = strings(s.get("Action"), where + " Action");
        for (String action : actions) {
            if (!action.equals("*") && !action.toLowerCase(java.util.Locale.ROOT).startsWith("elasticache:")) {
                throw new IllegalArgumentException(where + ": action '" + action
                        + "' is not an elasticache action (write elasticache:Name, elasticache:Describe* or *)");
            }
        }
        return new Policy.Statement(e, actions, strings(s.get("Resource"), where + " Resource"));
    }

    private static List<String> strings(JsonNode node, String where) {
        List<String> out = new ArrayList<>();
        if (node != null && node.isTextual()) {
            out.add(node.asText());
        } else if (node != null && node.isArray()) {
            for (JsonNode n : node) {
                if (!n.isTextual()) {
                    throw new IllegalArgumentException(where + ": every entry must be a string");
                }
                out.add(n.asText());
            }
        }
        if (out.isEmpty() || out.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException(where + ": a non-empty string or list of strings is required");
        }
        return out;
    }
}
