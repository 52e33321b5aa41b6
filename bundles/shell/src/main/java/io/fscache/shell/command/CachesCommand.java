package io.fscache.shell.command;

import io.fscache.api.CacheInfo;
import io.fscache.api.FsCacheMonitor;
import java.util.stream.Collectors;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "fscache", name = "caches", description = "Lists the caches: state, priority, capacity, usage, volumes, "
        + "objects open now and the backend's own counters (objects= counts the objects stored).")
public class CachesCommand extends ShellCommand {

    @Reference
    FsCacheMonitor monitor;

    @Override
    Object run() {
        ShellTable table = new ShellTable();
        table.column("ID").alignRight();
        table.column("Name");
        table.column("State");
        table.column("Priority").alignRight();
        table.column("Granule").alignRight();
        table.column("Capacity").alignRight();
        table.column("Usage").alignRight();
        table.column("Volumes").alignRight();
        table.column("Open objects").alignRight();
        table.column("Accesses").alignRight();
        table.column("Counters");
        for (CacheInfo cache : monitor.caches()) {
            // A cache withdrawn at runtime has no id until it is restored.
            table.addRow().addContent(cache.debugId() == 0 ? "-" : cache.debugId(), cache.name(), cache.state(), cache.priority(),
                    Sizes.human(cache.granuleSize()), capacity(cache.capacity()), Sizes.human(cache.usage()), cache.volumes(),
                    cache.objects(),
                    cache.accesses(), cache.counters().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
        }
        table.emptyTableText("no caches; add one with fscache:cache-add");
        table.print(System.out);
        return null;
    }

    /** A backend without a size limit (a cachefiles cache without --size) is bound by its disk's free space. */
    static String capacity(long bytes) {
        return bytes < 0 ? "no size limit" : Sizes.human(bytes);
    }
}
