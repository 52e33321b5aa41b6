/**
 * The AFS client: {@link io.fscache.afs.AfsFilesystem}, a {@link io.fscache.netfs.NetworkFilesystem}
 * for {@code afs://vlserver-host[:port]/volume/path} mounts speaking AFS-3 (the VL and fileserver
 * RPCs, the callback service, the directory format) over {@link io.fscache.afs.rx}'s Rx.
 *
 * <p>Not exported (no package version): in OSGi the filesystem is used only as a
 * {@code NetworkFilesystem} service with {@code netfs.scheme=afs}, registered by
 * this class itself, a DS component (deactivation closes it). The class is public so tests, benchmarks
 * and plain-Java users can construct one.
 */
package io.fscache.afs;
