package dev.cachewarden.domain;

import java.util.List;

/** How a user proves itself to the engine: the closed set ElastiCache offers. */
public sealed interface Authentication {
    /** The output enum, which differs from the input's {@code no-password-required}. */
    String type();

    record Password(List<PasswordHash> hashes) implements Authentication {
        public Password {
            hashes = List.copyOf(hashes);
        }

        @Override
        public String type() {
            return "password";
        }
    }

    record NoPassword() implements Authentication {
        @Override
        public String type() {
            return "no-password";
        }
    }

    record Iam() implements Authentication {
        @Override
        public String type() {
            return "iam";
        }
    }
}
