package io.fscache.shell.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "netfs", name = "stat", description = "Shows a remote file's attributes and how much of it is cached.")
public class StatCommand extends RemotePathCommand {

    @Override
    void run(RemotePath remote, Path file) throws IOException {
        Map<String, Object> attributes = new TreeMap<>(Files.readAttributes(file, "basic:*"));
        if (Files.isRegularFile(file)) {
            Files.readAttributes(file, "fscache:*").forEach((name, value) -> attributes.put("fscache:" + name, value));
        }
        System.out.println(remote);
        attributes.forEach((name, value) -> System.out.printf("  %-22s %s%n", name, value == null ? "(none)" : value));
    }
}
