package dev.cachewarden.domain;

/** When a parameter change takes effect, as the model's ChangeType enum spells it. */
public enum ChangeType {
    IMMEDIATE("immediate"),
    REQUIRES_REBOOT("requires-reboot");

    private final String wire;

    ChangeType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
