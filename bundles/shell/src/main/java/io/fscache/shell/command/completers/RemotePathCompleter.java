package io.fscache.shell.command.completers;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.Mounts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes {@code <mount>:<path>}: mount names first, then the entries of the remote directory typed so far. */
@Service
public class RemotePathCompleter implements Completer {

    @Reference
    Mounts mounts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String typed = commandLine.getCursorArgument() == null ? ""
                : commandLine.getCursorArgument().substring(0, commandLine.getArgumentPosition());
        StringsCompleter completions = new StringsCompleter();
        int colon = typed.indexOf(':');
        if (colon < 0) {
            for (MountInfo mount : mounts.mounts()) {
                completions.getStrings().add(mount.name() + ":/");
            }
        } else {
            String mount = typed.substring(0, colon);
            String path = typed.substring(colon + 1);
            String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "/";
            Optional<FileSystem> fileSystem = mounts.fileSystem(mount);
            if (fileSystem.isPresent()) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(fileSystem.get().getPath(dir))) {
                    for (Path entry : entries) {
                        String name = mount + ":" + dir + entry.getFileName();
                        completions.getStrings().add(Files.isDirectory(entry) ? name + "/" : name);
                    }
                } catch (IOException | RuntimeException e) {
                    // Nothing to offer for a path that does not list: completion stays quiet.
                }
            }
        }
        return completions.complete(session, commandLine, candidates);
    }
}
