package dev.cachewarden.faults;

/**
 * A fault on one API action: an AWS error instead of the answer, and/or added latency.
 *
 * @param action the action's name as AWS spells it, or {@code *} for every action
 * @param error the AWS error code to answer with (e.g. {@code Throttling}); null to only add latency
 * @param message the error's message; null for a default that says it was injected
 * @param probability chance per call that the fault fires, 0–1
 * @param times how many calls it fires for before it is spent; null for no limit
 * @param latencyMillis added before the call runs (or fails), when the fault fires
 */
public record ActionFault(String action, String error, String message, double probability, Integer times,
                          long latencyMillis) {
    public ActionFault {
        if (action == null || action.isBlank()) {
            throw new IllegalArgumentException("a fault needs an action (or *)");
        }
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be between 0 and 1");
        }
        if (times != null && times < 1) {
            throw new IllegalArgumentException("times must be at least 1");
        }
        if (latencyMillis < 0 || latencyMillis > 600_000) {
            throw new IllegalArgumentException("latencyMs must be between 0 and 600000");
        }
        if (error == null && latencyMillis == 0) {
            throw new IllegalArgumentException("a fault on " + action + " needs an error, a latency or both");
        }
    }

    boolean matches(String actionName) {
        return action.equals("*") || action.equals(actionName);
    }
}
