package io.fscache.shell.command.completers;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.Mounts;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;

/** Completes mount names. */
@Service
public class MountNameCompleter implements Completer {

    @Reference
    Mounts mounts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return TypedWord.complete(commandLine, mounts.mounts().stream().map(MountInfo::name).toList(), candidates);
    }
}
