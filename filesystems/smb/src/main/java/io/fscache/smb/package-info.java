/**
 * The SMB2/3 network filesystem: {@link io.fscache.smb.SmbFilesystem}, a
 * {@link io.fscache.netfs.NetworkFilesystem} for {@code smb://[domain;]user@host[:port]/share} mounts,
 * speaking SMB 2.0.2 to 3.1.1 through smbj, with its session, files, names and NT-status mapping. What
 * fits smbj itself (response callbacks, credits, JDK signing) is in {@link io.fscache.smb.smbj}.
 *
 * <p>Not exported (no package version): in OSGi the filesystem is used only as a
 * {@code NetworkFilesystem} service with {@code netfs.scheme=smb}, registered by
 * this class itself, a DS component (deactivation closes it). The class is public so tests and plain-Java
 * users can construct one.
 */
package io.fscache.smb;
