package io.fscache.smb.smbj;

import com.hierynomus.security.AEADBlockCipher;
import com.hierynomus.security.Cipher;
import com.hierynomus.security.DerivationFunction;
import com.hierynomus.security.Mac;
import com.hierynomus.security.MessageDigest;
import com.hierynomus.security.SecurityException;
import com.hierynomus.security.SecurityProvider;
import com.hierynomus.security.bc.BCSecurityProvider;

/**
 * smbj's cryptography with SMB 3 signing ({@link AesCmac}) done by the JDK's hardware-accelerated
 * AES; everything else (NTLM's MD4 and RC4, key derivation, encryption) stays with smbj's Bouncy
 * Castle provider.
 */
public final class JdkCryptoSecurityProvider implements SecurityProvider {

    private final SecurityProvider bouncyCastle = new BCSecurityProvider();

    @Override
    public MessageDigest getDigest(String name) throws SecurityException {
        return bouncyCastle.getDigest(name);
    }

    @Override
    public Mac getMac(String name) throws SecurityException {
        return "AesCmac".equalsIgnoreCase(name) ? new AesCmac() : bouncyCastle.getMac(name);
    }

    @Override
    public Cipher getCipher(String name) throws SecurityException {
        return bouncyCastle.getCipher(name);
    }

    @Override
    public AEADBlockCipher getAEADBlockCipher(String name) throws SecurityException {
        return bouncyCastle.getAEADBlockCipher(name);
    }

    @Override
    public DerivationFunction getDerivationFunction(String name) throws SecurityException {
        return bouncyCastle.getDerivationFunction(name);
    }
}
