package dev.cachewarden.races;

import dev.cachewarden.store.Store;
import dev.cachewarden.store.jdbc.JdbcStore;
import java.util.concurrent.atomic.AtomicInteger;

/** The RBAC races on the embedded H2 store. */
class RbacRacesTest extends RbacRacesContract {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    Store newStore() {
        return JdbcStore.inMemory("races-" + DATABASES.incrementAndGet());
    }
}
