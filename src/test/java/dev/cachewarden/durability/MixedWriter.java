package dev.cachewarden.durability;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Supplier;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * One client thread of the kill loop: CreateUser, ModifyUser, CreateUserGroup and ModifyUserGroup
 * on resources only it writes, recording each outcome in its resources' registers. An answer with
 * an AWS error (4xx) changed nothing; no answer at all (the server died) leaves the outcome unknown
 * and ends this thread's round, so a resource has at most one unknown write after its last
 * acknowledged one.
 */
final class MixedWriter {
    static final int MAX_GROUPS = 6;

    final String prefix;
    final Map<String, Register<String>> users = new LinkedHashMap<>();
    final Map<String, Register<Set<String>>> groups = new LinkedHashMap<>();
    private final Random random;
    private int nextUser;
    private int nextGroup;
    private int sequence;
    long acknowledged;
    long refused;

    MixedWriter(String prefix, long seed) {
        this.prefix = prefix;
        this.random = new Random(seed);
    }

    /** Writes until the deadline or until a request gets no answer; ack times go to {@code acks}. */
    void run(ElastiCacheClient ec, long deadlineNanos, ConcurrentLinkedQueue<Long> acks) {
        while (System.nanoTime() < deadlineNanos) {
            if (!step(ec, acks)) {
                return;
            }
        }
    }

    private boolean step(ElastiCacheClient ec, ConcurrentLinkedQueue<Long> acks) {
        List<String> existingUsers = users.entrySet().stream().filter(e -> e.getValue().acknowledged() != null)
                .map(Map.Entry::getKey).toList();
        List<String> existingGroups = groups.entrySet().stream().filter(e -> e.getValue().acknowledged() != null)
                .map(Map.Entry::getKey).toList();
        double dice = random.nextDouble();
        if (existingUsers.isEmpty() || dice < 0.25) {
            String id = prefix + "u" + nextUser++;
            String access = access();
            Register<String> register = new Register<>(null);
            users.put(id, register);
            return write(register, access, acks, () -> ec.createUser(r -> r.userId(id).userName(id).engine("redis")
                    .accessString(access).noPasswordRequired(true)));
        }
        if (dice < 0.5) {
            String id = pick(existingUsers);
            String access = access();
            return write(users.get(id), access, acks, () -> ec.modifyUser(r -> r.userId(id).accessString(access)));
        }
        if (dice < 0.65 && groups.size() < MAX_GROUPS) {
            String id = prefix + "g" + nextGroup++;
            String member = pick(existingUsers);
            Register<Set<String>> register = new Register<>(null);
            groups.put(id, register);
            return write(register, Set.of("default", member), acks, () -> ec.createUserGroup(r -> r.userGroupId(id)
                    .engine("redis").userIds("default", member)));
        }
        if (existingGroups.isEmpty()) {
            return true;
        }
        String id = pick(existingGroups);
        Register<Set<String>> register = groups.get(id);
        Set<String> members = new HashSet<>(register.acknowledged());
        List<String> removable = members.stream().filter(m -> !m.equals("default")).toList();
        List<String> addable = existingUsers.stream().filter(u -> !members.contains(u)).toList();
        if (!addable.isEmpty() && (removable.isEmpty() || random.nextBoolean())) {
            String user = pick(addable);
            members.add(user);
            return write(register, Set.copyOf(members), acks,
                    () -> ec.modifyUserGroup(r -> r.userGroupId(id).userIdsToAdd(user)));
        }
        if (removable.isEmpty()) {
            return true;
        }
        String user = pick(removable);
        members.remove(user);
        return write(register, Set.copyOf(members), acks,
                () -> ec.modifyUserGroup(r -> r.userGroupId(id).userIdsToRemove(user)));
    }

    /** @return false when the request got no answer (the round is over for this thread) */
    private <S> boolean write(Register<S> register, S next, ConcurrentLinkedQueue<Long> acks, Supplier<?> request) {
        try {
            request.get();
            register.acknowledge(next);
            acknowledged++;
            acks.add(System.nanoTime());
            return true;
        } catch (AwsServiceException e) {
            if (e.statusCode() < 500) {
                refused++; // e.g. InvalidUserState while a transition is still running: nothing changed
                return true;
            }
            register.unknown(next);
            return false;
        } catch (SdkException e) {
            register.unknown(next);
            return false;
        }
    }

    private String access() {
        return "on ~" + prefix + "k" + sequence++ + ":* -@all +get"; // as the server normalizes it
    }

    private String pick(List<String> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** The resources whose registers hold a state the server does not have; then starts afresh from it. */
    List<String> check(Map<String, String> actualUsers, Map<String, Set<String>> actualGroups, long[] checked) {
        List<String> lost = new ArrayList<>();
        checkAll(users, actualUsers, checked, lost);
        checkAll(groups, actualGroups, checked, lost);
        return lost;
    }

    private static <S> void checkAll(Map<String, Register<S>> registers, Map<String, S> actual, long[] checked,
                                     List<String> lost) {
        registers.entrySet().removeIf(e -> {
            Register<S> register = e.getValue();
            S found = actual.get(e.getKey());
            if (register.writtenSinceCheck()) {
                checked[0]++;
            }
            if (!register.allows(found)) {
                lost.add(e.getKey() + ": expected " + register + " but the server has " + found);
            }
            register.reset(found);
            return found == null;
        });
    }
}
