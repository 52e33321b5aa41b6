package io.fscache.shell.command;

import io.fscache.api.CookieInfo;
import io.fscache.api.FsCacheMonitor;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "fscache", name = "cookies", description = "Lists the cookies (one per cached file), like /proc/fs/fscache/cookies.")
public class CookiesCommand extends ShellCommand {

    @Reference
    FsCacheMonitor monitor;

    @Option(name = "--limit", description = "Show at most this many cookies (default 100; 0 for all).")
    int limit = 100;

    @Override
    Object run() {
        if (limit < 0) {
            throw new IllegalArgumentException("--limit must be 0 (all) or positive: " + limit);
        }
        ShellTable table = new ShellTable();
        table.column("Cookie");
        table.column("Volume");
        table.column("State");
        table.column("Users").alignRight();
        table.column("Accesses").alignRight();
        table.column("Invals").alignRight();
        table.column("Cache");
        table.column("Size").alignRight();
        table.column("Key");
        table.column("Aux");
        var cookies = monitor.cookies();
        cookies.stream().limit(limit == 0 ? Long.MAX_VALUE : limit).forEach((CookieInfo c) -> table.addRow().addContent(
                String.format("%08x", c.debugId()), String.format("%08x", c.volumeDebugId()), c.state(), c.users(),
                c.accesses(), c.invalidations(), c.cacheName() == null ? "-" : c.cacheName(), c.objectSize(),
                c.keyHex(), c.auxHex()));
        table.emptyTableText("no cookies");
        table.print(System.out);
        if (limit != 0 && cookies.size() > limit) {
            System.out.println("(" + (cookies.size() - limit) + " more; use --limit 0 to see all)");
        }
        return null;
    }
}
