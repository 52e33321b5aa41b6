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
 * <p>For users of mounts: {@link io.fscache.netfs.Mounts} mounts, lists and unmounts, and gives each
 * mount's {@link io.fscache.netfs.ProtocolStats}; a mounted file's
 * {@link io.fscache.netfs.FscacheFileAttributeView} says how much of it the cache holds. For protocols:
 * {@link io.fscache.netfs.NetfsPaths} splits and joins session paths, {@link io.fscache.netfs.ProtocolCounters}
 * counts what a session sends and receives.
 *
 * <p>Errors: sessions report failures as the {@code java.nio.file} exceptions a user expects
 * ({@link java.nio.file.NoSuchFileException}, {@link java.nio.file.AccessDeniedException},
 * {@link java.nio.file.FileAlreadyExistsException}, {@link java.nio.file.DirectoryNotEmptyException})
 * or an {@link java.io.IOException} carrying the server's own message.
 *
 * <h2>File names</h2>
 *
 * <p>Servers name files with byte strings; this SPI passes names and paths as Java strings. A
 * protocol whose names are bytes (9P now; NFS, Ceph, AFS later) maps every name it sends or
 * receives with {@link io.fscache.netfs.FileNames}: UTF-8, with PEP 383's "surrogateescape" for
 * the bytes that are not well-formed UTF-8 (each such byte {@code b} becomes the lone surrogate
 * {@code U+DC00 + b}). The mapping is lossless both ways, so every name a server lists reaches
 * that same file again in {@code stat}, {@code open}, {@code rename} and {@code delete}, and no two
 * server names ever show as one. A Java name no server name maps to (a lone surrogate outside
 * U+DC80..U+DCFF, or escapes that together spell well-formed UTF-8) is refused with
 * {@link java.nio.file.InvalidPathException}. Protocols whose
 * names are Unicode already (SMB's UTF-16) pass strings through.
 */
@Version("1.8.0")
package io.fscache.netfs;

import org.osgi.annotation.versioning.Version;
