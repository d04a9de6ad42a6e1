package dev.cachewarden.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cachewarden.protocol.sigv4.SecretKeys;
import dev.cachewarden.secrets.SecretFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everyone who may call the API, by access key id: the root principal and those of the principals
 * file. The file (JSON, mode 0600 since it holds secrets) reads:
 * <pre>{@code
 * {"principals": [
 *   {"name": "reader", "accessKeyId": "AKIDREADER", "secretAccessKey": "…",
 *    "policy": {"Version": "2012-10-17",
 *               "Statement": [{"Effect": "Allow", "Action": "elasticache:Describe*", "Resource": "*"}]}}
 * ]}
 * }</pre>
 */
public final class Principals implements SecretKeys {
    private static final Set<String> PRINCIPAL_KEYS = Set.of("name", "accessKeyId", "secretAccessKey", "policy");

    private final Map<String, Principal> byAccessKey;

    private Principals(Map<String, Principal> byAccessKey) {
        this.byAccessKey = Map.copyOf(byAccessKey);
    }

    public static String rootArn(String accountId) {
        return "arn:aws:iam::" + accountId + ":root";
    }

    public static Principals of(String accountId, RootCredentials.KeyPair root, List<Principal> others) {
        Map<String, Principal> map = new HashMap<>();
        map.put(root.accessKeyId(), new Principal("root", rootArn(accountId), root.accessKeyId(),
                root.secretAccessKey(), null));
        for (Principal p : others) {
            if (map.putIfAbsent(p.accessKeyId(), p) != null) {
                throw new IllegalArgumentException("access key " + p.accessKeyId() + " is given to more than one principal");
            }
        }
        return new Principals(map);
    }

    /** Reads the principals file, refusing it when group or others may read it. */
    public static List<Principal> load(Path file, String accountId) throws IOException {
        JsonNode root = new ObjectMapper().readTree(SecretFiles.read(file));
        JsonNode list = root == null ? null : root.get("principals");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(file + ": expected {\"principals\": [ … ]}");
        }
        List<Principal> out = new java.util.ArrayList<>();
        int i = 0;
        for (JsonNode p : list) {
            String where = file + " principals[" + i++ + "]";
            p.fieldNames().forEachRemaining(name -> {
                if (!PRINCIPAL_KEYS.contains(name)) {
                    throw new IllegalArgumentException(where + ": unknown field '" + name + "'");
                }
            });
            String name = text(p, "name", where);
            if (!name.matches("[A-Za-z0-9+=,.@_-]{1,64}")) {
                throw new IllegalArgumentException(where + ": name must be 1-64 of A-Z a-z 0-9 + = , . @ _ -");
            }
            String accessKeyId = text(p, "accessKeyId", where);
            if (!accessKeyId.matches("[A-Za-z0-9]{4,128}")) {
                throw new IllegalArgumentException(where + ": accessKeyId must be 4-128 letters and digits");
            }
            String secret = text(p, "secretAccessKey", where);
            if (secret.length() < 16) {
                throw new IllegalArgumentException(where + ": secretAccessKey must be at least 16 characters");
            }
            Policy policy = PolicyParser.parse(p.get("policy"), where + " policy");
            out.add(new Principal(name, "arn:aws:iam::" + accountId + ":user/" + name, accessKeyId, secret, policy));
        }
        return out;
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + field + "' is required");
        }
        return v.asText();
    }

    public Optional<Principal> byAccessKey(String accessKeyId) {
        return Optional.ofNullable(byAccessKey.get(accessKeyId));
    }

    @Override
    public Optional<String> secretFor(String accessKeyId) {
        return byAccessKey(accessKeyId).map(Principal::secretAccessKey);
    }

    public int size() {
        return byAccessKey.size();
    }
}
