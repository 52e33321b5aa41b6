package io.fscache.spi.contract;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A component property type (a DS configuration annotation) backed by a map of configuration
 * properties, built as DS builds it: a method reads the property its name maps to
 * ({@code promote_after_hits} reads {@code promote.after.hits}), converted to its return type, and
 * falls back to its default. Lets backend tests activate components from the very properties
 * Config Admin would pass, without a framework.
 */
public final class DsConfiguration {

    private DsConfiguration() {
    }

    /** The annotation {@code type} over {@code properties}. */
    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> properties) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) -> {
            if (method.getName().equals("annotationType")) {
                return type;
            }
            if (method.getDeclaringClass() == Object.class) {
                return method.getName().equals("toString") ? type.getSimpleName() + properties
                        : method.getName().equals("hashCode") ? System.identityHashCode(self) : self == args[0];
            }
            Object value = properties.get(key(method));
            return value == null ? method.getDefaultValue() : convert(value, method.getReturnType());
        });
        return type.cast(proxy);
    }

    private static String key(Method method) {
        return method.getName().replace("__", "\u0000").replace('_', '.').replace('\u0000', '_');
    }

    private static Object convert(Object value, Class<?> to) {
        String text = String.valueOf(value).trim();
        if (to == String.class) {
            return String.valueOf(value);
        } else if (to == int.class) {
            return Integer.parseInt(text);
        } else if (to == long.class) {
            return Long.parseLong(text);
        } else if (to == boolean.class) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException("no conversion to " + to);
    }
}
