package io.fscache.shell.command;

import io.fscache.api.ByteSize;
import io.fscache.api.CacheInfo;
import io.fscache.api.FsCacheMonitor;
import io.fscache.shell.command.completers.CacheTypeCompleter;
import io.fscache.spi.CacheConfigurationRules;
import io.fscache.spi.CacheProperties;
import java.io.IOException;
import java.util.Collection;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * {@code fscache:cache-add}: holds the configuration to its backend's rules (the backend bundle's
 * {@link CacheConfigurationRules} service for the type) and refuses it at once with the backend's
 * reason, writing nothing; otherwise writes the cache's factory configuration and returns only once
 * the cache is live, or fails with the backend's activation error (what only a start finds: a
 * directory in use, a size larger than its disk). A cache that did not start leaves no configuration
 * behind, and what existed before is untouched.
 */
@Service
@Command(scope = "fscache", name = "cache-add",
        description = "Adds a cache by creating its configuration (kept across restarts), and returns once it is live; "
                + "if it does not start, its configuration is removed and the reason shown.")
public class CacheAddCommand extends ShellCommand {

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    FsCacheMonitor monitor;

    @Reference(optional = true)
    ServiceComponentRuntime scr;

    @Reference
    BundleContext context;

    @Argument(index = 0, name = "type", required = true, description = "memory, cachefiles or tiered (tiered takes -o tiers=<upper>,<lower>)")
    @Completion(CacheTypeCompleter.class)
    String type;

    @Argument(index = 1, name = "name", required = true, description = "The cache's name: printable, no spaces.")
    String name;

    @Option(name = "--size", description = "The cache's byte budget, e.g. 512m (memory: at most the JVM's direct memory; "
            + "cachefiles: an absolute size limit, at most its filesystem; tiered: none, size its tiers).")
    String size;

    @Option(name = "--granule", description = "The unit of storage, e.g. 256k: a power of two from 4k to 1g (default 256k).")
    String granule;

    @Option(name = "--directory", description = "cachefiles: the cache directory.")
    String directory;

    @Option(name = "-o", aliases = "--option", multiValued = true, description = "Another configuration property, key=value; several may be separated by commas.")
    List<String> options;

    @Option(name = "--wait", description = "Seconds to wait for the cache to start (default 10).")
    int waitSeconds = 10;

    @Override
    Object run() throws IOException, InterruptedException {
        if (waitSeconds < 1) {
            throw new IllegalArgumentException("--wait must be at least 1 second, not " + waitSeconds);
        }
        String pid = CacheTypes.pid(type);
        CacheProperties.checkName(name);
        Hashtable<String, Object> properties = properties();
        Optional<CacheInfo> existing = monitor.caches().stream().filter(c -> c.name().equals(name)).findFirst();
        if (existing.isPresent()) {
            throw new IllegalArgumentException("WITHDRAWN".equals(existing.get().state())
                    ? "cache '" + name + "' was withdrawn at runtime and keeps its configuration: bring it back with "
                            + "fscache:cache-restore " + name + ", or remove it with fscache:cache-withdraw --delete " + name
                    : "a cache named '" + name + "' already exists");
        }
        try {
            check(properties);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cache " + name + " not added: " + e.getMessage(), e);
        }
        Configuration configuration = configAdmin.getFactoryConfiguration(pid, name, "?");
        if (configuration.getProperties() != null) {
            throw new IllegalArgumentException("a configuration for cache '" + name + "' already exists but the cache is not running; "
                    + "see log:display, or remove it with fscache:cache-withdraw --delete " + name);
        }
        configuration.update(properties);
        ActivationFailures failures = new ActivationFailures(scr);
        BooleanSupplier active = () -> monitor.caches().stream().anyMatch(c -> c.name().equals(name) && "ACTIVE".equals(c.state()));
        within(waitSeconds, () -> active.getAsBoolean() || failures.of(pid, configuration.getPid()).isPresent());
        if (active.getAsBoolean()) {
            System.out.println("Cache " + name + " added.");
            return null;
        }
        Optional<String> refused = failures.of(pid, configuration.getPid());
        if (refused.isPresent()) {
            configuration.delete();
            throw new IllegalArgumentException("cache " + name + " not added: " + refused.get());
        }
        // A rejected configuration must not linger half-built.
        configuration.delete();
        throw new IllegalArgumentException("cache " + name + " did not start within " + waitSeconds
                + " s, so its configuration was removed; the reason is in log:display");
    }

    /** Holds the properties to the type's rules, as its backend bundle registered them. */
    private void check(Map<String, Object> properties) {
        Collection<ServiceReference<CacheConfigurationRules>> found;
        try {
            found = context.getServiceReferences(CacheConfigurationRules.class,
                    "(" + CacheConfigurationRules.SERVICE_TYPE + "=" + type + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // the type is one of CacheTypes' names
        }
        for (ServiceReference<CacheConfigurationRules> reference : found) {
            CacheConfigurationRules rules = context.getService(reference);
            if (rules != null) {
                try {
                    rules.check(properties);
                    return;
                } finally {
                    context.ungetService(reference);
                }
            }
        }
        throw new IllegalArgumentException("the " + type + " backend is not installed: feature:install fscache-" + type);
    }

    private Hashtable<String, Object> properties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("name", name);
        if (size != null) {
            ByteSize.parse(size, "--size"); // a typo is the user's to fix before anything is written
            properties.put("size", size.trim());
        }
        if (granule != null) {
            properties.put("granule", granule.trim());
        }
        if (directory != null) {
            properties.put("directory", directory);
        }
        cacheOptions(options).forEach((name, value) -> properties.put(name, value.trim()));
        return properties;
    }
}
