package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz test of the one SMB reply this client parses itself, a QUERY_DIRECTORY output buffer of
 * FileIdBothDirectoryInformation entries: any bytes give entries whose names lie inside the buffer,
 * or the one documented {@link IllegalArgumentException}, never another exception. Committed corpus:
 * {@code src/test/resources/io/fscache/smb/DirectoryEntryFuzzTestInputs/}.
 */
class DirectoryEntryFuzzTest {

    @FuzzTest(maxExecutions = 1_000_000)
    void aDirectoryBufferGivesEntriesInsideItOrIsRefused(byte[] buffer) {
        List<SmbDirectoryEntry> entries = new ArrayList<>();
        try {
            SmbDirectoryEntry.parse(buffer, entries);
        } catch (IllegalArgumentException refused) {
            assertTrue(refused.getMessage().startsWith("a directory entry at "), refused.getMessage());
        }
        int names = entries.stream().mapToInt(e -> e.name().length()).sum();
        assertTrue(entries.size() * 104L + names * 2L <= buffer.length, entries.size() + " entries from " + buffer.length + " bytes");
    }
}
