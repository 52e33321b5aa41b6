package io.fscache.shell.command.completers;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.Mounts;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes mount names. */
@Service
public class MountNameCompleter implements Completer {

    @Reference
    Mounts mounts;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter();
        for (MountInfo mount : mounts.mounts()) {
            names.getStrings().add(mount.name());
        }
        return names.complete(session, commandLine, candidates);
    }
}
