package io.fscache.shell.command;

import io.fscache.api.FsCacheMonitor;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Service
@Command(scope = "fscache", name = "stats", description = "Prints the counters, like /proc/fs/fscache/stats.")
public class StatsCommand extends ShellCommand {

    @Reference
    FsCacheMonitor monitor;

    @Option(name = "--reset", description = "Set the event counters back to zero after printing them.")
    boolean reset;

    @Override
    Object run() {
        System.out.print(monitor.stats());
        if (reset) {
            monitor.resetStats();
            System.out.println("(counters reset)");
        }
        return null;
    }
}
