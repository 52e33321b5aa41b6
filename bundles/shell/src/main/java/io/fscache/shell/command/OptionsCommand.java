package io.fscache.shell.command;

import io.fscache.netfs.MountOption;
import io.fscache.netfs.MountOptionSpec;
import java.util.ArrayList;
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

    /** The Meaning column's width, in characters. */
    static final int MEANING_WIDTH = 70;

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
        table.column("Meaning");
        for (Map.Entry<String, MountOptionSpec> spec : specs.entrySet()) {
            for (MountOption option : spec.getValue().options()) {
                List<String> meaning = wrap(option.help(), MEANING_WIDTH);
                table.addRow().addContent(spec.getKey(), option.name(), option.type().label(), option.defaultText().orElse("-"),
                        option.rangeText().orElse("-"), meaning.get(0));
                for (String more : meaning.subList(1, meaning.size())) {
                    table.addRow().addContent("", "", "", "", "", more);
                }
            }
        }
        table.emptyTableText("no network filesystem is installed");
        table.print(System.out);
        return null;
    }

    /**
     * {@code text}'s words in lines of at most {@code width} characters (a longer word alone on its
     * line). Karaf's own column wrap cuts at the width and drops the character there, a letter as
     * often as a space ("by default 8m, o" / "what the protocol suggests").
     */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" +")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
