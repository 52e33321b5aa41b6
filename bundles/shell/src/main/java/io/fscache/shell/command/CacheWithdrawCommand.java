package io.fscache.shell.command;

import io.fscache.shell.command.completers.CacheNameCompleter;
import java.io.IOException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

@Service
@Command(scope = "fscache", name = "cache-withdraw",
        description = "Withdraws a cache by deleting its configuration: I/O in flight completes, readers go to the server.")
public class CacheWithdrawCommand implements Action {

    @Reference
    ConfigurationAdmin configAdmin;

    @Argument(index = 0, name = "name", required = true, description = "The cache to withdraw.")
    @Completion(CacheNameCompleter.class)
    String name;

    @Override
    public Object execute() throws IOException, InvalidSyntaxException {
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
        System.out.println("Cache " + name + " withdrawn.");
        return null;
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
