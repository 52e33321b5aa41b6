/**
 * The 9P2000.L client: {@link io.fscache.ninep.NinePFilesystem}, a
 * {@link io.fscache.netfs.NetworkFilesystem} for {@code 9p://[uname@]host[:port]/aname} mounts, with its
 * session, files, options, connections (one per generation, redialled by the connector) and fid pool.
 * The bytes on the wire are {@link io.fscache.ninep.wire}'s.
 *
 * <p>Not exported (no package version): in OSGi the filesystem is used only as a
 * {@code NetworkFilesystem} service with {@code netfs.scheme=9p}, registered by
 * this class itself, a DS component (deactivation closes it). The class is public so tests, benchmarks
 * and plain-Java users can construct one.
 */
package io.fscache.ninep;
