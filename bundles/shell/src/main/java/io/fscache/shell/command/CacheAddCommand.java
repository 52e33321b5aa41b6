package io.fscache.shell.command;

import io.fscache.api.FsCacheMonitor;
import io.fscache.shell.command.completers.CacheTypeCompleter;
import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(scope = "fscache", name = "cache-add",
        description = "Adds a cache by creating its configuration (kept across restarts), then waits for it to start.")
public class CacheAddCommand implements Action {

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    FsCacheMonitor monitor;

    @Argument(index = 0, name = "type", required = true, description = "memory, cachefiles or tiered (tiered takes -o tiers=<upper>,<lower>)")
    @Completion(CacheTypeCompleter.class)
    String type;

    @Argument(index = 1, name = "name", required = true, description = "The cache's name: printable, no spaces.")
    String name;

    @Option(name = "--size", description = "memory: the byte budget, e.g. 512m; cachefiles: an absolute size limit.")
    String size;

    @Option(name = "--granule", description = "The unit of storage in bytes (a power of two, default 262144).")
    Integer granule;

    @Option(name = "--directory", description = "cachefiles: the cache directory.")
    String directory;

    @Option(name = "-o", aliases = "--option", multiValued = true, description = "Another configuration property, key=value.")
    List<String> options;

    @Option(name = "--wait", description = "Seconds to wait for the cache to start (default 10).")
    int waitSeconds = 10;

    @Override
    public Object execute() throws IOException, InterruptedException {
        String pid = CacheTypes.pid(type);
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new IllegalArgumentException("cache name must be printable ASCII without spaces: '" + name + "'");
        }
        if (monitor.caches().stream().anyMatch(c -> c.name().equals(name))) {
            throw new IllegalArgumentException("a cache named '" + name + "' already exists");
        }
        Configuration configuration = configAdmin.getFactoryConfiguration(pid, name, "?");
        if (configuration.getProperties() != null) {
            throw new IllegalArgumentException("a configuration for cache '" + name + "' already exists but the cache is not running; "
                    + "see log:display, or remove it with fscache:cache-withdraw " + name);
        }
        configuration.update(properties());
        long deadline = System.nanoTime() + waitSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (monitor.caches().stream().anyMatch(c -> c.name().equals(name))) {
                System.out.println("Cache " + name + " added.");
                return null;
            }
            Thread.sleep(100);
        }
        // A rejected configuration must not linger half-built.
        configuration.delete();
        throw new IllegalArgumentException("cache " + name + " did not start within " + waitSeconds
                + " s, so its configuration was removed; the reason is in log:display");
    }

    private Dictionary<String, Object> properties() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("name", name);
        if (size != null) {
            properties.put("size", size);
        }
        if (granule != null) {
            properties.put("granule", granule);
        }
        if (directory != null) {
            properties.put("directory", directory);
        }
        if (options != null) {
            for (String option : options) {
                int eq = option.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("option must be key=value: '" + option + "'");
                }
                properties.put(option.substring(0, eq).trim(), option.substring(eq + 1).trim());
            }
        }
        return properties;
    }
}
