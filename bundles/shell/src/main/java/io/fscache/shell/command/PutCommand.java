package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "netfs", name = "put", description = "Copies a local file to a remote file, with progress.")
public class PutCommand extends MountsReference {

    @Argument(index = 0, name = "local", required = true, description = "The local file to read.")
    String local;

    @Argument(index = 1, name = "remote", required = true, description = "<mount>:<path>")
    @Completion(RemotePathCompleter.class)
    String remote;

    @Override
    public Object execute() {
        RemotePath target = RemotePath.parse(remote);
        Path file = target.resolve(mounts);
        FileChannel in;
        try {
            in = FileChannel.open(Path.of(local), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("no such local file: " + local);
        } catch (IOException e) {
            throw new IllegalArgumentException(local + ": " + e.getMessage());
        }
        try (in; SeekableByteChannel out = Files.newByteChannel(file, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            Progress progress = new Progress(System.out, "put " + target, in.size());
            Copier.copy(in, out, progress);
            progress.finish();
        } catch (IOException e) {
            throw userError(e, target);
        }
        return null;
    }
}
