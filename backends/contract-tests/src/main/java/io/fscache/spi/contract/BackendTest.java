package io.fscache.spi.contract;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A contract test: run once per {@link BackendSpec} of the backend's {@link BackendFactory}, with
 * its parameters ({@link BackendSpec}, {@link io.fscache.spi.CacheBackend},
 * {@link io.fscache.spi.BackendVolume}, {@link Backends}) provided, and the backend's invariants
 * checked after it (see {@link BackendExtension}).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@TestTemplate
@ExtendWith(BackendExtension.class)
public @interface BackendTest {
}
