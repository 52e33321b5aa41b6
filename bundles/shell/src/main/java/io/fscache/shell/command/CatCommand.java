package io.fscache.shell.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "netfs", name = "cat", description = "Prints a remote file.")
public class CatCommand extends RemotePathCommand {

    @Override
    void run(RemotePath remote, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            in.transferTo(System.out);
            System.out.flush();
        }
    }
}
