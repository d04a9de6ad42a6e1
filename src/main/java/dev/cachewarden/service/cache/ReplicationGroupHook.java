package dev.cachewarden.service.cache;

import dev.cachewarden.domain.ReplicationGroup;
import dev.cachewarden.store.Transaction;

/**
 * Work of another service that belongs in the transaction of a CreateReplicationGroup or
 * ModifyReplicationGroup (checking and recording the groups it names), so both commit or neither.
 */
@FunctionalInterface
public interface ReplicationGroupHook {
    ReplicationGroupHook NONE = (tx, group) -> false;

    /** @return whether it changed something (a ModifyReplicationGroup that changes only this is no NoOperation) */
    boolean apply(Transaction tx, ReplicationGroup group);
}
