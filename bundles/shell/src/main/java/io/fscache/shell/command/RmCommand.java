package io.fscache.shell.command;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** Deletes a remote file or empty directory on the server, as {@code rm} and {@code rmdir} do. */
@Service
@Command(scope = "netfs", name = "rm", description = "Deletes a remote file, or an empty remote directory, on the server.")
public class RmCommand extends RemotePathCommand {

    @Override
    void run(RemotePath remote, Path file) throws IOException {
        remote.requireNotRoot("it cannot be deleted");
        try {
            Files.delete(file);
        } catch (DirectoryNotEmptyException e) {
            throw new CommandFailure("remote " + remote + ": directory not empty; netfs:rm deletes files and empty directories", e);
        }
    }
}
