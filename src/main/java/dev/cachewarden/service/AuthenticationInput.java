package dev.cachewarden.service;

import java.util.List;
import java.util.Optional;

/** How a CreateUser or ModifyUser request said the user authenticates; every field may be absent. */
public record AuthenticationInput(Optional<List<String>> passwords, Optional<Boolean> noPasswordRequired,
                                  Optional<String> modeType, Optional<List<String>> modePasswords) {
    boolean isEmpty() {
        return passwords.isEmpty() && noPasswordRequired.isEmpty() && modeType.isEmpty() && modePasswords.isEmpty();
    }

    @Override
    public String toString() {
        return "AuthenticationInput[passwords=" + passwords.map(p -> p.size() + " hidden").orElse("none")
                + ", noPasswordRequired=" + noPasswordRequired + ", modeType=" + modeType + "]";
    }
}
