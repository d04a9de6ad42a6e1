package dev.cachewarden.service.settings;

import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.List;

/**
 * Outposts (NodeGroupConfiguration's PrimaryOutpostArn / ReplicaOutpostArns, ReplicaConfiguration's
 * PreferredOutpostArns): refused. Every node runs on this machine, which is no outpost, as AWS refuses
 * an outpost its account and region do not have; an answer naming one would claim a placement that is
 * not real. AWS's exact wording is not documented (docs/aws-guesses.md). An empty value is no request.
 */
public final class OutpostRules {
    private OutpostRules() {}

    public static void refuse(List<String> outpostArns) {
        for (String arn : outpostArns) {
            if (!arn.isEmpty()) {
                throw ElastiCacheFault.invalidValue("The outpost " + arn + " is not available: cachewarden runs every "
                        + "node on its own machine, which is not an AWS Outpost.");
            }
        }
    }
}
