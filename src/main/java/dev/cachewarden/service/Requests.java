package dev.cachewarden.service;

import dev.cachewarden.domain.Engine;
import dev.cachewarden.protocol.AwsException;

/** Refusals every action's request can meet, spelled once. */
final class Requests {
    private Requests() {}

    /** The engine a request names, in any case; anything but redis or valkey is InvalidParameterValue. */
    static Engine engine(String value) {
        return Engine.parse(value).orElseThrow(() -> AwsException.invalidValue(
                "Invalid engine '" + value + "'. Valid engines are redis and valkey."));
    }

    /** A Modify that changes nothing: AWS's words for a no-op ModifyReplicationGroup, used for every Modify. */
    static AwsException noModifications() {
        return AwsException.invalidCombination("No modifications were requested");
    }
}
