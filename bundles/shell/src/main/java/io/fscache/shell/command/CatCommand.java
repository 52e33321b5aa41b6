package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "netfs", name = "cat", description = "Prints a remote file.")
public class CatCommand extends MountsReference {

    @Argument(index = 0, name = "path", required = true, description = "<mount>:<path>")
    @Completion(RemotePathCompleter.class)
    String path;

    @Override
    Object run() {
        RemotePath remote = RemotePath.parse(path, mounts);
        try (InputStream in = Files.newInputStream(remote.resolve(mounts))) {
            in.transferTo(System.out);
            System.out.flush();
        } catch (IOException e) {
            throw remoteError(e, remote);
        }
        return null;
    }
}
