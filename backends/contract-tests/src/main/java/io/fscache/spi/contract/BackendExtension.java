package io.fscache.spi.contract;

import io.fscache.spi.BackendVolume;
import io.fscache.spi.CacheBackend;
import java.lang.reflect.Constructor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.Extension;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestTemplateInvocationContext;
import org.junit.jupiter.api.extension.TestTemplateInvocationContextProvider;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Runs each {@link BackendTest} over the matrix of the backend under test, after Caffeine's
 * {@code CacheProvider} and {@code CacheValidationInterceptor}.
 *
 * <p>The backend under test is the {@link BackendFactory} that the test class, or a class
 * enclosing it, implements: a backend's test class implements it and runs the contract through
 * one {@code @Nested} subclass per contract class. Per spec, the extension resolves the test's
 * parameters from a fresh {@link Backends} (the spec, a started backend, its {@link
 * BackendFixtures#VOLUME} volume, the {@link Backends} themselves for a second instance). After a
 * test that passed it checks, on every backend the test did not withdraw itself: usage within
 * capacity, no object left open, and usage back to 0 once every volume is discarded. Then it
 * withdraws them, also after a failure.
 */
public final class BackendExtension implements TestTemplateInvocationContextProvider {

    @Override
    public boolean supportsTestTemplate(ExtensionContext context) {
        return context.getTestMethod().filter(m -> AnnotationSupport.isAnnotated(m, BackendTest.class)).isPresent();
    }

    @Override
    public Stream<TestTemplateInvocationContext> provideTestTemplateInvocationContexts(ExtensionContext context) {
        Class<? extends BackendFactory> factoryType = factoryType(context.getRequiredTestClass());
        return newFactory(factoryType).specs().map(spec -> new TestTemplateInvocationContext() {
            @Override
            public String getDisplayName(int invocationIndex) {
                return spec.toString();
            }

            @Override
            public List<Extension> getAdditionalExtensions() {
                return List.of(new Invocation(new Backends(newFactory(factoryType), spec)));
            }
        });
    }

    private static Class<? extends BackendFactory> factoryType(Class<?> testClass) {
        for (Class<?> type = testClass; type != null; type = type.getEnclosingClass()) {
            if (BackendFactory.class.isAssignableFrom(type)) {
                return type.asSubclass(BackendFactory.class);
            }
        }
        throw new IllegalStateException(testClass.getName() + " is not in a class that implements BackendFactory");
    }

    private static BackendFactory newFactory(Class<? extends BackendFactory> type) {
        try {
            Constructor<? extends BackendFactory> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " needs a no-argument constructor", e);
        }
    }

    /** One test invocation: resolves its parameters, then checks and withdraws its backends. */
    private record Invocation(Backends backends) implements ParameterResolver, AfterEachCallback {

        private static final List<Class<?>> TYPES =
                List.of(BackendSpec.class, CacheBackend.class, BackendVolume.class, Backends.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return TYPES.contains(parameter.getParameter().getType());
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            Class<?> type = parameter.getParameter().getType();
            try {
                return type == BackendSpec.class ? backends.spec()
                        : type == CacheBackend.class ? backends.first()
                        : type == BackendVolume.class ? backends.volume()
                        : backends;
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the backend for " + backends.spec() + ": " + e, e);
            }
        }

        @Override
        public void afterEach(ExtensionContext context) throws Exception {
            backends.close(context.getExecutionException().isEmpty());
        }
    }
}
