package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/**
 * A command on one remote path ({@code <mount>:<path>}): parses and resolves it, and turns an
 * {@link IOException} into the one-line {@code remote <mount>:<path>: <reason>}.
 */
abstract class RemotePathCommand extends MountsReference {

    @Argument(index = 0, name = "path", required = true, description = "<mount>:<path>")
    @Completion(RemotePathCompleter.class)
    String path;

    @Override
    final Object run() {
        RemotePath remote = RemotePath.parse(path, mounts);
        Path file = remote.resolve(mounts);
        try {
            run(remote, file);
        } catch (IOException e) {
            throw remoteError(e, remote);
        }
        return null;
    }

    /** Does the command's work on {@code file}, which the user typed as {@code remote}. */
    abstract void run(RemotePath remote, Path file) throws IOException;
}
