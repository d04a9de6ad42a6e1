package dev.cachewarden.service.cache;

import static dev.cachewarden.service.cache.MigrationFaults.group;
import static dev.cachewarden.service.cache.MigrationFaults.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cachewarden.domain.AuthTokenState;
import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.TransitEncryptionMode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TransitEncryptionRulesTest {
    static final ReplicationGroup OFF = group(false, null, null, AuthTokenState.NONE, List.of());
    static final ReplicationGroup PREFERRED = group(true, TransitEncryptionMode.PREFERRED, null, AuthTokenState.NONE,
            List.of());
    static final ReplicationGroup REQUIRED = group(true, TransitEncryptionMode.REQUIRED, null, AuthTokenState.NONE,
            List.of());

    static Optional<TransitEncryptionRules.TransitChange> plan(ReplicationGroup g, Boolean enabled, String mode) {
        return TransitEncryptionRules.plan(g, Optional.ofNullable(enabled), Optional.ofNullable(mode), false, false);
    }

    @Test
    void offPreferredRequiredAndBack() {
        assertThat(plan(OFF, true, "preferred")).contains(new TransitEncryptionRules.TransitChange(true,
                TransitEncryptionMode.PREFERRED));
        assertThat(plan(PREFERRED, true, "required")).contains(new TransitEncryptionRules.TransitChange(true,
                TransitEncryptionMode.REQUIRED));
        assertThat(plan(PREFERRED, null, "required")).isPresent();
        assertThat(plan(REQUIRED, true, "preferred")).isPresent();
        assertThat(plan(PREFERRED, false, null)).contains(new TransitEncryptionRules.TransitChange(false, null));
        assertThat(plan(REQUIRED, true, "required")).isEmpty();
        assertThat(plan(OFF, false, null)).isEmpty();
        // A group made before the mode was stored is required.
        assertThat(group(true, null, null, AuthTokenState.NONE, List.of()).transitEncryptionMode())
                .isEqualTo(TransitEncryptionMode.REQUIRED);
    }

    @Test
    void stepsCannotBeSkipped() {
        String viaPreferred = "In-transit encryption can be enabled on an existing replication group only with "
                + "TransitEncryptionMode preferred first.";
        refused(() -> plan(OFF, true, "required"), "InvalidParameterCombination", viaPreferred);
        refused(() -> plan(OFF, true, null), "InvalidParameterCombination", viaPreferred);
        refused(() -> plan(OFF, null, "preferred"), "InvalidParameterCombination",
                "TransitEncryptionMode requires TransitEncryptionEnabled=true.");
        refused(() -> plan(REQUIRED, false, null), "InvalidParameterCombination", "In-transit encryption can be "
                + "disabled only when TransitEncryptionMode is preferred: set TransitEncryptionMode to preferred first.");
        refused(() -> plan(OFF, true, "optional"), "InvalidParameterValue",
                "Invalid TransitEncryptionMode 'optional': use preferred or required.");
    }

    @Test
    void tlsStaysWhileSomethingNeedsIt() {
        refused(() -> TransitEncryptionRules.plan(PREFERRED, Optional.of(false), Optional.empty(), true, false),
                "InvalidParameterCombination",
                "User group based access control requires encryption-in-transit to be enabled on the replication group.");
        refused(() -> TransitEncryptionRules.plan(PREFERRED, Optional.of(false), Optional.empty(), false, true),
                "InvalidParameterCombination", "AuthToken requires TransitEncryptionEnabled=true.");
    }
}
