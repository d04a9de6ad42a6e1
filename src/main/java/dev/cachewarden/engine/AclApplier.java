package dev.cachewarden.engine;

import dev.cachewarden.engine.node.NodeAddress;
import io.lettuce.core.RedisFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a node's ACL users exactly the desired ones (besides cachewarden's own admin user) and reads
 * them back. {@code ACL LIST} rewrites rules in its own words, so drift is found by comparing a user's
 * line with the line read back right after cachewarden last applied the same rules, not with the input.
 * An IAM user's password is the hash of its derived node secret ({@link IamSecrets}), filled in here so
 * that what is applied and what the drift check expects are the same. A user whose authentication mode
 * changed (password, no password, IAM) loses the connections it opened the old way, as on ElastiCache:
 * Redis keeps a connection when its user's passwords change, so they are killed after the change.
 */
public final class AclApplier {
    private static final Logger log = LoggerFactory.getLogger(AclApplier.class);

    private final NodeConnector connector;
    private final IamSecrets iamSecrets;
    /** Per node label: user name -> what was applied and the ACL LIST line it produced. */
    private final Map<String, Map<String, Applied>> applied = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();

    private record Applied(List<String> rules, String line) {}

    public AclApplier(NodeConnector connector, IamSecrets iamSecrets) {
        this.connector = connector;
        this.iamSecrets = iamSecrets;
    }

    /** Applies every desired user, removes the others, and verifies the result; throws if the node disagrees. */
    public void apply(NodeAddress node, List<AclUser> desired) {
        sync(node, desired, true);
    }

    /** Repairs only what drifted from the last applied state; @return the repairs made, for the log. */
    public List<String> reconcile(NodeAddress node, List<AclUser> desired) {
        return sync(node, desired, false);
    }

    /** Forgets what was applied to a node and closes its connection, so that the next pass re-applies everything (after a restart, or deleted). */
    public void forget(String nodeLabel) {
        applied.remove(nodeLabel);
        connector.forget(nodeLabel);
    }

    private List<String> sync(NodeAddress node, List<AclUser> desired, boolean force) {
        ReentrantLock lock = locks.computeIfAbsent(node.label(), k -> new ReentrantLock());
        lock.lock();
        try {
            return connector.withSession(node, session -> sync(session, node, desired, force));
        } finally {
            lock.unlock();
        }
    }

    /**
     * A user whose rules are those last applied and whose ACL LIST line is the one read back then is
     * left alone even when forced: the node already has exactly it. Everything else is set and read
     * back; the node's users are then listed once more and must be exactly the desired ones. All of
     * it after the first listing is sent in one pipeline, and every answer is checked.
     */
    private List<String> sync(NodeSession session, NodeAddress node, List<AclUser> wantedUsers, boolean force) {
        List<AclUser> desired = wantedUsers.stream().map(u -> u.withIamSecret(iamSecrets)).toList();
        Map<String, Applied> known = applied.computeIfAbsent(node.label(), k -> new ConcurrentHashMap<>());
        if (force && !known.isEmpty() && applyAsLastLeft(session, node, desired, known)) {
            return List.of();
        }
        Map<String, String> lines = lines(session.aclList());
        List<String> repairs = new ArrayList<>();
        Map<AclUser, List<String>> set = new LinkedHashMap<>();
        for (AclUser user : desired) {
            if (user.name().equals(node.adminUser())) {
                throw new NodeUnavailableException("user " + user.name() + " is the admin user of node " + node
                        + " and is not changed");
            }
            List<String> rules = user.setUserRules();
            Applied last = known.get(user.name());
            String line = lines.get(user.name());
            if (last != null && last.rules().equals(rules) && Objects.equals(last.line(), line)) {
                continue;
            }
            if (!force) {
                repairs.add(line == null ? "recreated user " + user.name() : "re-applied user " + user.name());
            }
            set.put(user, rules);
        }
        List<String> wanted = desired.stream().map(AclUser::name).toList();
        List<String> deleted = unwanted(lines.keySet(), wanted, node);
        Map<String, String> now = exchange(session, set, deleted, false).now();

        deleted.forEach(name -> {
            known.remove(name);
            repairs.add("deleted user " + name);
        });
        set.forEach((user, rules) -> known.put(user.name(), new Applied(rules, now.get(user.name()))));
        closeConnectionsOfChangedUsers(session, node, set.keySet(), lines, now);
        if (!exactly(now, wanted, node)) {
            throw new NodeUnavailableException("node " + node + " disagrees after applying: has " + now.keySet()
                    + ", wanted " + wanted);
        }
        if (!force && !repairs.isEmpty()) {
            log.info("repaired ACL drift on node {}: {}", node, repairs);
        } else if (force) {
            log.debug("applied {} of {} ACL user(s) on node {}", set.size(), desired.size(), node);
        }
        return repairs;
    }

    /**
     * A change to a node this applier has set up before, in one round trip instead of two: what to
     * set and delete is planned from what was last applied, and the pipeline opens with an ACL LIST, so
     * the node's users as they were just before the change still decide which connections to close. If
     * the node was not as last left (a user drifted or one appeared), the full pass runs after this one
     * and mends the rest. @return whether the node now holds exactly the desired users
     */
    private boolean applyAsLastLeft(NodeSession session, NodeAddress node, List<AclUser> desired,
                                    Map<String, Applied> known) {
        Map<AclUser, List<String>> set = new LinkedHashMap<>();
        Map<String, Applied> kept = new HashMap<>();
        for (AclUser user : desired) {
            if (user.name().equals(node.adminUser())) {
                return false; // the full pass says why this cannot be
            }
            Applied last = known.get(user.name());
            if (last != null && last.rules().equals(user.setUserRules())) {
                kept.put(user.name(), last);
            } else {
                set.put(user, user.setUserRules());
            }
        }
        List<String> wanted = desired.stream().map(AclUser::name).toList();
        List<String> deleted = unwanted(known.keySet(), wanted, node);
        Round round = exchange(session, set, deleted, true);
        Map<String, String> lines = round.before();
        Map<String, String> now = round.now();
        deleted.forEach(known::remove);
        set.forEach((user, rules) -> known.put(user.name(), new Applied(rules, now.get(user.name()))));
        closeConnectionsOfChangedUsers(session, node, set.keySet(), lines, now);
        boolean asLeft = kept.entrySet().stream().allMatch(e -> Objects.equals(e.getValue().line(),
                lines.get(e.getKey())) && Objects.equals(e.getValue().line(), now.get(e.getKey())));
        return asLeft && exactly(now, wanted, node);
    }

    /** The ACL LIST lines before the round (null when not asked for) and after it. */
    private record Round(Map<String, String> before, Map<String, String> now) {}

    /**
     * One pipelined round trip: an ACL LIST first when {@code listFirst}, then SETUSER and GETUSER for
     * each user to set, DELUSER for each to delete, and a closing ACL LIST; every answer is checked.
     * The commands leave in one write: sent one by one, each was its own TLS record and event-loop
     * task here, and the node could read and answer them over several of its turns.
     */
    private Round exchange(NodeSession session, Map<AclUser, List<String>> set, List<String> deleted,
                           boolean listFirst) {
        NodeSession.Pipeline pipeline = session.pipeline();
        List<RedisFuture<String>> sets = new ArrayList<>();
        List<RedisFuture<List<Object>>> readBacks = new ArrayList<>();
        List<RedisFuture<Long>> deletes = new ArrayList<>();
        List<RedisFuture<List<String>>> lists = session.batch(() -> {
            RedisFuture<List<String>> first = listFirst ? pipeline.aclList() : null;
            set.forEach((user, rules) -> {
                sets.add(pipeline.setUser(user.name(), rules));
                readBacks.add(pipeline.getUser(user.name()));
            });
            deleted.forEach(name -> deletes.add(pipeline.delUser(name)));
            return java.util.Arrays.asList(first, pipeline.aclList());
        });
        RedisFuture<List<String>> before = lists.get(0);
        RedisFuture<List<String>> listed = lists.get(1);
        Map<String, String> beforeLines = before == null ? null : lines(pipeline.await(before));
        sets.forEach(pipeline::await);
        deletes.forEach(pipeline::await);
        List<AclUser> users = new ArrayList<>(set.keySet());
        for (int i = 0; i < users.size(); i++) {
            verify(session.node(), users.get(i), pipeline.readBack(readBacks.get(i)));
        }
        return new Round(beforeLines, lines(pipeline.await(listed)));
    }

    /** The users among {@code names} that are not wanted and are ours to delete (not admin, not default). */
    private static List<String> unwanted(java.util.Collection<String> names, List<String> wanted, NodeAddress node) {
        return names.stream().filter(name -> !wanted.contains(name) && !node.adminUser().equals(name)
                && !AclUser.DEFAULT.equals(name)).toList();
    }

    /** Whether the node holds exactly the wanted users, besides its admin user and default. */
    private static boolean exactly(Map<String, String> now, List<String> wanted, NodeAddress node) {
        List<String> extra = new ArrayList<>(now.keySet());
        extra.removeAll(wanted);
        extra.remove(node.adminUser());
        extra.remove(AclUser.DEFAULT);
        return extra.isEmpty() && now.keySet().containsAll(wanted);
    }

    /**
     * After a change (so a client cannot re-authenticate the old way in between): {@code default}
     * swapped ends the old default's connections (as on AWS), and a user whose authentication mode
     * changed loses the connections it opened the old way.
     */
    private void closeConnectionsOfChangedUsers(NodeSession session, NodeAddress node, java.util.Set<AclUser> set,
                                                Map<String, String> before, Map<String, String> now) {
        String oldDefault = before.get(AclUser.DEFAULT);
        if (set.stream().anyMatch(u -> u.name().equals(AclUser.DEFAULT)) && oldDefault != null
                && !oldDefault.equals(now.get(AclUser.DEFAULT))) {
            session.killClientsOf(AclUser.DEFAULT);
        }
        for (AclUser user : set) {
            String line = before.get(user.name());
            if (line != null && !AclUser.DEFAULT.equals(user.name()) && modeOf(line, user.name()) != user.mode()) {
                long killed = session.killClientsOf(user.name());
                log.info("user {} changed authentication mode on node {}: closed {} connection(s) opened the old way",
                        user.name(), node, killed);
            }
        }
    }

    /** Checks a user read back with ACL GETUSER: its switch and passwords as sent. */
    private static void verify(NodeAddress node, AclUser user, NodeSession.ReadBack back) {
        if (back == null || back.enabled() != user.enabled() || back.noPassword() != user.noPassword()
                || !new java.util.HashSet<>(back.passwordHashes()).equals(new java.util.HashSet<>(user.passwordHashes()))) {
            throw new NodeUnavailableException("node " + node + " did not take user " + user.name()
                    + " as sent (read back: " + (back == null ? "missing" : back.flags()) + ")");
        }
    }

    /**
     * How the user of an ACL LIST line authenticates: {@code nopass}, only its IAM secret's hash, other
     * hashes; null when it has no password at all (nobody could have authenticated as it that way).
     */
    AclUser.Mode modeOf(String line, String name) {
        List<String> hashes = new ArrayList<>();
        for (String token : line.split(" ")) {
            if (token.equals("nopass")) {
                return AclUser.Mode.NO_PASSWORD;
            }
            if (token.startsWith("#")) {
                hashes.add(token.substring(1));
            }
        }
        if (hashes.isEmpty()) {
            return null;
        }
        return hashes.equals(List.of(iamSecrets.nodeSecretHash(name).sha256Hex())) ? AclUser.Mode.IAM
                : AclUser.Mode.PASSWORD;
    }

    /** ACL LIST lines by user name. */
    static Map<String, String> lines(List<String> aclList) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : aclList) {
            String[] parts = line.split(" ", 3);
            if (parts.length >= 2 && parts[0].equals("user")) {
                out.put(parts[1], line);
            }
        }
        return out;
    }

}
