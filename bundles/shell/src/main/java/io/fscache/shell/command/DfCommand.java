package io.fscache.shell.command;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.NetfsUri;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "netfs", name = "df", description = "Shows each mount's capacity, as its server reports it.")
public class DfCommand extends MountsReference {

    @Override
    Object run() {
        ShellTable table = new ShellTable();
        table.column("Mount");
        table.column("URI");
        table.column("Size").alignRight();
        table.column("Used").alignRight();
        table.column("Available").alignRight();
        table.column("Use%").alignRight();
        for (MountInfo mount : mounts.mounts()) {
            Object[] space = mounts.fileSystem(mount.name()).map(DfCommand::space).orElse(unknown("unmounted"));
            table.addRow().addContent(mount.name(), NetfsUri.display(mount.uri()), space[0], space[1], space[2], space[3]);
        }
        table.emptyTableText("no mounts; mount one with netfs:mount");
        table.print(System.out);
        return null;
    }

    private static Object[] space(FileSystem fs) {
        try {
            FileStore store = fs.getFileStores().iterator().next();
            long total = store.getTotalSpace();
            long used = total - store.getUnallocatedSpace();
            long available = store.getUsableSpace();
            // As df: used as a share of what the user can have, used + available.
            long percent = used + available == 0 ? 0 : Math.round(100.0 * used / (used + available));
            return new Object[] {Sizes.human(total), Sizes.human(used), Sizes.human(available), percent + "%"};
        } catch (UnsupportedOperationException e) {
            return unknown("not reported");
        } catch (IOException e) {
            return unknown(e.getMessage());
        }
    }

    private static Object[] unknown(String why) {
        return new Object[] {"(" + why + ")", "-", "-", "-"};
    }
}
