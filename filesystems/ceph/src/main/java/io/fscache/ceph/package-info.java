/**
 * The CephFS client: {@link io.fscache.ceph.CephFilesystem}, a {@link io.fscache.netfs.NetworkFilesystem}
 * for {@code ceph://[client-id@]mon-host[:port]/fs-name[/path]} mounts, bound with JNA to
 * libcephfs's low-level inode API ({@code ceph_ll_*}, pacific and later).
 *
 * <p>Not exported (no package version): in OSGi the filesystem is used only as a
 * {@code NetworkFilesystem} service with {@code netfs.scheme=ceph}, registered by
 * this class itself, a DS component. The class is public so tests, benchmarks
 * and plain-Java users can construct one.
 */
package io.fscache.ceph;
