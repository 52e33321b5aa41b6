package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.file.Files;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Makes a remote directory on the server; its parent must exist, as with {@code mkdir}. */
@Service
@Command(scope = "netfs", name = "mkdir", description = "Makes a remote directory on the server (its parent must exist).")
public class MkdirCommand extends MountsReference {

    @Argument(index = 0, name = "path", required = true, description = "<mount>:<path>")
    @Completion(RemotePathCompleter.class)
    String path;

    @Override
    Object run() {
        RemotePath remote = RemotePath.parse(path, mounts);
        try {
            Files.createDirectory(remote.resolve(mounts));
        } catch (IOException e) {
            throw remoteError(e, remote);
        }
        return null;
    }
}
