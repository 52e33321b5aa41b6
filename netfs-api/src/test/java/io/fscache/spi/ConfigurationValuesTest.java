package io.fscache.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationValuesTest {

    @interface Sample {
        String name() default "memory";

        String tiers();

        int max_objects() default 7;

        long window() default 60;

        boolean fail_reads() default false;
    }

    @Test
    void missingPropertiesTakeTheDefaults() {
        Sample sample = ConfigurationValues.of(Sample.class, Map.of());
        assertEquals("memory", sample.name());
        assertNull(sample.tiers());
        assertEquals(7, sample.max_objects());
        assertEquals(60L, sample.window());
        assertFalse(sample.fail_reads());
        assertEquals(Sample.class, sample.annotationType());
    }

    @Test
    void valuesConvertFromTextOrNumbersUnderDsNames() {
        Sample sample = ConfigurationValues.of(Sample.class,
                Map.of("name", "disk", "max.objects", " 12 ", "window", 5, "fail.reads", "TRUE", "tiers", "a,b"));
        assertEquals("disk", sample.name());
        assertEquals(12, sample.max_objects());
        assertEquals(5L, sample.window());
        assertTrue(sample.fail_reads());
        assertEquals("a,b", sample.tiers());
    }

    // Every given property is converted at once, read or not: a backend's check that never read the
    // priority let "priority=high" through, and DS's own conversion failed the activation.
    @Test
    void aValueThatDoesNotConvertIsRefusedAtOnceNamedWithItsProperty() {
        assertEquals("max.objects must be a whole number, not \"many\"", assertThrows(IllegalArgumentException.class,
                () -> ConfigurationValues.of(Sample.class, Map.of("max.objects", "many"))).getMessage());
        assertEquals("fail.reads must be true or false, not \"yes\"", assertThrows(IllegalArgumentException.class,
                () -> ConfigurationValues.of(Sample.class, Map.of("fail.reads", "yes"))).getMessage());
    }
}
