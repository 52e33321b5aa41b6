package io.fscache.smb.smbj;

import com.hierynomus.security.Mac;
import com.hierynomus.security.SecurityException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-CMAC (RFC 4493), the SMB 3 message signature, computed with the JDK's AES, which the JVM
 * runs on the CPU's AES instructions. smbj's default, Bouncy Castle's CMAC over its pure-Java AES,
 * held SMB reads to about 100 MiB/s: every request and response is signed.
 *
 * <p>CMAC is a CBC-MAC: the chaining value after each block is exactly what AES/CBC with a zero IV
 * outputs for it, so all but the last block go through one JCE CBC cipher in bulk. The last block
 * (held back, since only {@link #doFinal()} knows which block is last) is masked with subkey K1,
 * or padded and masked with K2, and enciphered the same way: its output is the tag.
 */
final class AesCmac implements Mac {

    private static final int BLOCK = 16;
    private static final byte[] ZERO_IV = new byte[BLOCK];
    /** The constant of the subkey doubling in GF(2^128). */
    private static final int RB = 0x87;
    private static final String CBC = "AES/CBC/NoPadding";
    /**
     * smbj keys a new MAC for every message it signs or checks: looking the JDK's AES up by name each
     * time cost about three times what keying it does, so the provider is found once.
     */
    private static final Provider AES = aesProvider();

    private final byte[] last = new byte[BLOCK];
    private byte[] scratch = new byte[4096];
    private Cipher cbc;
    private SecretKeySpec key;
    private byte[] k1;
    private byte[] k2;
    private int lastLength;

    @Override
    public void init(byte[] keyBytes) throws SecurityException {
        try {
            key = new SecretKeySpec(keyBytes, "AES");
            cbc = Cipher.getInstance(CBC, AES);
            reset();
            // L = AES-K(0): one CBC block from a zero IV is the block cipher itself.
            k1 = doubled(cbc.update(new byte[BLOCK]));
            k2 = doubled(k1);
            reset();
        } catch (GeneralSecurityException e) {
            throw new SecurityException(e);
        }
    }

    @Override
    public void update(byte b) {
        update(new byte[] {b}, 0, 1);
    }

    @Override
    public void update(byte[] array) {
        update(array, 0, array.length);
    }

    @Override
    public void update(byte[] array, int offset, int length) {
        int position = offset;
        int end = offset + length;
        if (lastLength < BLOCK) {
            int taken = Math.min(BLOCK - lastLength, end - position);
            System.arraycopy(array, position, last, lastLength, taken);
            lastLength += taken;
            position += taken;
        }
        if (position == end) {
            return;
        }
        // More follows the held block: it is not the last one.
        chain(last, 0, BLOCK);
        // Of the rest, chain whole blocks but hold back the final 1..16 bytes.
        int bulk = (end - position - 1) / BLOCK * BLOCK;
        chain(array, position, bulk);
        position += bulk;
        lastLength = end - position;
        System.arraycopy(array, position, last, 0, lastLength);
    }

    @Override
    public byte[] doFinal() {
        byte[] block = new byte[BLOCK];
        byte[] subkey;
        if (lastLength == BLOCK) {
            System.arraycopy(last, 0, block, 0, BLOCK);
            subkey = k1;
        } else {
            System.arraycopy(last, 0, block, 0, lastLength);
            block[lastLength] = (byte) 0x80;
            subkey = k2;
        }
        for (int i = 0; i < BLOCK; i++) {
            block[i] ^= subkey[i];
        }
        byte[] tag = cbc.update(block);
        reset();
        return tag;
    }

    @Override
    public void reset() {
        try {
            cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(ZERO_IV));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES key refused after it was accepted", e);
        }
        lastLength = 0;
    }

    private void chain(byte[] input, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, scratch.length * 2)];
        }
        try {
            cbc.update(input, offset, length, scratch, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Provider aesProvider() {
        try {
            return Cipher.getInstance(CBC).getProvider();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no " + CBC, e);
        }
    }

    /** Multiplication by x in GF(2^128), as RFC 4493's subkey generation does. */
    private static byte[] doubled(byte[] value) {
        byte[] result = new byte[BLOCK];
        int carry = 0;
        for (int i = BLOCK - 1; i >= 0; i--) {
            int b = value[i] & 0xff;
            result[i] = (byte) ((b << 1) | carry);
            carry = b >>> 7;
        }
        if ((value[0] & 0x80) != 0) {
            result[BLOCK - 1] ^= (byte) RB;
        }
        return result;
    }
}
