package io.fscache.shell.command.completers;

import io.fscache.api.FsCacheMonitor;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/** Completes {@code netfs:mount --cache}: the caches the service knows, and {@code none}. */
@Service
public class MountCacheCompleter implements Completer {

    @Reference
    FsCacheMonitor monitor;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = new ArrayList<>(List.of("none"));
        monitor.caches().forEach(cache -> names.add(cache.name()));
        return TypedWord.complete(commandLine, names, candidates);
    }
}
