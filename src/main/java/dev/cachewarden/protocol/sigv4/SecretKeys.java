package dev.cachewarden.protocol.sigv4;

import java.util.Optional;

/** Where the verifier finds the secret of an access key id. */
@FunctionalInterface
public interface SecretKeys {
    Optional<String> secretFor(String accessKeyId);
}
