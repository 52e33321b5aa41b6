package io.fscache.shell.command;

import io.fscache.shell.command.completers.MountNameCompleter;
import java.io.IOException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "netfs", name = "umount", description = "Unmounts: flushes written data, relinquishes the cache cookies, closes the session.")
public class UmountCommand extends MountsReference {

    @Argument(index = 0, name = "name", required = true, description = "The mount to unmount.")
    @Completion(MountNameCompleter.class)
    String name;

    @Override
    Object run() {
        if (mounts.fileSystem(name).isEmpty()) {
            throw new IllegalArgumentException("no mount named '" + name + "' (see netfs:mounts)");
        }
        try {
            mounts.unmount(name);
        } catch (IOException e) {
            throw new CommandFailure("cannot unmount " + name + ": " + reason(e), e);
        }
        System.out.println("Unmounted " + name);
        return null;
    }
}
