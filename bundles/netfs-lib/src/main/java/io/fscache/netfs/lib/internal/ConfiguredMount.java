package io.fscache.netfs.lib.internal;

import io.fscache.netfs.MountInfo;
import io.fscache.netfs.MountInfo.State;
import io.fscache.netfs.Mounts;
import io.fscache.netfs.NetfsUri;
import io.fscache.netfs.Secrets;
import io.fscache.netfs.lib.CacheNotLiveException;
import io.fscache.netfs.lib.MountOptions;
import io.fscache.spi.CacheProperties;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.nio.file.FileSystem;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One mount per factory configuration of PID {@value #PID} (in Karaf the file
 * {@code etc/io.fscache.mount-<name>.cfg}), the fstab of the netfs engine.
 *
 * <p>Activation checks the configuration (keys of {@link ConfiguredMountConfiguration}, a URI, options
 * that parse, no secret) and throws naming what is wrong; the mount itself happens on the component's
 * own daemon thread, never on the DS thread. While the server cannot be reached or no network
 * filesystem serves the URI's scheme, the mount is tried again after 1 s, doubling to 60 s, and as
 * soon as a filesystem for the scheme appears; {@link Mounts#mounts()} lists it as
 * {@link State#RETRYING} with the last error meanwhile. An error retrying cannot fix (an option the
 * protocol refuses, a name already mounted) leaves it {@link State#FAILED}: editing the configuration
 * tries again. A mount whose protocol goes away is retried until the protocol is back.
 *
 * <p>Deleting the configuration (or stopping the bundle) stops the retries and unmounts. An unmount
 * by hand ({@code netfs:umount}) lasts until the next start, as with {@code umount} and fstab.
 */
@Component(service = {}, configurationPolicy = ConfigurationPolicy.REQUIRE, configurationPid = ConfiguredMount.PID,
        immediate = true)
@Designate(ocd = ConfiguredMountConfiguration.class, factory = true)
public final class ConfiguredMount {

    static final String PID = "io.fscache.mount";
    static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration LAST_RETRY = Duration.ofSeconds(60);
    private static final System.Logger LOG = System.getLogger(ConfiguredMount.class.getName());
    /** The property DS adds for the reference's target. */
    static final String MOUNTS_TARGET = "mounts.target";
    private static final Set<String> KEYS = CacheProperties.keysOf(ConfiguredMountConfiguration.class);

    private final MountsComponent mounts;
    private final String name;
    private final URI uri;
    private final String scheme;
    private final Map<String, String> options;
    private final MountOptions parsed;
    private final Duration firstRetry;
    /** One thread at most, and none while nothing is to be tried. */
    private final ScheduledThreadPoolExecutor retries;
    // Guarded by this.
    private State state;
    private String problem;
    private Duration delay;
    private Future<?> next;
    private boolean attempting;
    private boolean tryAgainAtOnce;
    private FileSystem mounted;
    private boolean closed;
    /** The reason last logged as a warning; touched by the attempting thread only. */
    private String warned;

    /** Checks the configuration and starts mounting in the background. */
    @Activate
    public ConfiguredMount(@Reference(name = "mounts", target = "(component.name=io.fscache.netfs.lib.internal.MountsComponent)")
            Mounts mounts, Map<String, Object> properties) {
        this((MountsComponent) mounts, properties, FIRST_RETRY);
    }

    ConfiguredMount(MountsComponent mounts, Map<String, Object> properties, Duration firstRetry) {
        Map<String, Object> own = new HashMap<>(properties);
        own.remove(MOUNTS_TARGET);
        CacheProperties.check(PID, own, KEYS, Map.of());
        this.mounts = mounts;
        this.name = name(properties);
        String where = PID + "~" + name;
        this.uri = uri(where, text(properties, "uri"));
        this.scheme = NetfsUri.scheme(uri);
        this.options = options(where, properties);
        Secrets.refuseToKeep(where, uri, options);
        this.parsed = MountOptions.parse(options);
        this.firstRetry = firstRetry;
        this.delay = firstRetry;
        this.retries = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "fscache-mount-" + name);
            thread.setDaemon(true);
            return thread;
        });
        retries.setKeepAliveTime(1, TimeUnit.SECONDS);
        retries.allowCoreThreadTimeOut(true);
        retries.setRemoveOnCancelPolicy(true);
        mounts.keep(this);
        synchronized (this) {
            next = retries.submit(this::attempt);
        }
    }

    /** Stops retrying and unmounts what this configuration mounted. */
    @Deactivate
    void deactivate() {
        FileSystem up;
        synchronized (this) {
            closed = true;
            up = mounted;
            mounted = null;
            if (next != null) {
                next.cancel(false);
            }
        }
        retries.shutdownNow();
        mounts.forget(this);
        unmount(up);
    }

    /** This mount as listed while it is not up; empty when it is up, not tried yet, or unmounted by hand. */
    synchronized Optional<MountInfo> pending() {
        if (state == null || state == State.MOUNTED || closed) {
            return Optional.empty();
        }
        return Optional.of(new MountInfo(name, uri, parsed.cacheName(), parsed.mode(), false, Secrets.hide(options),
                state, problem));
    }

    /** A network filesystem for {@code arrived} was registered: a mount waiting for it is tried at once. */
    void filesystemArrived(String arrived) {
        if (scheme.equals(arrived)) {
            tryAgain(false);
        }
    }

    /** The network filesystem of {@code left} went away, and its mounts with it: this one waits for its return. */
    void filesystemLeft(String left) {
        if (scheme.equals(left)) {
            tryAgain(true);
        }
    }

    private void tryAgain(boolean ifMountWentAway) {
        FileSystem up;
        synchronized (this) {
            up = mounted;
        }
        boolean wentAway = up != null && mounts.fileSystem(name).orElse(null) != up;
        synchronized (this) {
            if (closed || state == State.FAILED || mounted != up || (ifMountWentAway ? !wentAway : state != State.RETRYING)) {
                return;
            }
            if (wentAway) {
                mounted = null;
                state = State.RETRYING;
                problem = "its network filesystem went away";
                delay = firstRetry;
            }
            if (attempting) {
                tryAgainAtOnce = true;
            } else {
                if (next != null) {
                    next.cancel(false);
                }
                next = retries.submit(this::attempt);
            }
        }
    }

    private void attempt() {
        synchronized (this) {
            if (closed) {
                return;
            }
            attempting = true;
            tryAgainAtOnce = false;
        }
        FileSystem fs = null;
        State outcome = State.RETRYING;
        String why;
        Throwable unexpected = null;
        if (!mounts.serves(scheme)) {
            why = "no network filesystem serves the scheme '" + scheme + "' yet";
        } else {
            try {
                fs = mounts.mount(name, uri, options);
                outcome = State.MOUNTED;
                why = null;
            } catch (IOException | CacheNotLiveException e) {
                // The server, or the cache the mount names, may come up later.
                why = oneLine(e);
            } catch (IllegalArgumentException e) {
                outcome = State.FAILED;
                why = oneLine(e);
            } catch (RuntimeException e) {
                why = oneLine(e);
                unexpected = e;
            }
        }
        report(outcome, why, unexpected);
        boolean undo;
        synchronized (this) {
            attempting = false;
            undo = closed;
            if (!closed) {
                state = outcome;
                problem = why;
                mounted = fs;
                if (outcome == State.RETRYING) {
                    next = retries.schedule(this::attempt, tryAgainAtOnce ? 0 : delay.toMillis(), TimeUnit.MILLISECONDS);
                    delay = delay.multipliedBy(2).compareTo(LAST_RETRY) > 0 ? LAST_RETRY : delay.multipliedBy(2);
                } else {
                    delay = firstRetry;
                }
            }
        }
        if (undo) {
            unmount(fs);
        }
    }

    /**
     * Logs a change: a new reason once at INFO (the first attempt's at DEBUG), and as a warning once
     * the next attempt fails for it too (a mount {@code netfs:mount --persist} refuses is gone by
     * then, so nothing is logged of it); the mount once it is up after failures.
     */
    private void report(State outcome, String why, Throwable unexpected) {
        State before;
        String problemBefore;
        synchronized (this) {
            before = state;
            problemBefore = problem;
        }
        String shown = NetfsUri.display(uri);
        if (outcome == State.MOUNTED) {
            if (before == State.RETRYING) {
                LOG.log(Level.INFO, "Mount " + name + " of " + shown + " is up after retrying");
            }
        } else if (outcome == State.FAILED) {
            LOG.log(Level.WARNING, "Mount " + name + " of " + shown + " (configuration " + PID + "~" + name + "): " + why
                    + "; not retried until its configuration changes");
        } else if (unexpected != null) {
            LOG.log(Level.WARNING, "Mount " + name + " of " + shown + " failed; retrying in the background", unexpected);
        } else if (!why.equals(problemBefore)) {
            // The first attempt's failure is news only once it repeats: netfs:mount --persist drops
            // the configuration of a mount whose first attempt failed, and nothing retries it then.
            LOG.log(problemBefore == null ? Level.DEBUG : Level.INFO,
                    "Mount " + name + " of " + shown + ": " + why + "; retrying in the background");
        } else if (!why.equals(warned) && mounts.serves(scheme)) {
            // At start the protocol's bundle may simply not be up yet: that is no warning.
            warned = why;
            LOG.log(Level.WARNING, "Mount " + name + " of " + shown + ": " + why + "; retrying in the background");
        } else {
            LOG.log(Level.DEBUG, "Mount " + name + " of " + shown + ": " + why + "; retrying");
        }
    }

    /** Unmounts {@code fs} if it is still the mount of this name (not one made by hand since). */
    private void unmount(FileSystem fs) {
        if (fs == null || mounts.fileSystem(name).orElse(null) != fs) {
            return;
        }
        try {
            mounts.unmount(name);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "Unmounting " + name + " after its configuration went away: " + oneLine(e));
        }
    }

    private static String name(Map<String, Object> properties) {
        String name = text(properties, "name");
        if (name == null) {
            // Karaf's etc/io.fscache.mount-<name>.cfg is the configuration io.fscache.mount~<name>.
            Object pid = properties.get("service.pid");
            int tilde = pid == null ? -1 : pid.toString().indexOf('~');
            name = tilde < 0 ? null : pid.toString().substring(tilde + 1);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(PID + ": set name, the mount's name");
        }
        return name.trim();
    }

    private static URI uri(String where, String text) {
        if (text == null) {
            throw new IllegalArgumentException(where + ": set uri, the server and export, e.g. 9p://host:564/export");
        }
        return NetfsUri.parse(text.trim());
    }

    /** The mount options: {@code options} split at commas, then {@code cache} and {@code mode}. */
    private static Map<String, String> options(String where, Map<String, Object> properties) {
        Map<String, String> options = new LinkedHashMap<>();
        String list = text(properties, "options");
        if (list != null) {
            for (String option : list.split(",")) {
                int eq = option.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException(where + ": options are key=value separated by commas, not '"
                            + option.trim().replaceAll("=.*", "=...") + "'");
                }
                String key = option.substring(0, eq).trim();
                if (key.equals("cache") || key.equals("mode")) {
                    throw new IllegalArgumentException(where + ": set " + key + " as its own property, not in options");
                }
                options.put(key, option.substring(eq + 1).trim());
            }
        }
        for (String key : new String[] {"cache", "mode"}) {
            String value = text(properties, key);
            if (value != null) {
                options.put(key, value.trim());
            }
        }
        return options;
    }

    private static String text(Map<String, Object> properties, String key) {
        Object value = properties.get(key);
        return value == null || value.toString().isBlank() ? null : value.toString();
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
