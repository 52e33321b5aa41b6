package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "netfs", name = "ls", description = "Lists a remote directory.")
public class LsCommand extends MountsReference {

    @Argument(index = 0, name = "path", required = true, description = "<mount>:<path>, e.g. data:/ ")
    @Completion(RemotePathCompleter.class)
    String path;

    @Option(name = "-l", description = "Long listing: type, size and modification time.")
    boolean longListing;

    @Override
    Object run() {
        RemotePath remote = RemotePath.parse(path, mounts);
        Path dir = remote.resolve(mounts);
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(entries::add);
        } catch (IOException e) {
            throw remoteError(e, remote);
        }
        entries.sort(null);
        if (!longListing) {
            entries.forEach(entry -> System.out.println(name(entry)));
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Type");
        table.column("Size").alignRight();
        table.column("Modified");
        table.column("Name");
        for (Path entry : entries) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                table.addRow().addContent(attributes.isDirectory() ? "dir" : attributes.isRegularFile() ? "file" : "other",
                        attributes.size(), attributes.lastModifiedTime(), name(entry));
            } catch (IOException e) {
                table.addRow().addContent("?", "-", "-", name(entry) + " (" + reason(e) + ")");
            }
        }
        table.print(System.out);
        return null;
    }

    private static String name(Path entry) {
        return ShellNames.display(entry.getFileName().toString());
    }
}
