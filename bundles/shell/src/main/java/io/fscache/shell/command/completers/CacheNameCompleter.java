package io.fscache.shell.command.completers;

import io.fscache.api.CacheInfo;
import io.fscache.api.FsCacheMonitor;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/** Completes the names of the caches the service knows. */
@Service
public class CacheNameCompleter implements Completer {

    @Reference
    FsCacheMonitor monitor;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return TypedWord.complete(commandLine, monitor.caches().stream().map(CacheInfo::name).toList(), candidates);
    }
}
