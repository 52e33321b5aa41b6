package io.fscache.netfs.lib.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One mount kept across restarts: a factory configuration of PID {@code io.fscache.mount}, in
 * Karaf the file {@code etc/io.fscache.mount-<name>.cfg}. Secrets never go here: give them in a
 * credentials file named by an option.
 */
@ObjectClassDefinition(name = "FS-Cache mount",
        description = "A network filesystem mount made at start and kept mounted, like a line of /etc/fstab.")
@interface ConfiguredMountConfiguration {

    @AttributeDefinition(name = "Name",
            description = "The mount's name, used in <name>:<path> (default: the configuration's name, after io.fscache.mount-).")
    String name();

    @AttributeDefinition(name = "URI", description = "The server and export, e.g. 9p://127.0.0.1:5640/export.")
    String uri();

    @AttributeDefinition(name = "Options",
            description = "Mount options as key=value separated by commas, e.g. uname=alice,credentials=/etc/fscache/smb.cred; "
                    + "no secret (password, key, token...) may be given here.")
    String options() default "";

    @AttributeDefinition(name = "Cache", description = "The cache to use by name, or none (default: any live cache).")
    String cache();

    @AttributeDefinition(name = "Mode", description = "writethrough (default), writeback, readonly or none.")
    String mode();
}
