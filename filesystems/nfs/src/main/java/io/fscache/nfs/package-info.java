/**
 * The NFS client: {@link io.fscache.nfs.NfsFilesystem}, a {@link io.fscache.netfs.NetworkFilesystem}
 * for {@code nfs://host[:port]/path} mounts speaking NFSv3 (RFC 1813) with MOUNT v3, its session,
 * files, options, and the NFSv3 calls and results. The RPC transport is {@link io.fscache.nfs.rpc}'s.
 *
 * <p>Not exported (no package version): in OSGi the filesystem is used only as a
 * {@code NetworkFilesystem} service with {@code netfs.scheme=nfs}, registered by
 * this class itself, a DS component (deactivation closes it). The class is public so tests, benchmarks
 * and plain-Java users can construct one.
 */
package io.fscache.nfs;
