package io.fscache.shell.command;

import io.fscache.netfs.MountOption;
import io.fscache.netfs.MountOptionSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "netfs", name = "options", description = "Lists the mount options (netfs:mount -o name=value, or ?name=value "
        + "in the URI): the engine's, which every mount takes (scheme all), then each protocol's.")
public class OptionsCommand extends MountsReference {

    @Argument(index = 0, name = "scheme", description = "Only this protocol's mounts, e.g. 9p or smb.")
    String scheme;

    @Override
    Object run() {
        List<String> schemes = scheme == null ? mounts.schemes() : List.of(scheme);
        Map<String, MountOptionSpec> specs = new LinkedHashMap<>();
        specs.put("all", mounts.options());
        for (String each : schemes) {
            specs.put(each, mounts.options(each));
        }
        ShellTable table = new ShellTable();
        table.column("Scheme");
        table.column("Option");
        table.column("Type");
        table.column("Default");
        table.column("Range");
        table.column("Meaning").maxSize(70).wrap();
        for (Map.Entry<String, MountOptionSpec> spec : specs.entrySet()) {
            for (MountOption option : spec.getValue().options()) {
                table.addRow().addContent(spec.getKey(), option.name(), option.type().label(), option.defaultText().orElse("-"),
                        option.rangeText().orElse("-"), option.help());
            }
        }
        table.emptyTableText("no network filesystem is installed");
        table.print(System.out);
        return null;
    }
}
