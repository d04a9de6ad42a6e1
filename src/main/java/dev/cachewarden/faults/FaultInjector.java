package dev.cachewarden.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One server's faults: its action faults, consulted on every API call, and its node faults, which it
 * registers with {@link NodeFaults}. A plan replaces the previous one whole.
 */
public final class FaultInjector {
    /** A fault that fired on a call: wait {@code latencyMillis}, then fail with {@code error} unless null. */
    public record Injected(String error, String message, long latencyMillis) {}

    /** An action fault and the calls it has left (null: no limit). */
    private static final class Slot {
        final ActionFault fault;
        Integer left;

        Slot(ActionFault fault) {
            this.fault = fault;
            this.left = fault.times();
        }
    }

    private final List<Slot> slots = new ArrayList<>();
    private volatile FaultPlan plan = FaultPlan.NONE;

    public synchronized void replace(FaultPlan next) {
        NodeFaults.replace(plan.nodes(), next.nodes());
        plan = next;
        slots.clear();
        next.actions().forEach(f -> slots.add(new Slot(f)));
    }

    /** The plan in force, with each limited action fault's calls left in place of its {@code times}. */
    public synchronized FaultPlan current() {
        List<ActionFault> actions = new ArrayList<>();
        for (Slot s : slots) {
            actions.add(new ActionFault(s.fault.action(), s.fault.error(), s.fault.message(), s.fault.probability(),
                    s.left, s.fault.latencyMillis()));
        }
        return new FaultPlan(actions, plan.nodes());
    }

    /** The first fault on {@code action} that fires for this call, if any; a limited one is spent by it. */
    public Optional<Injected> onCall(String action) {
        if (plan.actions().isEmpty()) {
            return Optional.empty(); // the usual case, without the lock
        }
        synchronized (this) {
            for (var it = slots.iterator(); it.hasNext(); ) {
                Slot slot = it.next();
                ActionFault f = slot.fault;
                if (!f.matches(action) || ThreadLocalRandom.current().nextDouble() >= f.probability()) {
                    continue;
                }
                if (slot.left != null && --slot.left == 0) {
                    it.remove();
                }
                return Optional.of(new Injected(f.error(), f.message(), f.latencyMillis()));
            }
            return Optional.empty();
        }
    }
}
