package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * Copies a local file to a remote file. Nothing on the server changes before the local file is
 * open, and the remote file appears whole or not at all: see {@link Transfer}. A remote directory
 * as the destination means the local file's name in it.
 */
@Service
@Command(scope = "netfs", name = "put", description = "Copies a local file to a remote file (or into a remote directory), with progress."
        + " The remote file is replaced only when the copy is complete.")
public class PutCommand extends MountsReference {

    @Argument(index = 0, name = "local", required = true, description = "The local file to read.")
    @Completion(FileCompleter.class)
    String local;

    @Argument(index = 1, name = "remote", required = true, description = "<mount>:<path> of the file to write, or of a directory to write it in")
    @Completion(RemotePathCompleter.class)
    String remote;

    @Option(name = "-f", aliases = "--force", description = "Overwrite the remote file if it exists.")
    boolean force;

    @Override
    Object run() {
        RemotePath target = RemotePath.parse(remote, mounts);
        Path file = target.resolve(mounts);
        // Karaf has no working directory of the user's: a relative path is the distribution's, shown whole.
        Path source = Path.of(local).toAbsolutePath();
        FileChannel in;
        try {
            BasicFileAttributes attributes = Files.readAttributes(source, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                throw new IllegalArgumentException("local " + source + " is a directory; netfs:put copies one file");
            }
            if (!attributes.isRegularFile()) {
                throw new IllegalArgumentException("local " + source + " is not a regular file; netfs:put copies one file");
            }
            in = FileChannel.open(source, StandardOpenOption.READ);
        } catch (IOException e) {
            throw localError(e, source);
        }
        try (in) {
            Transfer transfer = new Transfer("put", source.toString(), file.getFileSystem(), file, remote.endsWith("/"),
                    source.getFileName().toString(),
                    path -> new RemotePath(target.mount(), path.toString()).toString(), force);
            transfer.copy(in, in.size(), console());
        } catch (IOException e) {
            throw localError(e, source);
        }
        return null;
    }
}
