package dev.cachewarden.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Every fault to inject, as JSON (the start-up file and the runtime endpoint take the same):
 * <pre>{"actions": [{"action": "ModifyUserGroup", "error": "InvalidUserGroupState", "times": 2}],
 *  "nodes": [{"cacheId": "rg", "aclApply": "hang"}]}</pre>
 * An unknown member is refused, so that a typo does not silently inject nothing.
 */
public record FaultPlan(List<ActionFault> actions, List<NodeFault> nodes) {
    public static final FaultPlan NONE = new FaultPlan(List.of(), List.of());
    private static final Set<String> ACTION_KEYS = Set.of("action", "error", "message", "probability", "times", "latencyMs");
    private static final Set<String> NODE_KEYS = Set.of("cacheId", "aclApply");

    public FaultPlan {
        actions = List.copyOf(actions);
        nodes = List.copyOf(nodes);
    }

    public static FaultPlan parse(byte[] json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object with \"actions\" and/or \"nodes\"");
        }
        only(root, Set.of("actions", "nodes"), "the plan");
        List<ActionFault> actions = new ArrayList<>();
        for (JsonNode a : array(root, "actions")) {
            only(a, ACTION_KEYS, "an action fault");
            actions.add(new ActionFault(text(a, "action"), text(a, "error"), text(a, "message"),
                    a.has("probability") ? number(a, "probability") : 1.0,
                    a.has("times") ? (int) number(a, "times") : null,
                    a.has("latencyMs") ? (long) number(a, "latencyMs") : 0));
        }
        List<NodeFault> nodes = new ArrayList<>();
        for (JsonNode n : array(root, "nodes")) {
            only(n, NODE_KEYS, "a node fault");
            String mode = text(n, "aclApply");
            if (mode == null || !Set.of("fail", "hang").contains(mode.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("aclApply must be fail or hang");
            }
            nodes.add(new NodeFault(text(n, "cacheId"), NodeFault.Mode.valueOf(mode.toUpperCase(Locale.ROOT))));
        }
        return new FaultPlan(actions, nodes);
    }

    private static Iterable<JsonNode> array(JsonNode root, String name) {
        JsonNode a = root.get(name);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            throw new IllegalArgumentException("\"" + name + "\" must be an array");
        }
        return a;
    }

    private static void only(JsonNode node, Set<String> keys, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("unknown member \"" + key + "\" in " + what + "; known: " + keys);
            }
        }
    }

    private static String text(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("\"" + name + "\" must be a string");
        }
        return v.asText();
    }

    private static double number(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (!v.isNumber()) {
            throw new IllegalArgumentException("\"" + name + "\" must be a number");
        }
        return v.asDouble();
    }

    /**
     * Made on the first parse: every start meets NONE, few ever parse a plan, and Jackson's set-up
     * (its date formats list the JDK's locales) was a noticeable part of a start (docs/bench.md).
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
