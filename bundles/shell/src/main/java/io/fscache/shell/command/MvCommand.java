package io.fscache.shell.command;

import io.fscache.shell.command.completers.RemotePathCompleter;
import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/**
 * Renames a remote file or directory within one mount: one rename on the server, so the file keeps
 * its cached data. As with {@code mv}, an existing directory as the destination means the source's
 * name in it, and an existing file there is replaced only with {@code -f}.
 */
@Service
@Command(scope = "netfs", name = "mv", description = "Renames a remote file or directory within its mount (or moves it into a directory), on the server.")
public class MvCommand extends MountsReference {

    @Argument(index = 0, name = "from", required = true, description = "<mount>:<path> to rename")
    @Completion(RemotePathCompleter.class)
    String from;

    @Argument(index = 1, name = "to", required = true, description = "<mount>:<path> of its new name, or of a directory to move it into, in the same mount")
    @Completion(RemotePathCompleter.class)
    String to;

    @Option(name = "-f", aliases = "--force", description = "Replace the destination file if it exists.")
    boolean force;

    @Override
    Object run() {
        RemotePath source = RemotePath.parse(from, mounts);
        RemotePath target = RemotePath.parse(to, mounts);
        Path sourceFile = source.resolve(mounts);
        Path targetFile = target.resolve(mounts);
        if (!source.mount().equals(target.mount())) {
            throw new IllegalArgumentException("netfs:mv renames within one mount: " + source + " and " + target
                    + " are in two; copy with netfs:get and netfs:put");
        }
        source.requireNotRoot("it cannot be moved");
        if (Files.isDirectory(targetFile) && !targetFile.equals(sourceFile)) {
            targetFile = targetFile.resolve(sourceFile.getFileName().toString());
            target = new RemotePath(target.mount(), targetFile.toString());
        }
        if (targetFile.equals(sourceFile)) {
            throw new IllegalArgumentException("remote " + source + " and " + target + " are the same file");
        }
        if (targetFile.startsWith(sourceFile)) {
            // The server says only EINVAL.
            throw new IllegalArgumentException("cannot move remote " + source + " to a subdirectory of itself, " + target);
        }
        CopyOption[] options = force ? new CopyOption[] {StandardCopyOption.REPLACE_EXISTING} : new CopyOption[0];
        try {
            Files.move(sourceFile, targetFile, options);
        } catch (FileAlreadyExistsException e) {
            throw new CommandFailure("remote " + target + " exists; use -f to replace it", e);
        } catch (IOException e) {
            // The server's status does not say which of the two names it is about: name both, as mv(1) does.
            throw new CommandFailure("cannot move remote " + source + " to " + target + ": " + reason(e), e);
        }
        return null;
    }
}
