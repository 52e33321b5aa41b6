package io.fscache.shell.command;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.ProtocolStats;
import io.fscache.shell.command.completers.MountNameCompleter;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code netfs:stats}: per mount, what its session sent and received, like {@code nfsstat -c} for
 * one client; the same numbers as the {@code io.fscache:type=NetfsMounts} MBean.
 */
@Service
@Command(scope = "netfs", name = "stats", description = "Shows the protocol statistics of each mount that is up, or of one: "
        + "RPCs (by kind), bytes read and written, requests in flight and the peak, reconnects and failed requests.")
public class MountStatsCommand extends MountsReference {

    @Argument(index = 0, name = "mount", required = false, description = "The mount to show; all mounts that are up if none.")
    @Completion(MountNameCompleter.class)
    String name;

    @Override
    Object run() {
        List<String> names = mounts.mounts().stream().filter(m -> m.state() == MountInfo.State.MOUNTED)
                .map(MountInfo::name).toList();
        if (name != null && !names.contains(name)) {
            throw notUp(mounts, name);
        }
        ShellTable table = new ShellTable();
        table.column("Name");
        table.column("RPCs").alignRight();
        table.column("Bytes read").alignRight();
        table.column("Bytes written").alignRight();
        table.column("In flight").alignRight();
        table.column("Peak").alignRight();
        table.column("Reconnects").alignRight();
        table.column("Errors").alignRight();
        table.column("RPCs by kind");
        for (String mount : name == null ? names : List.of(name)) {
            mounts.stats(mount).ifPresent(s -> row(table, mount, s));
        }
        table.emptyTableText("no mounts; mount one with netfs:mount");
        table.print(System.out);
        return null;
    }

    private static void row(ShellTable table, String mount, ProtocolStats s) {
        table.addRow().addContent(mount, s.totalRpcs(), s.readBytes(), s.writtenBytes(), s.inFlight(),
                s.peakInFlight(), s.reconnects(), s.errors(), s.rpcsText());
    }
}
