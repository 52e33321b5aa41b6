package io.fscache.shell.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Makes a remote directory on the server; its parent must exist, as with {@code mkdir}. */
@Service
@Command(scope = "netfs", name = "mkdir", description = "Makes a remote directory on the server (its parent must exist).")
public class MkdirCommand extends RemotePathCommand {

    @Override
    void run(RemotePath remote, Path file) throws IOException {
        remote.requireNotRoot("it exists");
        Files.createDirectory(file);
    }
}
