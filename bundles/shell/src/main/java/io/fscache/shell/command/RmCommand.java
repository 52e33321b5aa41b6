package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Deletes a remote file or empty directory on the server, as {@code rm} and {@code rmdir} do. */
@Service
@Command(scope = "netfs", name = "rm", description = "Deletes a remote file, or an empty remote directory, on the server.")
public class RmCommand extends MountsReference {

    @Argument(index = 0, name = "path", required = true, description = "<mount>:<path>")
    @Completion(RemotePathCompleter.class)
    String path;

    @Override
    Object run() {
        RemotePath remote = RemotePath.parse(path, mounts);
        if (remote.path().equals("/")) {
            throw new IllegalArgumentException("remote " + remote + " is the root of the mount; it cannot be deleted");
        }
        try {
            Files.delete(remote.resolve(mounts));
        } catch (DirectoryNotEmptyException e) {
            throw new CommandFailure("remote " + remote + ": directory not empty; netfs:rm deletes files and empty directories", e);
        } catch (IOException e) {
            throw remoteError(e, remote);
        }
        return null;
    }
}
