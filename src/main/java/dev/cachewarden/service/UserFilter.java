package dev.cachewarden.service;

import dev.cachewarden.domain.User;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One DescribeUsers filter: a user matches when its property equals one of the values. Names are
 * the User members (the model's example is "UserId"), matched without regard to case or hyphens.
 */
public record UserFilter(String name, List<String> values, Function<User, String> property) {
    public static UserFilter of(String name, List<String> values) {
        if (name == null || name.isBlank()) {
            throw ElastiCacheFault.invalidValue("Filter Name must not be empty.");
        }
        if (values == null || values.isEmpty() || values.stream().anyMatch(String::isBlank)) {
            throw ElastiCacheFault.invalidValue("Filter " + name + " must have at least one non-empty value.");
        }
        Function<User, String> property = switch (name.replace("-", "").toLowerCase(Locale.ROOT)) {
            case "userid" -> User::userId;
            case "username" -> User::userName;
            case "engine" -> u -> u.engine().wire();
            case "status" -> u -> u.status().wire();
            case "accessstring" -> u -> u.accessString().canonical();
            case "authenticationtype", "authentication" -> u -> u.authentication().type();
            case "minimumengineversion" -> u -> u.minimumEngineVersion().toString();
            default -> throw ElastiCacheFault.invalidValue("Invalid filter name: " + name
                    + ". Valid filter names are UserId, UserName, Engine, Status, AccessString, AuthenticationType "
                    + "and MinimumEngineVersion.");
        };
        return new UserFilter(name, List.copyOf(values), property);
    }

    boolean matches(User user) {
        String value = property.apply(user);
        return values.stream().anyMatch(v -> v.equalsIgnoreCase(value));
    }
}
