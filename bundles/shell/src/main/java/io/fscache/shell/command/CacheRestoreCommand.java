package io.fscache.shell.command;

import io.fscache.api.FsCacheMonitor;
import io.fscache.shell.command.completers.CacheNameCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code fscache:cache-restore}: puts back a cache {@code fscache:cache-withdraw} withdrew at runtime. */
@Service
@Command(scope = "fscache", name = "cache-restore",
        description = "Puts back into service a cache withdrawn at runtime by fscache:cache-withdraw (without --delete).")
public class CacheRestoreCommand extends ShellCommand {

    @Reference
    FsCacheMonitor monitor;

    @Argument(index = 0, name = "name", required = true, description = "The withdrawn cache.")
    @Completion(CacheNameCompleter.class)
    String name;

    @Override
    Object run() {
        monitor.restore(name);
        System.out.println("Cache " + name + " restored.");
        return null;
    }
}
