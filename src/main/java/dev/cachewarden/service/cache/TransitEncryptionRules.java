package dev.cachewarden.service.cache;

import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.domain.TransitEncryptionMode;
import dev.cachewarden.domain.fault.ElastiCacheFault;
import java.util.Optional;

/**
 * TLS in place, as AWS's "Enabling in-transit encryption on an existing cluster" describes it: off →
 * {@code preferred} (TLS and plain connections both answered) → {@code required} (TLS only), and back
 * the same way (required → preferred → off). Skipping a step is refused; so is turning TLS off while
 * an AUTH token or a user group needs it. Guessed messages are in docs/aws-guesses.md.
 */
public final class TransitEncryptionRules {
    /** The TLS settings to store. @param mode null when off */
    public record TransitChange(boolean enabled, TransitEncryptionMode mode) {}

    private TransitEncryptionRules() {}

    /** @return the change, or empty when the request leaves TLS as it is */
    public static Optional<TransitChange> plan(ReplicationGroup group, Optional<Boolean> enabled,
                                               Optional<String> rawMode, boolean userGroupsAfter,
                                               boolean tokenAfter) {
        Optional<TransitEncryptionMode> mode = rawMode.map(m -> TransitEncryptionMode.parse(m).orElseThrow(() ->
                ElastiCacheFault.invalidValue("Invalid TransitEncryptionMode '" + m + "': use preferred or required.")));
        TransitEncryptionMode current = group.transitEncryption() ? group.transitEncryptionMode() : null;
        if (enabled.isPresent() && !enabled.get()) {
            if (mode.isPresent()) {
                throw ElastiCacheFault.invalidCombination("TransitEncryptionMode requires TransitEncryptionEnabled=true.");
            }
            if (current == null) {
                return Optional.empty();
            }
            if (current == TransitEncryptionMode.REQUIRED) {
                throw ElastiCacheFault.invalidCombination("In-transit encryption can be disabled only when "
                        + "TransitEncryptionMode is preferred: set TransitEncryptionMode to preferred first.");
            }
            if (userGroupsAfter) {
                throw ElastiCacheFault.invalidCombination("User group based access control requires "
                        + "encryption-in-transit to be enabled on the replication group.");
            }
            if (tokenAfter) {
                throw ElastiCacheFault.invalidCombination("AuthToken requires TransitEncryptionEnabled=true.");
            }
            return Optional.of(new TransitChange(false, null));
        }
        if (mode.isEmpty()) {
            if (enabled.isEmpty() || current != null) {
                return Optional.empty();
            }
            throw ElastiCacheFault.invalidCombination("In-transit encryption can be enabled on an existing "
                    + "replication group only with TransitEncryptionMode preferred first.");
        }
        if (current == null) {
            if (enabled.isEmpty()) {
                throw ElastiCacheFault.invalidCombination("TransitEncryptionMode requires TransitEncryptionEnabled=true.");
            }
            if (mode.get() == TransitEncryptionMode.REQUIRED) {
                throw ElastiCacheFault.invalidCombination("In-transit encryption can be enabled on an existing "
                        + "replication group only with TransitEncryptionMode preferred first.");
            }
        }
        if (mode.get() == current) {
            return Optional.empty();
        }
        return Optional.of(new TransitChange(true, mode.get()));
    }
}
