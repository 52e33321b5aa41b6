/**
 * Adapters that fit smbj to the client in {@link io.fscache.smb}: callbacks on its response futures
 * ({@link io.fscache.smb.smbj.AsyncResponses}), the connection's credit balance
 * ({@link io.fscache.smb.smbj.SmbCredits}), and signing on the JDK's AES
 * ({@link io.fscache.smb.smbj.JdkCryptoSecurityProvider}, AES-CMAC).
 *
 * <p>Not exported: public only for the client in {@link io.fscache.smb}.
 */
package io.fscache.smb.smbj;
