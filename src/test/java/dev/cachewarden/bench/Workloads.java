package dev.cachewarden.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/** The request mixes the benchmark sends. */
final class Workloads {
    private Workloads() {}

    /** Signed requests each worker of a repeating workload replays (as an SDK would sign them, seconds apart). */
    static final int REPEAT_POOL = 4;

    /**
     * The same action and parameters every time: each worker signs a small pool before the window
     * and replays it, as wrk replays one presigned request.
     */
    static LoadGenerator.Workload repeat(Target target, String path, String action, String... parameters) {
        return (index, concurrency) -> {
            QueryRequests requests = new QueryRequests(target, path);
            PresignedPool pool = PresignedPool.cycling(REPEAT_POOL, i -> requests.action(action, parameters));
            return pool::next;
        };
    }

    /**
     * CreateUser with a new id each time: {@code prefix-worker-sequence}. Every worker signs its share
     * of {@code planned} requests before the window (each needs its own signature); past its share it
     * signs live.
     */
    static LoadGenerator.Workload createUsers(Target target, String prefix, int planned) {
        return (index, concurrency) -> {
            QueryRequests requests = new QueryRequests(target);
            PresignedPool pool = PresignedPool.once(Math.max(1, planned / concurrency),
                    i -> createUser(requests, prefix + "-" + index + "-" + i));
            return new LoadGenerator.Worker() {
                @Override
                public byte[] next() {
                    return pool.next();
                }

                @Override
                public long signedInWindow() {
                    return pool.signedLive();
                }
            };
        };
    }

    static byte[] createUser(QueryRequests requests, String id) {
        return requests.action("CreateUser", "UserId", id, "UserName", id, "Engine", "redis",
                "Passwords.member.1", "bench-password-" + id, "AccessString", "on ~app:* -@all +@read");
    }

    /**
     * Requests {@code 0..count-1} made by {@code request}, shared out among the workers; for seeding.
     * Every answer must be a 200.
     */
    static LoadGenerator.Workload each(Target target, int count, java.util.function.BiFunction<QueryRequests, Integer,
            byte[]> request) {
        AtomicInteger next = new AtomicInteger();
        return (index, concurrency) -> {
            QueryRequests requests = new QueryRequests(target);
            return () -> {
                int i = next.getAndIncrement();
                return i < count ? request.apply(requests, i) : null;
            };
        };
    }

    /**
     * ModifyUserGroup adding a user to a group, then removing it, then adding it… (group g toggles
     * {@code userIds[g % userIds.size()]}, so no user piles up hundreds of memberships). Worker w
     * owns the groups whose index is w modulo the concurrency and goes round them, so no two workers
     * change one group and each group has time to turn active again before its owner comes back.
     * An InvalidUserGroupState answer (the group still {@code modifying}) is counted apart, and the
     * same toggle is tried again on the owner's next round. {@code member} holds, per group, whether
     * its user is in it now; it carries over from one run to the next (runs follow one another, and a
     * group has one owner within a run).
     */
    static LoadGenerator.Workload toggleMembership(Target target, List<String> groupIds, List<String> userIds,
                                                  boolean[] member) {
        return (index, concurrency) -> {
            QueryRequests requests = new QueryRequests(target);
            List<Integer> mine = new ArrayList<>();
            for (int g = index; g < groupIds.size(); g += concurrency) {
                mine.add(g);
            }
            // Both toggles of every owned group, signed before the window; replaying one is what a
            // retrying SDK does too, and the server answers on the group's state, not the bytes.
            byte[][] add = new byte[groupIds.size()][];
            byte[][] remove = new byte[groupIds.size()][];
            for (int g : mine) {
                String user = userIds.get(g % userIds.size());
                add[g] = requests.action("ModifyUserGroup", "UserGroupId", groupIds.get(g),
                        "UserIdsToAdd.member.1", user);
                remove[g] = requests.action("ModifyUserGroup", "UserGroupId", groupIds.get(g),
                        "UserIdsToRemove.member.1", user);
            }
            return new LoadGenerator.Worker() {
                int turn;
                int current;

                @Override
                public byte[] next() {
                    current = mine.get(turn++ % mine.size());
                    return member[current] ? remove[current] : add[current];
                }

                @Override
                public String judge(HttpConnection.Response response) {
                    if (response.status() == 200) {
                        member[current] = !member[current];
                        return "";
                    }
                    String code = LoadGenerator.outcome(response);
                    if (code.equals("InvalidParameterValue")) {
                        member[current] = !member[current]; // out of step: "already a member" / "not a member"
                    }
                    return code;
                }
            };
        };
    }

    static IntFunction<String> ids(String prefix, int width) {
        return i -> prefix + String.format("%0" + width + "d", i);
    }
}
