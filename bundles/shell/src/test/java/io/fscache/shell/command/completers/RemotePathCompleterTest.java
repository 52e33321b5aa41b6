package io.fscache.shell.command.completers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.netfs.lib.LocalNetworkFilesystem;
import io.fscache.netfs.lib.NetfsMounts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Completing remote paths whose names have spaces, on lines parsed by Karaf's own parser. */
class RemotePathCompleterTest {

    @TempDir
    Path dir;

    private FsCacheService fscache;
    private NetfsMounts mounts;
    private RemotePathCompleter completer;

    @BeforeEach
    void setUp() throws Exception {
        Path export = Files.createDirectories(dir.resolve("server/export"));
        Files.writeString(export.resolve("my file.txt"), "x");
        Files.createDirectories(export.resolve("my dir"));
        Files.writeString(export.resolve("plain.txt"), "x");
        fscache = new FsCacheService();
        fscache.addCache(new MemoryCache("mem", 16L << 20, 64 * 1024));
        mounts = new NetfsMounts(fscache);
        mounts.addFilesystem(LocalNetworkFilesystem.SCHEME, new LocalNetworkFilesystem(dir.resolve("server")));
        mounts.mount("data", URI.create("local://server/export"), Map.of());
        completer = new RemotePathCompleter();
        completer.mounts = mounts;
    }

    @AfterEach
    void tearDown() {
        mounts.close();
        fscache.close();
    }

    @Test
    void aNameWithASpaceIsCompletedWhateverTheQuoting() {
        // StringIndexOutOfBoundsException at RemotePathCompleter, and the console wiped the line: the
        // console gives the word unquoted ("data:/my f", 10 characters) but the cursor counted in
        // the typed line (11 after "data:/my\ f" or "\"data:/my f").
        for (String typed : List.of("data:/my\\ f", "\"data:/my f", "'data:/my f")) {
            assertEquals(List.of("data:/my file.txt "), complete("netfs:cat " + typed), typed);
        }
        assertEquals(List.of("data:/my dir/", "data:/my file.txt "), complete("netfs:ls \"data:/my "));
    }

    @Test
    void filesAreCompleteCandidatesAndDirectoriesAreNot() {
        assertEquals(List.of("data:/my dir/", "data:/my file.txt ", "data:/plain.txt "), complete("netfs:ls data:/"));
    }

    @Test
    void mountNamesComeFirst() {
        assertEquals(List.of("data:/"), complete("netfs:ls da"));
    }

    private List<String> complete(String line) {
        List<String> candidates = new ArrayList<>();
        completer.complete(null, ConsoleLine.parse(line), candidates);
        return candidates;
    }
}
