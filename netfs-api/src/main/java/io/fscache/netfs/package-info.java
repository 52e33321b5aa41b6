/**
 * The network filesystem SPI and the mount API, shared by the protocol bundles and the netfs
 * request engine (the userspace form of the kernel's netfslib contract).
 *
 * <p>A protocol bundle registers one {@link io.fscache.netfs.NetworkFilesystem} service with the
 * service property {@value io.fscache.netfs.NetworkFilesystem#SCHEME_PROPERTY} naming its URI scheme.
 * It speaks the protocol and nothing more: it never touches the cache. The netfs engine (behind the
 * {@link io.fscache.netfs.Mounts} service) does the caching: it turns application reads and writes
 * into cache I/O and ranged server RPCs sized by the session's {@link io.fscache.netfs.IoLimits}, and
 * derives the cache's volume key, cookie keys and coherency data from what the session reports.
 *
 * <p>Errors: sessions report failures as the {@code java.nio.file} exceptions a user expects
 * ({@link java.nio.file.NoSuchFileException}, {@link java.nio.file.AccessDeniedException},
 * {@link java.nio.file.FileAlreadyExistsException}, {@link java.nio.file.DirectoryNotEmptyException})
 * or an {@link java.io.IOException} carrying the server's own message.
 */
@Version("1.1.0")
package io.fscache.netfs;

import org.osgi.annotation.versioning.Version;
