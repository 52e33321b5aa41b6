package io.fscache.shell.command;

import io.fscache.api.FsCacheMonitor;
import io.fscache.shell.command.completers.CacheNameCompleter;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "fscache", name = "cull",
        description = "Culls a cache now: least recently used objects not in use go until its free-space target is met.")
public class CullCommand extends ShellCommand {

    @Reference
    FsCacheMonitor monitor;

    @Argument(index = 0, name = "name", required = true, description = "The cache to cull.")
    @Completion(CacheNameCompleter.class)
    String name;

    @Override
    Object run() {
        int culled = monitor.cull(name);
        System.out.println("Culled " + culled + " object" + (culled == 1 ? "" : "s") + " from " + name + ".");
        return null;
    }
}
