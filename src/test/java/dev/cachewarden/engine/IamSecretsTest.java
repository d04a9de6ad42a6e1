package dev.cachewarden.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.cachewarden.engine.node.AdminCredentials;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The node secret is HMAC-SHA256(HMAC-SHA256(admin password, purpose), user id), from any thread. */
class IamSecretsTest {
    private static final String ADMIN = "admin-password-for-the-test";

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String expected(String userId) throws Exception {
        byte[] key = hmac(ADMIN.getBytes(StandardCharsets.UTF_8), "cachewarden/iam-node-secret/v1");
        return HexFormat.of().formatHex(hmac(key, userId));
    }

    @Test
    void secretIsTheDocumentedDerivation() throws Exception {
        IamSecrets secrets = IamSecrets.of(AdminCredentials.of(ADMIN));
        assertEquals(expected("alice"), secrets.nodeSecret("alice"));
        assertEquals(expected("bob"), secrets.nodeSecret("bob"));
        assertEquals(expected("alice"), secrets.nodeSecret("alice"), "the same after other users' secrets");
        assertNotEquals(secrets.nodeSecret("alice"), IamSecrets.of(AdminCredentials.of("other")).nodeSecret("alice"));
    }

    @Test
    void threadsDeriveTheSameSecrets() throws Exception {
        IamSecrets secrets = IamSecrets.of(AdminCredentials.of(ADMIN));
        List<String> users = List.of("u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> all = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 2_000; i++) {
                        String user = users.get(i % users.size());
                        if (!secrets.nodeSecret(user).equals(expected(user))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : all) {
                assertEquals(true, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
