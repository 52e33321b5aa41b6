package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "netfs", name = "get", description = "Copies a remote file to a local file, with progress.")
public class GetCommand extends MountsReference {

    @Argument(index = 0, name = "remote", required = true, description = "<mount>:<path>")
    @Completion(RemotePathCompleter.class)
    String remote;

    @Argument(index = 1, name = "local", required = true, description = "The local file to write.")
    String local;

    @Option(name = "-f", aliases = "--force", description = "Overwrite the local file if it exists.")
    boolean force;

    @Override
    public Object execute() {
        RemotePath source = RemotePath.parse(remote);
        Path target = Path.of(local);
        if (Files.exists(target) && !force) {
            throw new IllegalArgumentException(local + " exists; use -f to overwrite it");
        }
        Path file = source.resolve(mounts);
        try (SeekableByteChannel in = Files.newByteChannel(file);
                FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            Progress progress = new Progress(System.out, "get " + source, in.size());
            Copier.copy(in, out, progress);
            progress.finish();
        } catch (IOException e) {
            throw userError(e, source);
        }
        return null;
    }
}
