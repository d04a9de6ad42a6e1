package dev.cachewarden.junit;

import java.lang.reflect.Parameter;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.elasticache.ElastiCacheClient;

/**
 * Runs a {@link Cachewarden} for a test class.
 *
 * <p>Registered on a static field ({@code @RegisterExtension static CachewardenExtension cw = ...}) or
 * with {@code @ExtendWith(CachewardenExtension.class)}, one server serves the whole class and its
 * state is reset after each test (unless {@link Builder#keepStateBetweenTests()}). With
 * {@link Builder#perMethod()}, or on an instance field, each test gets a server of its own.
 *
 * <p>Test and lifecycle methods may declare a {@link Cachewarden} parameter, and an
 * {@link ElastiCacheClient} one when the SDK is on the class path.
 */
public final class CachewardenExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        AfterEachCallback, ParameterResolver {

    /** How long a server lives. */
    public enum Lifecycle {
        /** One server for the test class, reset between its tests. */
        PER_CLASS,
        /** A fresh server for every test. */
        PER_METHOD
    }

    private final Builder options;
    private Cachewarden running;
    /** The class context that started {@link #running}, so that a nested class does not stop it. */
    private String owner;

    /** For {@code @ExtendWith(CachewardenExtension.class)}: in memory, per class, reset after each test. */
    public CachewardenExtension() {
        this(new Builder());
    }

    private CachewardenExtension(Builder options) {
        this.options = options;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (options.lifecycle == Lifecycle.PER_CLASS && running == null) {
            running = Cachewarden.start(options);
            owner = context.getUniqueId();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        ensureRunning();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (running == null) {
            return;
        }
        if (owner == null) {
            stop(); // started for this test alone
        } else if (options.reset) {
            running.reset();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (running != null && context.getUniqueId().equals(owner)) {
            stop();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Parameter p = parameterContext.getParameter();
        return p.getType() == Cachewarden.class || p.getType().getName().equals(SdkClients.CLIENT_CLASS);
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Cachewarden cw = ensureRunning();
        return parameterContext.getParameter().getType() == Cachewarden.class ? cw : cw.client();
    }

    /** The running server; fails outside a test's lifetime. */
    public Cachewarden instance() {
        if (running == null) {
            throw new IllegalStateException("cachewarden runs only while a test of its class runs");
        }
        return running;
    }

    public URI endpoint() {
        return instance().endpoint();
    }

    public String region() {
        return instance().region();
    }

    public String accessKeyId() {
        return instance().accessKeyId();
    }

    public String secretAccessKey() {
        return instance().secretAccessKey();
    }

    /** See {@link Cachewarden#client()}. */
    public ElastiCacheClient client() {
        return instance().client();
    }

    /** Per-method servers start on first need: a constructor parameter, else before each test. */
    private Cachewarden ensureRunning() {
        if (running == null) {
            running = Cachewarden.start(options);
            owner = null;
        }
        return running;
    }

    private void stop() {
        try {
            running.close();
        } finally {
            running = null;
            owner = null;
        }
    }

    /** The options of {@code cachewarden serve}, and the server's lifecycle in tests. */
    public static final class Builder extends CachewardenOptions<Builder> {
        private Lifecycle lifecycle = Lifecycle.PER_CLASS;
        private boolean reset = true;

        Builder() {}

        @Override
        Builder self() {
            return this;
        }

        /** A fresh server for every test. */
        public Builder perMethod() {
            lifecycle = Lifecycle.PER_METHOD;
            return this;
        }

        public Builder lifecycle(Lifecycle lifecycle) {
            this.lifecycle = java.util.Objects.requireNonNull(lifecycle, "lifecycle");
            return this;
        }

        /** One server per class whose state carries from test to test (no reset). */
        public Builder keepStateBetweenTests() {
            reset = false;
            return this;
        }

        public CachewardenExtension build() {
            return new CachewardenExtension(this);
        }
    }
}
