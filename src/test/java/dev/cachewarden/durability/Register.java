package dev.cachewarden.durability;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one resource may hold after a crash: the state of its last acknowledged write, or that of a
 * later write whose answer never came (its outcome is unknown). {@code null} is "does not exist".
 * One client thread writes a resource, one request at a time, so its history is a simple line.
 */
final class Register<S> {
    private S acknowledged;
    private final List<S> unknown = new ArrayList<>();
    private boolean writtenSinceCheck;

    Register(S current) {
        this.acknowledged = current;
    }

    S acknowledged() {
        return acknowledged;
    }

    void acknowledge(S state) {
        acknowledged = state;
        unknown.clear();
        writtenSinceCheck = true;
    }

    void unknown(S state) {
        unknown.add(state);
    }

    /** True when an acknowledged write since the last check is to be checked now. */
    boolean writtenSinceCheck() {
        return writtenSinceCheck;
    }

    /** Whether the state read after a restart is one this history allows. */
    boolean allows(S actual) {
        return Objects.equals(actual, acknowledged) || unknown.contains(actual);
    }

    /** After a check, what the server holds is the new starting point. */
    void reset(S actual) {
        acknowledged = actual;
        unknown.clear();
        writtenSinceCheck = false;
    }

    @Override
    public String toString() {
        return "acknowledged=" + acknowledged + (unknown.isEmpty() ? "" : " unknown=" + unknown);
    }
}
