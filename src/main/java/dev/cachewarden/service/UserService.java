package dev.cachewarden.service;

import dev.cachewarden.domain.AccessString;
import dev.cachewarden.domain.Authentication;
import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.Status;
import dev.cachewarden.domain.Tag;
import dev.cachewarden.domain.User;
import dev.cachewarden.domain.UserGroup;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import dev.cachewarden.domain.fault.Fault;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TaskKind;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** CreateUser, ModifyUser, DeleteUser and DescribeUsers: ElastiCache's rules for users. */
public final class UserService {
    public record CreateUser(String userId, String userName, String engine, String accessString,
                             AuthenticationInput authentication, List<Tag> tags) {}

    public record ModifyUser(String userId, Optional<String> accessString, Optional<String> appendAccessString,
                             AuthenticationInput authentication, Optional<String> engine) {}

    public record DescribeUsers(Optional<String> userId, Optional<String> engine, List<UserFilter> filters,
                                Integer maxRecords, String marker) {}

    private final Store store;
    private final ServiceSettings settings;
    private final Runnable transitionsChanged;

    /** @param transitionsChanged told after a commit that enqueued a transition, to wake the worker */
    public UserService(Store store, ServiceSettings settings, Runnable transitionsChanged) {
        this.store = store;
        this.settings = settings;
        this.transitionsChanged = transitionsChanged;
    }

    public User create(CreateUser request) {
        String userId = Identifiers.normalize("User ID", request.userId());
        String userName = checkUserName(request.userName());
        Engine engine = Requests.engine(request.engine());
        AccessString access = accessString(request.accessString());
        Authentication auth = AuthenticationRules.resolve(request.authentication(), userId, userName)
                .orElseThrow(() -> ElastiCacheFault.invalidValue(
                        "Input Authentication type: null is not in the allowed list: [password,no-password-required,iam]"));
        AuthenticationRules.checkEngine(engine, auth);
        Tags.check(request.tags(), settings.quotas().tagsPerResource());
        User user = new User(userId, userName, engine, Status.ACTIVE, access, auth, List.of(), 0);
        return store.inTransaction(tx -> {
            // The event first: the insert takes the quota counter's row lock, which every other create
            // waits for, so as little as possible runs between it and the commit. A throw below rolls
            // the event back with the rest.
            ServiceEvents.userCreated(tx, settings, userId);
            // The insert itself tells an existing id (its primary key): no read before it.
            if (!tx.users().insert(user)) {
                throw userExists(userId);
            }
            // Counted after the insert, which makes the count exact (UserRepository.count); over the quota
            // the throw rolls the insert back. The built-in default user does not count against the quota.
            long quota = settings.quotas().users();
            if (tx.users().count() - 1 > quota) {
                throw new ElastiCacheFault(Fault.USER_QUOTA_EXCEEDED,
                        "The quota of " + settings.quotas().users() + " users has been exceeded.");
            }
            tx.tags().put(settings.userArn(userId), request.tags());
            return user;
        });
    }

    public User modify(ModifyUser request) {
        String userId = Identifiers.normalize("User ID", request.userId());
        if (request.accessString().isPresent() && request.appendAccessString().isPresent()) {
            throw ElastiCacheFault.invalidCombination("AccessString and AppendAccessString cannot be specified together.");
        }
        Optional<Engine> newEngine = request.engine().map(Requests::engine);
        Optional<AccessString> replaced = request.accessString().map(UserService::accessString);
        if (request.accessString().isEmpty() && request.appendAccessString().isEmpty()
                && request.authentication().isEmpty() && newEngine.isEmpty()) {
            throw Requests.noModifications();
        }
        User modified = store.inTransaction(tx -> {
            User user = findForChange(tx, userId, "modified");
            AccessString access = replaced.orElse(user.accessString());
            if (request.appendAccessString().isPresent()) {
                access = appended(user.accessString(), request.appendAccessString().get());
            }
            Optional<Authentication> requestedAuth = AuthenticationRules.resolve(request.authentication(), userId,
                    user.userName());
            if (requestedAuth.isEmpty() && replaced.isEmpty() && request.appendAccessString().isEmpty()
                    && newEngine.isEmpty()) {
                // e.g. only NoPasswordRequired=false: it asks for nothing.
                throw Requests.noModifications();
            }
            Authentication auth = requestedAuth.orElse(user.authentication());
            if (auth instanceof Authentication.Iam && !user.userId().equals(user.userName())) {
                throw ElastiCacheFault.invalidCombination("User Id and User name must be same for authentication type: iam");
            }
            Engine engine = newEngine.orElse(user.engine());
            AuthenticationRules.checkEngine(engine, auth);
            User next = new User(userId, user.userName(), engine, Status.MODIFYING, access, auth, user.userGroupIds(),
                    user.version());
            for (UserGroup group : groupsOf(tx, user)) {
                MembershipRules.checkMember(group.engine(), next);
            }
            tx.users().update(next);
            tx.tasks().enqueue(TaskKind.USER_MODIFY, userId, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.USER_MODIFY, userId);
            return next;
        });
        transitionsChanged.run();
        return modified;
    }

    public User delete(String rawUserId) {
        String userId = Identifiers.normalize("User ID", rawUserId);
        User deleting = store.inTransaction(tx -> {
            User user = findForChange(tx, userId, "deleted");
            List<String> groups = tx.userGroups().groupsReferencing(userId);
            // Only redis groups need a default-named user; a valkey group simply loses a member.
            List<String> relyingOnIt = User.DEFAULT_USER_NAME.equals(user.userName())
                    ? groups.stream().filter(id -> tx.userGroups().find(id, false)
                            .map(g -> g.engine() == Engine.REDIS).orElse(false)).toList()
                    : List.of();
            if (!relyingOnIt.isEmpty()) {
                throw new ElastiCacheFault(Fault.DEFAULT_USER_ASSOCIATED_TO_USER_GROUP,
                        "User is associated to user group(s) " + String.join(", ", relyingOnIt)
                                + ". Remove it from the user group(s) before deleting it.");
            }
            // "The user will be removed from all user groups": at once, so that a later
            // ModifyUserGroup removing it is told it is not a member.
            for (String groupId : groups) {
                // Locked, so its deletion cannot finish meanwhile; one that finished since the read
                // above is gone, its members with it.
                Optional<UserGroup> locked = tx.userGroups().find(groupId, true);
                if (locked.isEmpty()) {
                    continue;
                }
                UserGroup group = locked.get();
                tx.userGroups().setMembers(groupId, without(group.userIds(), userId));
                if (group.pendingChanges() != null) {
                    tx.userGroups().updateStatus(groupId, group.status(), MembershipRules.withoutUser(group.pendingChanges(), userId));
                }
            }
            User next = new User(user.userId(), user.userName(), user.engine(), Status.DELETING, user.accessString(),
                    user.authentication(), List.of(), user.version());
            tx.users().update(next);
            tx.tasks().enqueue(TaskKind.USER_DELETE, userId, settings.transitionDueAt());
            ServiceEvents.accepted(tx, settings, TaskKind.USER_DELETE, userId);
            // AWS's DeleteUser examples answer with the groups the user is being removed from.
            return new User(next.userId(), next.userName(), next.engine(), next.status(), next.accessString(),
                    next.authentication(), user.userGroupIds(), next.version());
        });
        transitionsChanged.run();
        return deleting;
    }

    public Page<User> describe(DescribeUsers request) {
        int max = Paging.maxRecords(request.maxRecords(), Paging.RBAC);
        String after = Paging.afterId(request.marker());
        Optional<Engine> engine = request.engine().map(Requests::engine);
        return store.readSnapshot(tx -> {
            if (request.userId().isPresent()) {
                String userId = Identifiers.normalize("User ID", request.userId().get());
                User user = tx.users().find(userId, false).orElseThrow(() -> userNotFound(userId));
                boolean matches = engine.map(e -> e == user.engine()).orElse(true)
                        && request.filters().stream().allMatch(f -> f.matches(user))
                        && (after == null || userId.compareTo(after) > 0);
                return new Page<>(matches ? List.of(user) : List.of(), null);
            }
            if (engine.isEmpty() && request.filters().isEmpty()) {
                // Every row matches: read one past the page to learn whether there is a next one.
                List<User> page = tx.users().page(after, max + 1);
                return page.size() > max
                        ? new Page<>(page.subList(0, max), Paging.markerAfter(page.get(max - 1).userId()))
                        : new Page<>(page, null);
            }
            List<User> out = new ArrayList<>();
            String cursor = after;
            while (true) {
                List<User> chunk = tx.users().page(cursor, 200);
                for (User u : chunk) {
                    if (engine.map(e -> e == u.engine()).orElse(true)
                            && request.filters().stream().allMatch(f -> f.matches(u))) {
                        if (out.size() == max) {
                            return new Page<>(out, Paging.markerAfter(out.get(max - 1).userId()));
                        }
                        out.add(u);
                    }
                }
                if (chunk.size() < 200) {
                    return new Page<>(out, null);
                }
                cursor = chunk.get(chunk.size() - 1).userId();
            }
        });
    }

    private User findForChange(Transaction tx, String userId, String verb) {
        User user = tx.users().find(userId, true).orElseThrow(() -> userNotFound(userId));
        if (user.isBuiltInDefault()) {
            throw ElastiCacheFault.invalidValue("The built-in default user cannot be " + verb + ".");
        }
        if (user.status() != Status.ACTIVE) {
            throw new ElastiCacheFault(Fault.INVALID_USER_STATE, "User " + userId + " has status "
                    + user.status().wire() + ". Only active users can be " + verb + ".");
        }
        return user;
    }

    private static List<UserGroup> groupsOf(Transaction tx, User user) {
        List<UserGroup> groups = new ArrayList<>();
        for (String id : tx.userGroups().groupsReferencing(user.userId())) {
            tx.userGroups().find(id, false).ifPresent(groups::add);
        }
        return groups;
    }

    private static AccessString appended(AccessString current, String more) {
        try {
            return current.append(more);
        } catch (AccessString.InvalidAccessString e) {
            throw ElastiCacheFault.invalidValue("Invalid access string: " + e.getMessage());
        }
    }

    static AccessString accessString(String text) {
        try {
            return AccessString.parse(text);
        } catch (AccessString.InvalidAccessString e) {
            throw ElastiCacheFault.invalidValue("Invalid access string: " + e.getMessage());
        }
    }

    private static String checkUserName(String userName) {
        if (dev.cachewarden.domain.ReservedNames.ADMIN_USER_NAME.equals(userName)) {
            // cachewarden's own management user on every node.
            throw ElastiCacheFault.invalidValue("User name '" + userName + "' is reserved by cachewarden.");
        }
        if (userName.isEmpty() || userName.length() > 120 || userName.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw ElastiCacheFault.invalidValue("User name '" + userName + "' is invalid: it must be 1 to 120 printable "
                    + "ASCII characters with no spaces.");
        }
        return userName;
    }

    private static List<String> without(List<String> ids, String id) {
        return ids.stream().filter(x -> !x.equals(id)).toList();
    }

    public static ElastiCacheFault userNotFound(String userId) {
        return new ElastiCacheFault(Fault.USER_NOT_FOUND, "User " + userId + " not found.");
    }

    private static ElastiCacheFault userExists(String userId) {
        return new ElastiCacheFault(Fault.USER_ALREADY_EXISTS, "User " + userId + " already exists.");
    }
}
