package dev.cachewarden.service.settings;

import dev.cachewarden.domain.fault.ElastiCacheFault;

/**
 * CreateReplicationGroup's {@code Port}: answered on every endpoint exactly as asked, each endpoint
 * listening on an address of its own. AWS's model documents no range; ports below 1024 need
 * privileges cachewarden does not run with, so they are refused like any port outside 1024–65535
 * (docs/aws-guesses.md). ModifyReplicationGroup has no Port in AWS's model.
 */
public final class PortRules {
    public static final int MIN = 1024;
    public static final int MAX = 65535;

    private PortRules() {}

    public static int check(int port) {
        if (port < MIN || port > MAX) {
            throw ElastiCacheFault.invalidValue("The port " + port + " is not valid: it must be between " + MIN
                    + " and " + MAX + ".");
        }
        return port;
    }
}
