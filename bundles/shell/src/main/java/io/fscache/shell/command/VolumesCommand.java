package io.fscache.shell.command;

import io.fscache.api.FsCacheMonitor;
import io.fscache.api.VolumeInfo;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "fscache", name = "volumes", description = "Lists the volumes, like /proc/fs/fscache/volumes.")
public class VolumesCommand extends ShellCommand {

    @Reference
    FsCacheMonitor monitor;

    @Override
    Object run() {
        ShellTable table = new ShellTable();
        table.column("Volume");
        table.column("Cookies").alignRight();
        table.column("Accesses").alignRight();
        table.column("Cache");
        table.column("Key");
        for (VolumeInfo volume : monitor.volumes()) {
            table.addRow().addContent(String.format("%08x", volume.debugId()), volume.cookies(), volume.accesses(),
                    volume.boundCaches().isEmpty() ? "-" : volume.boundCaches(), volume.key());
        }
        table.emptyTableText("no volumes");
        table.print(System.out);
        return null;
    }
}
