package io.fscache.shell.command;

import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.Secrets;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "netfs", name = "mount", description = "Mounts a network filesystem export under a name, cached by FS-Cache.")
public class MountCommand extends MountsReference {

    @Argument(index = 0, name = "uri", required = true, description = "The server and export, e.g. 9p://127.0.0.1:5640/export")
    String uri;

    @Argument(index = 1, name = "name", required = true, description = "The mount's name, used in <name>:<path>.")
    String name;

    @Option(name = "--cache", description = "The cache to use by name (a live one), or none (default: the live cache of the highest priority).")
    String cache;

    @Option(name = "--mode", description = "writethrough (default), writeback, readonly or none.")
    String mode;

    @Option(name = "-o", aliases = "--option", multiValued = true,
            description = "A protocol option key=value, e.g. uname=alice or password=... (never shown).")
    List<String> options;

    /**
     * Karaf names the thread running a command after the command line, and every log line shows
     * its thread's name: while mounting (when protocol libraries log), the name hides the secrets.
     */
    @Override
    public Object execute() throws Exception {
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
        Map<String, String> all = new LinkedHashMap<>();
        if (options != null) {
            for (String option : options) {
                int eq = option.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("option must be key=value: '" + option.replaceAll("=.*", "=...") + "'");
                }
                all.put(option.substring(0, eq).trim(), option.substring(eq + 1));
            }
        }
        if (cache != null) {
            all.put("cache", cache);
        }
        if (mode != null) {
            all.put("mode", mode);
        }
        mounts.mount(name, parsed, all);
        String uncached = mounts.mounts().stream().filter(m -> m.name().equals(name) && !m.cached())
                .map(m -> ", " + MountsCommand.cache(m)).findFirst().orElse("");
        System.out.println("Mounted " + NetfsUri.display(parsed) + " as " + name + uncached);
        return null;
    }
}
