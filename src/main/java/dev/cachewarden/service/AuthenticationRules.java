package dev.cachewarden.service;

import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.PasswordHash;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the three ways a request can say how a user authenticates (the legacy {@code Passwords} and
 * {@code NoPasswordRequired}, and {@code AuthenticationMode}) into one {@link Authentication}, with
 * the checks ElastiCache makes. Plaintext passwords are hashed here and go no further.
 */
final class AuthenticationRules {
    static final int MAX_PASSWORDS = 2;
    static final int MIN_PASSWORD_LENGTH = 16;
    static final int MAX_PASSWORD_LENGTH = 128;

    private AuthenticationRules() {}

    /** @return the authentication the input asks for, or empty when it asks for no change */
    static Optional<Authentication> resolve(AuthenticationInput in, String userId, String userName) {
        if (in.isEmpty()) {
            return Optional.empty();
        }
        boolean noPassword = in.noPasswordRequired().orElse(false);
        if (in.modeType().isEmpty()) {
            if (in.modePasswords().isPresent()) {
                throw ElastiCacheFault.invalidValue("AuthenticationMode.Type is required when AuthenticationMode is given.");
            }
            if (in.passwords().isPresent()) {
                if (noPassword) {
                    throw ElastiCacheFault.invalidCombination("No password required flag is true but passwords are provided.");
                }
                return Optional.of(password(in.passwords().get()));
            }
            if (noPassword) {
                return Optional.of(new Authentication.NoPassword());
            }
            return Optional.empty();
        }
        String type = in.modeType().get().toLowerCase(Locale.ROOT);
        if (in.passwords().isPresent() && in.modePasswords().isPresent()) {
            throw ElastiCacheFault.invalidCombination("Passwords provided via multiple arguments. Use only one argument.");
        }
        Optional<List<String>> passwords = in.modePasswords().or(in::passwords);
        switch (type) {
            case "password" -> {
                if (noPassword) {
                    throw ElastiCacheFault.invalidCombination(
                            "No password required flag is true but provided authentication type is password.");
                }
                if (passwords.isEmpty() || passwords.get().isEmpty()) {
                    throw ElastiCacheFault.invalidCombination(
                            "A user with Authentication Mode: password, must have at least one password.");
                }
                return Optional.of(password(passwords.get()));
            }
            case "no-password-required" -> {
                if (passwords.isPresent()) {
                    throw ElastiCacheFault.invalidCombination(
                            "Password field is not allowed with authentication type: no-password-required.");
                }
                return Optional.of(new Authentication.NoPassword());
            }
            case "iam" -> {
                if (passwords.isPresent()) {
                    throw ElastiCacheFault.invalidCombination("Password field is not allowed with authentication type: iam.");
                }
                if (noPassword) {
                    throw ElastiCacheFault.invalidCombination(
                            "No password required flag is true but provided authentication type is iam.");
                }
                if (!userId.equals(userName)) {
                    throw ElastiCacheFault.invalidCombination("User Id and User name must be same for authentication type: iam");
                }
                return Optional.of(new Authentication.Iam());
            }
            default -> throw ElastiCacheFault.invalidValue("Input Authentication type: " + in.modeType().get()
                    + " is not in the allowed list: [password,no-password-required,iam]");
        }
    }

    /** Valkey users must authenticate: a password or IAM, never none. */
    static void checkEngine(Engine engine, Authentication auth) {
        if (engine == Engine.VALKEY && auth instanceof Authentication.NoPassword) {
            throw ElastiCacheFault.invalidCombination(
                    "Valkey users must use either password or IAM authentication; no-password-required is not allowed.");
        }
    }

    private static Authentication password(List<String> plaintexts) {
        if (plaintexts.isEmpty()) {
            throw ElastiCacheFault.invalidValue("At least one password must be provided.");
        }
        if (plaintexts.size() > MAX_PASSWORDS) {
            throw ElastiCacheFault.invalidValue("A user can have at most " + MAX_PASSWORDS + " passwords.");
        }
        for (String p : plaintexts) {
            if (p.length() < MIN_PASSWORD_LENGTH || p.length() > MAX_PASSWORD_LENGTH) {
                throw ElastiCacheFault.invalidValue("Passwords length must be between 16-128 characters.");
            }
            for (int i = 0; i < p.length(); i++) {
                char c = p.charAt(i);
                if (c < 0x20 || c > 0x7e || c == ',' || c == '"' || c == '/' || c == '@') {
                    throw ElastiCacheFault.invalidValue("Passwords must contain only printable ASCII characters and "
                            + "none of the following: , \" / @");
                }
            }
        }
        return new Authentication.Password(plaintexts.stream().map(PasswordHash::of).toList());
    }
}
