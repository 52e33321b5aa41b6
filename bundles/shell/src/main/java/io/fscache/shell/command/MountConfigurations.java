package io.fscache.shell.command;

import java.io.IOException;
import java.util.Optional;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Where {@code netfs:mount --persist} keeps a mount: a factory configuration of PID {@value #PID},
 * which Karaf writes as {@code etc/io.fscache.mount-<name>.cfg} and the netfs engine mounts at
 * every start.
 */
final class MountConfigurations {

    static final String PID = "io.fscache.mount";

    private MountConfigurations() {
    }

    /** The file Karaf keeps a mount's configuration in, as a user finds it. */
    static String file(String name) {
        return "etc/" + PID + "-" + name + ".cfg";
    }

    /** The configuration of the mount {@code name}: made by --persist, or written by hand with its name or file name. */
    static Optional<Configuration> find(ConfigurationAdmin configAdmin, String name) throws IOException {
        String value = name.replaceAll("([\\\\*()])", "\\\\$1");
        try {
            Configuration[] found = configAdmin.listConfigurations("(&(service.factoryPid=" + PID + ")(|(name=" + value
                    + ")(service.pid=" + PID + "~" + value + ")))");
            return found == null || found.length == 0 ? Optional.empty() : Optional.of(found[0]);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a mount name: '" + name + "'", e);
        }
    }
}
