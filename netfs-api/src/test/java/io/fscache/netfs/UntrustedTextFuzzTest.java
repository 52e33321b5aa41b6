package io.fscache.netfs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.time.Duration;

/**
 * Fuzz tests of what users and servers hand this package: names from servers, mount URIs and
 * option values. Each runs its committed corpus ({@code src/test/resources/.../<class>Inputs/})
 * on every build; {@code tools/fuzz} runs them coverage-guided for a budget.
 */
class UntrustedTextFuzzTest {

    /** Any name a server lists reaches the same bytes again (no two server names show as one). */
    @FuzzTest(maxExecutions = 1_000_000)
    void aServerNameSurvivesTheRoundTrip(byte[] name) {
        String decoded = FileNames.decode(name);
        assertArrayEquals(name, FileNames.encode(decoded));
    }

    /** A Java name is either refused as a path or maps to bytes that map back to it. */
    @FuzzTest(maxExecutions = 1_000_000)
    void aJavaNameIsRefusedOrRoundTrips(FuzzedDataProvider data) {
        String name = data.consumeRemainingAsString();
        byte[] bytes;
        try {
            bytes = FileNames.encode(name);
        } catch (InvalidPathException refused) {
            return;
        }
        assertEquals(name, FileNames.decode(bytes));
    }

    /** A mount URI parses or is refused in one line; its query is options or refused; shown, it keeps no password. */
    @FuzzTest(maxExecutions = 1_000_000)
    void aMountUriParsesOrIsRefusedInOneLine(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        URI uri;
        try {
            uri = NetfsUri.parse(text);
        } catch (IllegalArgumentException refused) {
            assertOneLine(refused);
            return;
        }
        try {
            NetfsUri.queryOptions(uri);
        } catch (IllegalArgumentException refused) {
            assertOneLine(refused);
        }
        NetfsUri.display(uri);
        URI hidden = Secrets.hide(uri);
        assertFalse(hidden.getRawUserInfo() != null && hidden.getRawUserInfo().contains(":"), hidden.toString());
        NetfsUri.withoutQuery(uri);
    }

    /** Every option value of every type is taken within its range or refused with the one message format. */
    @FuzzTest(maxExecutions = 1_000_000)
    void anOptionValueIsTakenInRangeOrRefusedInOneFormat(FuzzedDataProvider data) {
        long min = data.consumeLong(0, 1L << 40);
        long max = min + data.consumeLong(0, 1L << 50);
        MountOption[] options = {
            MountOption.bytes("size", null, min, max, "h"),
            MountOption.count("count", null, min, max, "h"),
            MountOption.duration("wait", null, Duration.ofMillis(min), Duration.ofMillis(max), "h"),
            MountOption.bool("flag", false, "h"),
        };
        MountOption option = data.pickValue(options);
        String value = data.consumeRemainingAsString();
        Object parsed;
        try {
            parsed = option.parse(value);
        } catch (IllegalArgumentException refused) {
            assertOneLine(refused);
            assertTrue(refused.getMessage().startsWith("option " + option.name() + " must be "), refused.getMessage());
            return;
        }
        long number = parsed instanceof Duration d ? d.toMillis() : parsed instanceof Long n ? n : min;
        assertTrue(number >= min && number <= max, option + "=" + value + " gave " + parsed);
    }

    private static void assertOneLine(IllegalArgumentException e) {
        assertFalse(e.getMessage() == null || e.getMessage().isBlank() || e.getMessage().contains("\n"),
                "not a one-line message: " + e.getMessage());
    }
}
