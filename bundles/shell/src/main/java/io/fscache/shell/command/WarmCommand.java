package io.fscache.shell.command;

import io.fscache.netfs.FscacheFileAttributeView;
import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "netfs", name = "warm", description = "Reads a remote file, or every file of a tree, so the cache holds it; files the cache already holds are skipped.")
public class WarmCommand extends MountsReference {

    @Argument(index = 0, name = "path", required = true, description = "<mount>:<path> of a file or directory")
    @Completion(RemotePathCompleter.class)
    String path;

    @Override
    Object run() {
        RemotePath remote = RemotePath.parse(path);
        Path root = remote.resolve(mounts);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw remoteError(e, remote);
        } catch (java.io.UncheckedIOException e) {
            throw remoteError(e.getCause(), remote);
        }
        long total = 0;
        for (Path file : files) {
            try {
                total += Files.size(file);
            } catch (IOException e) {
                throw remoteError(e, remote.mount() + ":" + file);
            }
        }
        Progress progress = new Progress(console(), "warm " + remote + " (" + files.size()
                + (files.size() == 1 ? " file)" : " files)"), total);
        int skipped = 0;
        for (Path file : files) {
            try {
                long cached = cachedBytes(file);
                if (cached >= Files.size(file)) {
                    // Already in the cache (as of the last listing's attributes): nothing to read.
                    progress.advance(cached);
                    skipped++;
                    continue;
                }
                try (SeekableByteChannel in = Files.newByteChannel(file)) {
                    Copier.copy(in, null, progress);
                }
            } catch (IOException e) {
                progress.abandon();
                throw remoteError(e, remote.mount() + ":" + file);
            }
        }
        progress.finish();
        if (skipped > 0) {
            console().println(skipped + " of " + files.size() + (files.size() == 1 ? " file was" : " files were")
                    + " in the cache already: not read again");
        }
        return null;
    }

    private static long cachedBytes(Path file) throws IOException {
        FscacheFileAttributeView view = Files.getFileAttributeView(file, FscacheFileAttributeView.class);
        return view == null ? 0 : view.readAttributes().cachedBytes();
    }
}
