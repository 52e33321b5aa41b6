package io.fscache.itests.bundle;

import io.fscache.netfs.FscacheFileAttributeView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.function.Function;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * Activator of a test-only user bundle that reads the {@code fscache} attribute view as any bundle
 * would, through its own versioned import of {@code io.fscache.netfs}: it registers a
 * {@code Function<Path, FscacheFileAttributeView.Attributes>} with {@value #PROPERTY}.
 */
public class CacheAttributesActivator implements BundleActivator {

    /** The service property (value {@code true}) that tells the test which function is this bundle's. */
    public static final String PROPERTY = "fscache.itest.cache-attributes";

    @Override
    public void start(BundleContext context) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(PROPERTY, "true");
        Function<Path, FscacheFileAttributeView.Attributes> read = path -> {
            FscacheFileAttributeView view = Files.getFileAttributeView(path, FscacheFileAttributeView.class);
            if (view == null) {
                return null;
            }
            try {
                return view.readAttributes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
        context.registerService(Function.class, read, properties);
    }

    @Override
    public void stop(BundleContext context) {
        // The framework unregisters the service.
    }
}
