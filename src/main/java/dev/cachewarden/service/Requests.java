package dev.cachewarden.service;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.domain.fault.ElastiCacheFault;

/** Refusals every action's request can meet, spelled once. */
public final class Requests {
    private Requests() {}

    /** The engine a request names, in any case; anything but redis or valkey is InvalidParameterValue. */
    public static Engine engine(String value) {
        return Engine.parse(value).orElseThrow(() -> ElastiCacheFault.invalidValue(
                "Invalid engine '" + value + "'. Valid engines are redis and valkey."));
    }

    /** A Modify that changes nothing: AWS's words for a no-op ModifyReplicationGroup, used for every Modify. */
    public static ElastiCacheFault noModifications() {
        return ElastiCacheFault.invalidCombination("No modifications were requested");
    }
}
