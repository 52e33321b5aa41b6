/**
 * The netfs request engine and its {@code java.nio.file} face (the userspace form of the kernel's
 * netfslib): {@link io.fscache.netfs.lib.NetfsMounts} implements {@link io.fscache.netfs.Mounts};
 * each mount is a {@link io.fscache.netfs.lib.NetfsFileSystem} whose reads go through the cache
 * (granule-aligned fetches shared by concurrent readers, readahead) and whose writes go to the
 * server and the cache as two streams.
 *
 * <p>Public for plain-Java use (tests, embedding); not exported: inside OSGi the engine is reached
 * only through the {@code Mounts} service. See the module's README for the design.
 */
package io.fscache.netfs.lib;
