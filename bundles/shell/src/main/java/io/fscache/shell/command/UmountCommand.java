package io.fscache.shell.command;

import io.fscache.shell.command.completers.MountNameCompleter;
import java.io.IOException;
import java.util.Optional;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code netfs:umount}: like {@code umount} with fstab, a mount kept with {@code --persist} is
 * unmounted until the next start; {@code --forget} also deletes its configuration, which unmounts it
 * (or stops its retries) for good.
 */
@Service
@Command(scope = "netfs", name = "umount", description = "Unmounts: flushes written data, relinquishes the cache cookies, closes the session. "
        + "A mount kept with --persist comes back at the next start unless --forget is given.")
public class UmountCommand extends MountsReference {

    @Argument(index = 0, name = "name", required = true, description = "The mount to unmount.")
    @Completion(MountNameCompleter.class)
    String name;

    @Option(name = "--forget", description = "Also delete the mount's configuration (etc/io.fscache.mount-<name>.cfg), "
            + "so it does not come back; also stops the retries of a kept mount that is not up.")
    boolean forget;

    @Option(name = "--wait", description = "With --forget: seconds to wait for the unmount (default 60).")
    int waitSeconds = 60;

    @Reference(optional = true)
    ConfigurationAdmin configAdmin;

    @Override
    Object run() throws Exception {
        Optional<Configuration> kept = configAdmin == null ? Optional.empty() : MountConfigurations.find(configAdmin, name);
        if (forget) {
            return forget(kept);
        }
        if (mounts.fileSystem(name).isEmpty()) {
            throw kept.isEmpty() ? notUp(mounts, name)
                    : new IllegalArgumentException("mount '" + name + "' is not up (see netfs:mounts); netfs:umount --forget "
                            + name + " removes its configuration");
        }
        try {
            mounts.unmount(name);
        } catch (IOException e) {
            throw new CommandFailure("cannot unmount " + name + ": " + reason(e), e);
        }
        System.out.println("Unmounted " + name + (kept.isEmpty() ? ""
                : " until the next start; netfs:umount --forget " + name + " removes it from " + MountConfigurations.file(name)));
        return null;
    }

    /** Deletes the configuration; the netfs engine unmounts what it mounted from it. */
    private Object forget(Optional<Configuration> kept) throws Exception {
        if (kept.isEmpty()) {
            throw new IllegalArgumentException("mount '" + name + "' is not kept in a configuration"
                    + (mounts.fileSystem(name).isPresent() ? "; netfs:umount " + name + " unmounts it" : " (see netfs:mounts)"));
        }
        boolean up = mounts.fileSystem(name).isPresent();
        kept.get().delete();
        if (!within(waitSeconds, () -> mounts.mounts().stream().noneMatch(m -> m.name().equals(name)))) {
            throw new IllegalStateException("configuration of '" + name + "' deleted, but it is still mounted after "
                    + waitSeconds + " s; see log:display");
        }
        System.out.println((up ? "Unmounted " + name + " and removed " : "Removed ") + MountConfigurations.file(name));
        return null;
    }
}
