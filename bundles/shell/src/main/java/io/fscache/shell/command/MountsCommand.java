package io.fscache.shell.command;

import io.fscache.netfs.CacheMode;
import io.fscache.netfs.MountInfo;
import io.fscache.netfs.NetfsUri;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "netfs", name = "mounts", description = "Lists the mounts (secret options are shown as ***), and the mounts kept with --persist "
        + "that are not up: retrying (with the last error) or failed.")
public class MountsCommand extends MountsReference {

    @Override
    Object run() {
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("URI");
        table.column("Cache");
        table.column("Mode");
        table.column("Options");
        table.column("State");
        Set<String> live = liveCaches();
        for (MountInfo mount : mounts.mounts()) {
            table.addRow().addContent(mount.name(), NetfsUri.display(mount.uri()), cache(mount) + liveness(mount, live),
                    mount.mode().optionValue(), mount.options().entrySet().stream()
                            .map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue()).sorted().collect(Collectors.joining(",")),
                    state(mount));
        }
        table.emptyTableText("no mounts; mount one with netfs:mount");
        table.print(System.out);
        return null;
    }

    /**
     * {@code mounted}, {@code mounted; server not answering since <time>: <why>}, or
     * {@code retrying: <last error>} / {@code failed: <why>} for a kept mount not up.
     */
    static String state(MountInfo mount) {
        String state = mount.state().name().toLowerCase(Locale.ROOT);
        if (mount.serverProblem() != null) {
            return state + "; server " + mount.serverProblem();
        }
        return mount.problem() == null ? state : state + ": " + mount.problem();
    }

    /** The cache a mount names, {@code (any)}, or that it is uncached and why. */
    static String cache(MountInfo mount) {
        if (mount.state() == MountInfo.State.MOUNTED && !mount.cached()) {
            return mount.mode() == CacheMode.NONE ? "uncached (mode none)" : "uncached (its volume is in use elsewhere)";
        }
        return mount.cacheName() == null ? "(any)" : mount.cacheName();
    }
}
