package dev.cachewarden.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The extension in a test class path without the AWS SDK: it starts, resets and stops the server (the
 * SDK classes are named only by SdkClients and the typed client() accessors, never loaded here).
 */
class WithoutSdkTest {
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.publicLookup();

    @Test
    void runsWithoutTheSdk() throws Throwable {
        try (URLClassLoader loader = classPathWithoutSdk()) {
            assertThatThrownBy(() -> loader.loadClass("software.amazon.awssdk.services.elasticache.ElastiCacheClient"))
                    .isInstanceOf(ClassNotFoundException.class);
            Class<?> cachewarden = loader.loadClass(Cachewarden.class.getName());
            assertThat((boolean) LOOKUP.findStatic(cachewarden, "sdkPresent", MethodType.methodType(boolean.class))
                    .invoke()).isFalse();

            // Registers this loader's own H2 driver: DriverManager hands a caller only drivers of its own loader.
            Class.forName("org.h2.Driver", true, loader);
            Class<?> extensionType = loader.loadClass(CachewardenExtension.class.getName());
            Object extension = LOOKUP.findConstructor(extensionType, MethodType.methodType(void.class)).invoke();
            Class<?> contextType = loader.loadClass("org.junit.jupiter.api.extension.ExtensionContext");
            Object classContext = context(loader, contextType, "[class:Example]");
            Object methodContext = context(loader, contextType, "[class:Example]/[method:test()]");

            call(extension, "beforeAll", contextType, classContext);
            call(extension, "beforeEach", contextType, methodContext);
            Object running = LOOKUP.findVirtual(extensionType, "instance", MethodType.methodType(cachewarden))
                    .invoke(extension);
            URI endpoint = (URI) LOOKUP.findVirtual(cachewarden, "endpoint", MethodType.methodType(URI.class))
                    .invoke(running);
            assertThat(CachewardenExtensionTest.reachable(endpoint)).isTrue();
            call(extension, "afterEach", contextType, methodContext);  // resets
            call(extension, "afterAll", contextType, classContext);    // stops
            assertThat(CachewardenExtensionTest.reachable(endpoint)).isFalse();
        }
    }

    /**
     * Method handles resolve the one member named; reflection (getMethod) would resolve every public
     * signature, the SDK-typed client() among them, which no JUnit path does.
     */
    private static void call(Object target, String name, Class<?> parameterType, Object argument) throws Throwable {
        LOOKUP.findVirtual(target.getClass(), name, MethodType.methodType(void.class, parameterType))
                .invoke(target, argument);
    }

    private static Object context(ClassLoader loader, Class<?> contextType, String uniqueId) {
        return Proxy.newProxyInstance(loader, new Class<?>[] {contextType}, (proxy, method, args) -> switch (method.getName()) {
            case "getUniqueId" -> uniqueId;
            case "toString" -> uniqueId;
            case "hashCode" -> uniqueId.hashCode();
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    /** This test's class path (as surefire gives it) minus every AWS SDK jar, under the platform loader. */
    private static URLClassLoader classPathWithoutSdk() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank() && !entry.replace('\\', '/').contains("/software/amazon/")) {
                urls.add(new File(entry).toURI().toURL());
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
