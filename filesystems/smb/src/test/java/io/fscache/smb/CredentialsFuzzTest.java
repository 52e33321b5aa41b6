package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Locale;

/**
 * Fuzz test of a mount.cifs style credentials file, which the user names and may have written by
 * hand: any text gives names that are lower-case, trimmed and free of {@code '='}, and values that
 * are stripped, never an exception.
 */
class CredentialsFuzzTest {

    @FuzzTest(maxExecutions = 1_000_000)
    void anyCredentialsTextGivesCleanNamesAndValues(FuzzedDataProvider data) {
        SmbMountOptions.credentials(data.consumeRemainingAsString()).forEach((name, value) -> {
            assertFalse(name.isEmpty() || name.contains("=") || !name.equals(name.trim()), name);
            assertTrue(name.equals(name.toLowerCase(Locale.ROOT)), name);
            assertTrue(value.equals(value.strip()), value);
        });
    }
}
