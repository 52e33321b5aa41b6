package io.fscache.smb.smbj;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.hierynomus.security.Mac;
import com.hierynomus.security.bc.BCSecurityProvider;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AesCmacTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String RFC_KEY = "2b7e151628aed2a6abf7158809cf4f3c";
    private static final String RFC_MESSAGE = "6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
            + "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710";

    @ParameterizedTest(name = "RFC 4493 example, {0} bytes")
    @CsvSource({
        "0, bb1d6929e95937287fa37d129b756746",
        "16, 070a16b46b4d4144f79bdd9dd04a287c",
        "40, dfa66747de9ae63030ca32611497c827",
        "64, 51f0bebf7e3b9d92fc49741779363cfe",
    })
    void rfc4493Examples(int length, String tag) throws Exception {
        Mac mac = new AesCmac();
        mac.init(HEX.parseHex(RFC_KEY));
        mac.update(HEX.parseHex(RFC_MESSAGE), 0, length);
        assertArrayEquals(HEX.parseHex(tag), mac.doFinal());
    }

    @Test
    void agreesWithBouncyCastleForAnyLengthAndAnySplitOfTheUpdates() throws Exception {
        Random random = new Random(4493);
        Mac reference = new BCSecurityProvider().getMac("AesCmac");
        Mac ours = new AesCmac();
        for (int round = 0; round < 500; round++) {
            byte[] key = new byte[16];
            random.nextBytes(key);
            byte[] message = new byte[random.nextInt(round < 100 ? 70 : 70_000)];
            random.nextBytes(message);
            reference.init(key);
            ours.init(key);
            reference.update(message, 0, message.length);
            for (int position = 0; position < message.length; ) {
                int piece = Math.min(message.length - position, random.nextInt(40) == 0 ? 1 : random.nextInt(5000));
                if (piece == 1) {
                    ours.update(message[position]);
                } else {
                    ours.update(message, position, piece);
                }
                position += piece;
            }
            byte[] expected = reference.doFinal();
            assertArrayEquals(expected, ours.doFinal(), "length " + message.length);
            // After doFinal the MAC starts afresh with the same key.
            ours.update(message);
            assertArrayEquals(expected, ours.doFinal(), "after reset, length " + message.length);
        }
    }
}
