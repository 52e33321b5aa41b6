package io.fscache.smb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.contract.MountRig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Names a real Samba sends, used again through a mount: each must reach the file it was listed for. */
class SmbNamesTest {

    @RegisterExtension
    static final SambaPeer PEER = new SambaPeer("names");
    /**
     * Unix names as raw bytes (octal escapes for printf) and each file's content. Samba sends the UTF-16
     * of each name; a 3-byte sequence for a lone surrogate comes out as that unpaired surrogate.
     */
    private static final Map<String, String> FILES = Map.of(
            "caf\\351", "latin-1 e-acute, not UTF-8",
            "\\377", "a lone 0xff byte",
            "caf\\357\\277\\275", "a literal U+FFFD",
            "x\\360\\237\\230\\200", "an emoji outside the BMP",
            "a\\355\\240\\200", "a lone high surrogate",
            "a\\357\\277\\275", "a and U+FFFD",
            "b\\355\\260\\200", "a lone low surrogate",
            "plain", "plain ASCII");

    @RegisterExtension
    final MountRig<SmbFilesystem> rig = new MountRig<>(PEER, new SmbFilesystem());

    @BeforeEach
    void setUp() throws Exception {
        // Java cannot name files whose names are not UTF-8, so the shell removes them.
        shell("rm -rf \"$1\"/names", PEER.export().toString());
        PEER.clearShare();
        StringBuilder script = new StringBuilder("cd \"$1\" || exit 1\n");
        FILES.forEach((name, content) -> script.append("printf '%s' '").append(content).append("' > \"$(printf '")
                .append(name).append("')\" || exit 1\n"));
        // In a directory: smbclient (samba.sh's readiness check lists the share root) fails on such names.
        Files.createDirectory(PEER.export().resolve("names"));
        shell(script.toString(), PEER.export().resolve("names").toString());
    }

    // How it broke: smbj decoded listed names with new String(bytes, UTF_16LE), turning unpaired
    // surrogates into U+FFFD, and encoded paths with getBytes, so "a" + U+D800 was listed as "a" + U+FFFD
    // (twice) and opened the file really named "a" + U+FFFD.
    @Test
    void everyListedNameReachesItsOwnFile() throws Exception {
        FileSystem fs = rig.mount("m", "cache", "none");
        List<String> listed = names(fs);
        assertEquals(listed.size(), new HashSet<>(listed).size(), "distinct names: " + escape(listed));
        // Samba lists no name it cannot convert from UTF-8 (caf\xe9, \xff); a 3-byte surrogate becomes
        // that surrogate, unpaired.
        assertEquals(Set.of("caf\ufffd", "x\ud83d\ude00", "a\ud800", "a\ufffd", "b\udc00", "plain"),
                Set.copyOf(listed), "the code units Samba sent: " + escape(listed));

        Map<String, String> contentOf = new HashMap<>();
        for (String name : List.of("caf\ufffd", "x\ud83d\ude00", "a\ufffd", "plain")) {
            Path path = fs.getPath("/names/" + name);
            String content = Files.readString(path, StandardCharsets.ISO_8859_1);
            assertEquals(content.length(), Files.size(path), "stat reaches the same file: " + escape(name));
            contentOf.put(name, content);
        }
        assertEquals(Map.of("caf\ufffd", "a literal U+FFFD", "x\ud83d\ude00", "an emoji outside the BMP",
                "a\ufffd", "a and U+FFFD", "plain", "plain ASCII"), contentOf, "each name opens its own file");
        // Samba lists unpaired surrogates but refuses them in a path (STATUS_ILLEGAL_CHARACTER): such a
        // name reaches no file, and above all not the one named with U+FFFD.
        for (String name : List.of("a\ud800", "b\udc00")) {
            IOException e = assertThrows(IOException.class, () -> Files.readAllBytes(fs.getPath("/names/" + name)));
            assertTrue(e.getMessage().contains("STATUS_ILLEGAL_CHARACTER"), escape(e.getMessage()));
            assertThrows(IOException.class, () -> Files.delete(fs.getPath("/names/" + name)));
        }

        Files.move(fs.getPath("/names/caf\ufffd"), fs.getPath("/names/renamed"));
        assertEquals("a literal U+FFFD", Files.readString(PEER.export().resolve("names/renamed")));
        Files.delete(fs.getPath("/names/x\ud83d\ude00"));
        Set<String> others = new HashSet<>(FILES.values());
        others.remove("an emoji outside the BMP");
        assertEquals(others, serverContents(), "only the deleted file is gone from the server");
    }

    private static List<String> names(FileSystem fs) throws IOException {
        try (Stream<Path> listing = Files.list(fs.getPath("/names"))) {
            return listing.map(path -> path.getFileName().toString()).toList();
        }
    }

    /** The contents of the files in the share, read on the server side (names as raw bytes). */
    private static Set<String> serverContents() throws Exception {
        String out = shell("cd \"$1\" && for f in *; do cat \"$f\"; printf '\\n'; done",
                PEER.export().resolve("names").toString());
        return new HashSet<>(List.of(out.split("\n")));
    }

    private static String shell(String script, String arg) throws Exception {
        Process process = new ProcessBuilder("/bin/sh", "-c", script, "sh", arg).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new AssertionError("sh failed: " + out);
        }
        return out;
    }

    private static String escape(Object names) {
        StringBuilder out = new StringBuilder();
        for (char c : names.toString().toCharArray()) {
            out.append(c < 0x7f && c >= 0x20 ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.toString();
    }
}
