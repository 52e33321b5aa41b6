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
    void aNameWithASpaceCompletesUpToTheSpace() {
        // The console lost the line: Karaf's console gives the word unquoted with the cursor
        // counted in the typed line ("data:/my f", 10 characters, cursor 11: the completer threw
        // StringIndexOutOfBoundsException), and Gogo's escaping throws the same on a candidate with
        // a space ("data:/my file.txt").
        assertEquals(List.of("data:/my", "data:/plain.txt "), complete("netfs:ls data:/"));
        assertEquals(List.of("data:/my"), complete("netfs:cat data:/m"));
        assertEquals(List.of(), complete("netfs:cat data:/my\\ f"));
        assertEquals(List.of(), complete("netfs:cat \"data:/my f"));
    }

    @Test
    void mountNamesComeFirst() {
        assertEquals(List.of("data:/"), complete("netfs:ls da"));
    }

    private List<String> complete(String line) {
        return ConsoleLine.complete(completer, line);
    }
}
