package io.fscache.shell.command;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.NetfsUri;
import io.fscache.shell.command.completers.MountNameCompleter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "netfs", name = "df", description = "Shows each mount's capacity, as its server reports it (Used only where the server reports free space apart from available space).")
public class DfCommand extends MountsReference {

    @Argument(index = 0, name = "mount", required = false, description = "The mount to show; every mount if none.")
    @Completion(MountNameCompleter.class)
    String name;

    @Override
    Object run() {
        List<MountInfo> shownMounts = mounts.mounts().stream().filter(m -> name == null || m.name().equals(name)).toList();
        if (name != null && shownMounts.isEmpty()) {
            throw notUp(mounts, name);
        }
        ShellTable table = new ShellTable();
        table.column("Mount");
        table.column("URI");
        table.column("Size").alignRight();
        table.column("Used").alignRight();
        table.column("Free").alignRight();
        table.column("Available").alignRight();
        table.column("Use%").alignRight();
        // Why a mount's space is not shown, printed under the table rather than in its number columns.
        List<String> notes = new ArrayList<>();
        for (MountInfo mount : shownMounts) {
            Object[] space;
            try {
                space = mounts.fileSystem(mount.name()).map(DfCommand::space).orElse(null);
                if (space == null) {
                    notes.add(mount.name() + ": not mounted (" + MountsCommand.state(mount) + ")");
                }
            } catch (UncheckedIOException e) {
                space = null;
                notes.add(mount.name() + ": " + reason(e.getCause()));
            } catch (UnsupportedOperationException e) {
                space = null;
                notes.add(mount.name() + ": its server does not report its space");
            }
            Object[] shown = space != null ? space : new Object[] {"-", "-", "-", "-", "-"};
            table.addRow().addContent(mount.name(), NetfsUri.display(mount.uri()), shown[0], shown[1], shown[2], shown[3],
                    shown[4]);
        }
        table.emptyTableText("no mounts; mount one with netfs:mount");
        table.print(System.out);
        notes.forEach(System.out::println);
        return null;
    }

    private static Object[] space(FileSystem fs) {
        try {
            FileStore store = fs.getFileStores().iterator().next();
            return row(store.getTotalSpace(), store.getUnallocatedSpace(), store.getUsableSpace());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Size, free and available as the server reports them. Used is size minus free, as df has it,
     * and only when the server reports free apart from available: Samba answers the space left to
     * the user for both, so size minus "free" would count the blocks reserved for root as used
     * (177.6 GiB "used" on a disk with 27 GiB of files).
     */
    static Object[] row(long total, long free, long available) {
        if (free == available) {
            return new Object[] {Sizes.human(total), "-", Sizes.human(free), Sizes.human(available), "-"};
        }
        long used = total - free;
        // As df: used as a share of what the user can have, used + available.
        long percent = used + available == 0 ? 0 : Math.round(100.0 * used / (used + available));
        return new Object[] {Sizes.human(total), Sizes.human(used), Sizes.human(free), Sizes.human(available), percent + "%"};
    }

}
