package io.fscache.shell.command.completers;

import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/** Completes the kinds of cache {@code fscache:cache-add} can configure. */
@Service
public class CacheTypeCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return TypedWord.complete(commandLine, List.of("cachefiles", "memory", "tiered"), candidates);
    }
}
