package dev.cachewarden.engine;

import dev.cachewarden.domain.Cache;
import dev.cachewarden.domain.Cache.Ref;
import dev.cachewarden.store.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every cache the engine serves, replication groups and serverless caches alike, read from one transaction. */
final class Caches {
    private Caches() {}

    static Optional<Cache> find(Transaction tx, Ref ref) {
        return switch (ref.kind()) {
            case REPLICATION_GROUP -> tx.replicationGroups().find(ref.id(), false).map(Cache.class::cast);
            case SERVERLESS_CACHE -> tx.serverlessCaches().find(ref.id(), false).map(Cache.class::cast);
        };
    }

    static List<Ref> all(Transaction tx) {
        List<Ref> refs = new ArrayList<>();
        tx.replicationGroups().all().forEach(g -> refs.add(g.ref()));
        tx.serverlessCaches().all().forEach(c -> refs.add(c.ref()));
        return refs;
    }

    static boolean none(Transaction tx) {
        return tx.replicationGroups().all().isEmpty() && tx.serverlessCaches().all().isEmpty();
    }

    /** The caches that have this user group attached, or attaching, or detaching. */
    static List<Ref> referencing(Transaction tx, String userGroupId) {
        List<Ref> refs = new ArrayList<>();
        tx.replicationGroups().referencing(userGroupId).forEach(id -> refs.add(Ref.replicationGroup(id)));
        tx.serverlessCaches().referencing(userGroupId).forEach(name -> refs.add(Ref.serverlessCache(name)));
        return refs;
    }
}
