package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "netfs", name = "stat", description = "Shows a remote file's attributes and how much of it is cached.")
public class StatCommand extends MountsReference {

    @Argument(index = 0, name = "path", required = true, description = "<mount>:<path>")
    @Completion(RemotePathCompleter.class)
    String path;

    @Override
    Object run() {
        RemotePath remote = RemotePath.parse(path, mounts);
        Path file = remote.resolve(mounts);
        try {
            Map<String, Object> attributes = new TreeMap<>(Files.readAttributes(file, "basic:*"));
            if (Files.isRegularFile(file)) {
                Files.readAttributes(file, "fscache:*").forEach((name, value) -> attributes.put("fscache:" + name, value));
            }
            System.out.println(remote);
            attributes.forEach((name, value) -> System.out.printf("  %-22s %s%n", name, value == null ? "(none)" : value));
        } catch (IOException e) {
            throw remoteError(e, remote);
        }
        return null;
    }
}
