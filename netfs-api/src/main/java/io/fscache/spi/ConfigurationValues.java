package io.fscache.spi;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A configuration's properties seen through a DS configuration annotation type, converted the way
 * Declarative Services converts them for activation: a tool can hold a configuration to a backend's
 * rules (see {@link CacheConfigurationRules}) with the very code the backend activates with, before
 * anything is written. Missing properties take the annotation's defaults; keys are named as DS
 * names them ({@link CacheProperties#keysOf}).
 *
 * @since 1.3
 */
public final class ConfigurationValues {

    private ConfigurationValues() {
    }

    /**
     * A view of {@code properties} as an instance of {@code type}, whose methods return
     * {@code String}, {@code int}, {@code long} or {@code boolean}. Every property given is converted
     * now, whether or not the caller reads it: a check must refuse what activation would (a
     * {@code priority=high} passed a backend's check that never read the priority, then failed DS's
     * conversion at activation).
     *
     * @throws IllegalArgumentException if a given property does not convert, naming it and its value
     */
    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> properties) {
        for (Method method : type.getDeclaredMethods()) {
            Object value = properties.get(CacheProperties.keyOf(method));
            if (value != null) {
                value(method, value);
            }
        }
        Object view = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
                switch (method.getName()) {
                    case "annotationType" -> type;
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> type.getSimpleName() + properties;
                    default -> value(method, properties.get(CacheProperties.keyOf(method)));
                });
        return type.cast(view);
    }

    private static Object value(Method method, Object value) {
        Class<?> target = method.getReturnType();
        if (value == null) {
            Object fallback = method.getDefaultValue();
            return fallback != null || !target.isPrimitive() ? fallback : target == boolean.class ? Boolean.FALSE : 0;
        }
        String key = CacheProperties.keyOf(method);
        String text = String.valueOf(value).trim();
        try {
            if (target == String.class) {
                return String.valueOf(value);
            } else if (target == int.class) {
                return value instanceof Number number ? number.intValue() : Integer.parseInt(text);
            } else if (target == long.class) {
                return value instanceof Number number ? number.longValue() : Long.parseLong(text);
            } else if (target == boolean.class && (value instanceof Boolean || text.equalsIgnoreCase("true")
                    || text.equalsIgnoreCase("false"))) {
                return Boolean.valueOf(text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not \"" + value + "\"");
        }
        throw new IllegalArgumentException(key + " must be " + (target == boolean.class ? "true or false" : target.getSimpleName())
                + ", not \"" + value + "\"");
    }
}
