package dev.cachewarden.races;

import dev.cachewarden.store.ReplicationGroupRepository;
import dev.cachewarden.store.Store;
import dev.cachewarden.store.TagRepository;
import dev.cachewarden.store.TaskQueue;
import dev.cachewarden.store.Transaction;
import dev.cachewarden.store.UserGroupRepository;
import dev.cachewarden.store.UserRepository;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real store, with pause points: a transaction that has just returned from a chosen repository
 * call (say {@code tags.put}) waits there, inside its open transaction, until the test releases it or
 * the pause's time is up. That is how a test lays two transactions over each other at the moment an
 * outside checker found them racing; the time limit keeps a fixed server, whose locks make the
 * other transaction wait instead, from deadlocking the test.
 */
final class PausingStore implements Store {
    /** One pause point: who reached it, and the release. */
    static final class Pause {
        private final CountDownLatch reached;
        private final CountDownLatch released = new CountDownLatch(1);
        private final Duration atMost;

        Pause(int parties, Duration atMost) {
            this.reached = new CountDownLatch(parties);
            this.atMost = atMost;
        }

        /** @return true when every party reached the point within {@code timeout} */
        boolean awaitReached(Duration timeout) throws InterruptedException {
            return reached.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        void release() {
            released.countDown();
        }

        private void hold() {
            reached.countDown();
            try {
                released.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private final Store delegate;
    private final Map<String, Pause> pauses = new ConcurrentHashMap<>();

    PausingStore(Store delegate) {
        this.delegate = delegate;
    }

    /** Transactions returning from {@code call} ("tags.put", "userGroups.setMembers"...) pause there. */
    Pause pauseAfter(String call, int parties, Duration atMost) {
        Pause pause = new Pause(parties, atMost);
        pauses.put(call, pause);
        return pause;
    }

    void clearPauses() {
        pauses.clear();
    }

    @Override
    public <T> T readSnapshot(Work<T> work) {
        return delegate.readSnapshot(tx -> work.run(new Pausing(tx)));
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        return delegate.inTransaction(tx -> work.run(new Pausing(tx)));
    }

    @Override
    public boolean exclusive() {
        return delegate.exclusive();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private final class Pausing implements Transaction {
        private final Transaction tx;

        Pausing(Transaction tx) {
            this.tx = tx;
        }

        @Override
        public UserRepository users() {
            return wrap(UserRepository.class, "users", tx.users());
        }

        @Override
        public UserGroupRepository userGroups() {
            return wrap(UserGroupRepository.class, "userGroups", tx.userGroups());
        }

        @Override
        public TagRepository tags() {
            return wrap(TagRepository.class, "tags", tx.tags());
        }

        @Override
        public TaskQueue tasks() {
            return tx.tasks();
        }

        @Override
        public ReplicationGroupRepository replicationGroups() {
            return tx.replicationGroups();
        }

        @Override
        public dev.cachewarden.store.ServerlessCacheRepository serverlessCaches() {
            return tx.serverlessCaches();
        }

        @Override
        public dev.cachewarden.store.EventRepository events() {
            return tx.events();
        }

        @Override
        public dev.cachewarden.store.CacheSettingsRepository cacheSettings() {
            return tx.cacheSettings();
        }
    }

    private <R> R wrap(Class<R> type, String name, R repository) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(repository, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            Pause pause = pauses.get(name + "." + method.getName());
            if (pause != null) {
                pause.hold();
            }
            return result;
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }
}
