package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/**
 * Copies a remote file to a local file. The local file appears whole or not at all: see
 * {@link Transfer}. A local directory as the destination means the remote file's name in it.
 */
@Service
@Command(scope = "netfs", name = "get", description = "Copies a remote file to a local file (or into a local directory), with progress."
        + " The local file is replaced only when the copy is complete.")
public class GetCommand extends MountsReference {

    @Argument(index = 0, name = "remote", required = true, description = "<mount>:<path> of a file")
    @Completion(RemotePathCompleter.class)
    String remote;

    @Argument(index = 1, name = "local", required = true, description = "The local file to write, or a directory to write it in.")
    @Completion(FileCompleter.class)
    String local;

    @Option(name = "-f", aliases = "--force", description = "Overwrite the local file if it exists.")
    boolean force;

    @Override
    Object run() {
        RemotePath source = RemotePath.parse(remote, mounts);
        Path file = source.resolve(mounts);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException e) {
            throw remoteError(e, source);
        }
        if (attributes.isDirectory()) {
            throw new IllegalArgumentException("remote " + source + " is a directory; netfs:get copies one file (netfs:warm reads a tree)");
        }
        // Karaf has no working directory of the user's: a relative path is the distribution's, shown whole.
        Transfer transfer = new Transfer("get", source.toString(), file.getFileSystem(), Path.of(local).toAbsolutePath(),
                local.endsWith("/"), file.getFileName().toString(), Path::toString, force);
        try (SeekableByteChannel in = Files.newByteChannel(file)) {
            transfer.copy(in, in.size(), console());
        } catch (IOException e) {
            throw remoteError(e, source);
        }
        return null;
    }
}
