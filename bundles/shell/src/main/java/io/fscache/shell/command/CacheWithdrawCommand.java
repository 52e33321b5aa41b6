package io.fscache.shell.command;

import io.fscache.api.FsCacheMonitor;
import io.fscache.shell.command.completers.CacheNameCompleter;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * {@code fscache:cache-withdraw}: like Karaf's {@code bundle:stop} against {@code bundle:uninstall},
 * withdrawing a cache at runtime and deleting its configuration are two choices. Without
 * {@code --delete} the cache is withdrawn now and its configuration kept: it comes back with
 * {@code fscache:cache-restore} or at the next start. With {@code --delete} its configuration
 * (its {@code etc/} file) is deleted for good. Either way the command returns once the cache is gone.
 */
@Service
@Command(scope = "fscache", name = "cache-withdraw",
        description = "Withdraws a cache and returns once it is gone: I/O in flight completes, readers go to the server. "
                + "Its configuration is kept (the cache returns with fscache:cache-restore or at the next start) "
                + "unless --delete removes it for good.")
public class CacheWithdrawCommand extends ShellCommand {

    @Reference
    ConfigurationAdmin configAdmin;

    @Reference
    FsCacheMonitor monitor;

    @Argument(index = 0, name = "name", required = true, description = "The cache to withdraw.")
    @Completion(CacheNameCompleter.class)
    String name;

    @Option(name = "-d", aliases = "--delete", description = "Also delete the cache's configuration (its etc/ file): it does not come back.")
    boolean delete;

    @Option(name = "--wait", description = "Seconds to wait for the cache to be gone (default 30).")
    int waitSeconds = 30;

    @Override
    Object run() throws IOException, InvalidSyntaxException, InterruptedException {
        if (!delete) {
            withdrawAtRuntime();
            System.out.println("Cache " + name + " withdrawn; its configuration is kept: fscache:cache-restore " + name
                    + " brings it back, and so does the next start.");
            return null;
        }
        int deleted = 0;
        for (String pid : CacheTypes.PIDS.values()) {
            Configuration[] configurations = configAdmin.listConfigurations(
                    "(&(service.factoryPid=" + pid + ")(name=" + escape(name) + "))");
            if (configurations != null) {
                for (Configuration configuration : configurations) {
                    configuration.delete();
                    deleted++;
                }
            }
        }
        if (deleted == 0) {
            throw new IllegalArgumentException("no configured cache is named '" + name + "'");
        }
        if (!within(waitSeconds, () -> monitor.caches().stream().noneMatch(c -> c.name().equals(name)))) {
            throw new CommandFailure("cache " + name + " still withdrawing after " + waitSeconds
                    + " s (its configuration is deleted): I/O in flight has not completed; see fscache:caches");
        }
        System.out.println("Cache " + name + " withdrawn and its configuration deleted.");
        return null;
    }

    /**
     * Withdraws through the core, which returns once every object is closed; waits for that at most
     * {@code --wait} seconds (an access held open elsewhere would keep it waiting), after which the
     * withdrawal goes on without the console.
     */
    private void withdrawAtRuntime() throws InterruptedException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread withdrawal = new Thread(() -> {
            try {
                monitor.withdraw(name);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "fscache-shell-withdraw-" + name);
        withdrawal.setDaemon(true);
        withdrawal.start();
        try {
            done.get(waitSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (RuntimeException) e.getCause();
        } catch (TimeoutException e) {
            throw new CommandFailure("cache " + name + " still withdrawing after " + waitSeconds
                    + " s: I/O in flight has not completed; it goes on, see fscache:caches");
        }
    }

    /** Escapes an LDAP filter value (RFC 4515). */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '*' || c == '(' || c == ')' || c == '\\' || c == 0) {
                out.append(String.format("\\%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
