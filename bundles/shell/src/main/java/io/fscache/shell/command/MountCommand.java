package io.fscache.shell.command;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.Secrets;
import io.fscache.shell.command.completers.MountCacheCompleter;
import java.io.IOException;
import java.net.URI;
import java.nio.file.NotDirectoryException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.karaf.config.core.ConfigRepository;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

@Service
@Command(scope = "netfs", name = "mount", description = "Mounts a network filesystem export under a name, cached by FS-Cache.",
        detailedDescription = "Mount options are given with -o name=value, several separated by commas (or ?name=value in the URI; -o wins): the "
                + "engine's, which every mount takes (cache, mode, readahead, ...), and the protocol's (9p: uname, msize, "
                + "...; smb: username, credentials, ...). netfs:options [scheme] lists every one with its type, default, "
                + "range and meaning. Sizes are written 64k, 8m, 1g; durations 30s, 500ms, 2m (a bare number is seconds); "
                + "booleans true or false (a bare name is true). An option that is not declared is refused.")
public class MountCommand extends MountsReference {

    @Argument(index = 0, name = "uri", required = true, description = "The server and export, e.g. 9p://127.0.0.1:5640/export")
    String uri;

    @Argument(index = 1, name = "name", required = true, description = "The mount's name, used in <name>:<path>.")
    String name;

    @Option(name = "--cache", description = "The cache to use by name (a live one), or none (default: the live cache of the highest priority).")
    @Completion(MountCacheCompleter.class)
    String cache;

    @Option(name = "--mode", description = "writethrough (default), writeback, readonly or none.")
    String mode;

    @Option(name = "-o", aliases = "--option", multiValued = true,
            description = "Mount options name=value, comma-separated, e.g. readahead=16m,timeout=30s or password=... (a secret "
                    + "takes its -o whole, and is never shown); netfs:options lists them all.")
    List<String> options;

    @Option(name = "--persist", description = "Also keep the mount across restarts, in etc/io.fscache.mount-<name>.cfg "
            + "(like a line of /etc/fstab; netfs:umount --forget removes it). Secrets are never kept: give them in a "
            + "credentials file, -o credentials=<file>.")
    boolean persist;

    @Option(name = "--wait", description = "With --persist: seconds to wait for the first mount attempt.")
    int waitSeconds = 60;

    @Reference(optional = true)
    ConfigRepository configRepository;

    @Reference(optional = true)
    ServiceComponentRuntime scr;

    /**
     * Karaf names the thread running a command after the command line, and every log line shows
     * its thread's name: while mounting (when protocol libraries log), the name hides the secrets.
     */
    @Override
    Object run() throws Exception {
        Thread thread = Thread.currentThread();
        String threadName = thread.getName();
        thread.setName(Secrets.hideInText(threadName));
        try {
            return mount();
        } finally {
            thread.setName(threadName);
        }
    }

    private Object mount() throws Exception {
        URI parsed = NetfsUri.parse(uri);
        Map<String, String> all = mountOptions(options);
        if (cache != null) {
            all.put("cache", cache);
        }
        if (mode != null) {
            all.put("mode", mode);
        }
        if (persist) {
            return persist(parsed, all);
        }
        try {
            mounts.mount(name, parsed, all);
        } catch (IOException e) {
            // A mount names a directory; "not a directory" alone left a user to guess which.
            throw new CommandFailure("cannot mount " + NetfsUri.display(parsed) + " as " + name + ": " + (e instanceof NotDirectoryException
                    ? "it names a file, not a directory: mount the directory that holds it" : reason(e)), e);
        }
        String uncached = mounts.mounts().stream().filter(m -> m.name().equals(name) && !m.cached())
                .map(m -> ", " + MountsCommand.cache(m)).findFirst().orElse("");
        System.out.println("Mounted " + NetfsUri.display(parsed) + " as " + name + uncached);
        return null;
    }

    /**
     * Writes the mount's configuration and waits for the netfs engine's first attempt: a mount that
     * does not come up leaves no configuration behind, so a typo is never retried at every start.
     */
    private Object persist(URI parsed, Map<String, String> all) throws Exception {
        String file = MountConfigurations.file(name);
        Secrets.refuseToKeep("--persist: " + file, parsed, all);
        mounts.check(parsed, all);
        for (String key : all.keySet()) {
            if (all.get(key).contains(",")) {
                throw new IllegalArgumentException("--persist keeps the options separated by commas: the value of '" + key
                        + "' cannot hold one");
            }
        }
        if (configRepository == null) {
            throw new IllegalStateException("--persist needs Karaf's configuration service (feature config), which is not running");
        }
        if (mounts.fileSystem(name).isPresent()) {
            throw new IllegalArgumentException("a mount named '" + name + "' exists");
        }
        if (MountConfigurations.find(configRepository.getConfigAdmin(), name).isPresent()) {
            throw new IllegalArgumentException("mount '" + name + "' is already kept in " + file
                    + " (see netfs:mounts); netfs:umount --forget " + name + " removes it");
        }
        // Karaf's repository, unlike Config Admin alone, writes the file in etc/ (and fileinstall then keeps it in step).
        String pid = configRepository.createFactoryConfiguration(MountConfigurations.PID, name, properties(all), "cfg");
        ActivationFailures failures = new ActivationFailures(scr);
        // The engine's first attempt: the mount up or retrying (with its reason), or the configuration refused.
        within(waitSeconds, () -> mountNamed().isPresent() || failures.of(MountConfigurations.PID, pid).isPresent());
        Optional<MountInfo> mount = mountNamed();
        if (mount.isPresent() && mount.get().state() == MountInfo.State.MOUNTED) {
            System.out.println("Mounted " + NetfsUri.display(parsed) + " as " + name + ", kept in " + file);
            return null;
        }
        configRepository.delete(pid);
        if (mount.isPresent() && mount.get().state() == MountInfo.State.RETRYING) {
            throw new CommandFailure("cannot mount " + NetfsUri.display(parsed) + " as " + name + ": "
                    + mount.get().problem() + " (nothing kept)");
        }
        Optional<String> failure = mount.map(MountInfo::problem).or(() -> failures.of(MountConfigurations.PID, pid));
        if (failure.isPresent()) {
            throw new IllegalArgumentException(failure.get() + " (not mounted, nothing kept)");
        }
        throw new CommandFailure("cannot mount " + NetfsUri.display(parsed) + " as " + name + ": not mounted within "
                + waitSeconds + " s (nothing kept); see log:display");
    }

    private Optional<MountInfo> mountNamed() {
        return mounts.mounts().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    private Map<String, Object> properties(Map<String, String> all) {
        Map<String, String> protocol = new LinkedHashMap<>(all);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("name", name);
        properties.put("uri", uri.trim());
        for (String key : new String[] {"cache", "mode"}) {
            String value = protocol.remove(key);
            if (value != null) {
                properties.put(key, value);
            }
        }
        if (!protocol.isEmpty()) {
            properties.put("options", protocol.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining(",")));
        }
        return properties;
    }
}
