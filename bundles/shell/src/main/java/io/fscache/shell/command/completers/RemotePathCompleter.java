package io.fscache.shell.command.completers;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.Mounts;
import io.fscache.shell.command.ShellNames;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/**
 * Completes {@code <mount>:<path>}: mount names first, then the entries of the remote directory
 * typed so far, case-sensitively. A file is a complete candidate, a directory one to go on typing
 * in; a name with a space completes up to the space (see {@link TypedWord}). Names are offered as
 * {@link ShellNames} shows them, so a completed name reaches its file.
 */
@Service
public class RemotePathCompleter implements Completer {

    @Reference
    Mounts mounts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String text = TypedWord.of(commandLine);
        int colon = text.indexOf(':');
        TreeSet<String> found = new TreeSet<>();
        if (colon < 0) {
            for (MountInfo mount : mounts.mounts()) {
                if ((mount.name() + ":/").startsWith(text)) {
                    add(found, TypedWord.candidate(commandLine, mount.name() + ":/", false));
                }
            }
        } else {
            String mount = text.substring(0, colon);
            String path = text.substring(colon + 1);
            String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "/";
            Optional<FileSystem> fileSystem = mounts.fileSystem(mount);
            if (fileSystem.isPresent()) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(fileSystem.get().getPath(ShellNames.parse(dir)))) {
                    for (Path entry : entries) {
                        // As the console shows names: bytes that are not UTF-8 as \xNN (see ShellNames).
                        String name = mount + ":" + dir + ShellNames.display(entry.getFileName().toString());
                        boolean directory = Files.isDirectory(entry);
                        if ((directory ? name + "/" : name).startsWith(text)) {
                            add(found, TypedWord.candidate(commandLine, directory ? name + "/" : name, !directory));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // Nothing to offer for a path that does not list: completion stays quiet.
                }
            }
        }
        candidates.addAll(found);
        return TypedWord.start(commandLine, candidates);
    }

    private static void add(TreeSet<String> found, String candidate) {
        if (candidate != null) {
            found.add(candidate);
        }
    }
}
