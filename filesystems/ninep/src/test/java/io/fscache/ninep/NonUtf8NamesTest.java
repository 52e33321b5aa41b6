package io.fscache.ninep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fscache.netfs.contract.MountRig;
import io.fscache.netfs.contract.Shell;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * File names that are not UTF-8, through a mount of a real diod. Issue 12: {@code caf\xe9} and
 * {@code caf\xef\xbf\xbd} (a literal U+FFFD) both listed as {@code caf\uFFFD} and both opened the
 * second file; {@code \xff} listed but could not be opened, and {@code Files.walk} threw.
 */
class NonUtf8NamesTest {

    private static final String LATIN1 = "caf\uDCE9";
    private static final String REPLACEMENT = "caf\uFFFD";
    private static final String FF = "\uDCFF";

    @RegisterExtension
    static final DiodServer diod = DiodServer.on("nonutf8");
    @RegisterExtension
    final MountRig<NinePFilesystem> rig = new MountRig<>(diod, new NinePFilesystem(2));

    @Test
    void everyListedNameReachesItsOwnFile() throws Exception {
        diod.sh("mkdir odd && cd odd && printf L1 > $'caf\\xe9' && printf FFFD > $'caf\\xef\\xbf\\xbd'"
                + " && printf XFF > $'\\xff'");
        FileSystem fs = rig.mount("odd");
        Path dir = fs.getPath("/odd");

        List<Path> listed;
        try (Stream<Path> list = Files.list(dir)) {
            listed = list.toList();
        }
        assertEquals(Set.of(LATIN1, REPLACEMENT, FF),
                Set.copyOf(listed.stream().map(p -> p.getFileName().toString()).toList()), "three distinct names");
        assertEquals(3, listed.size());
        Map<String, String> contents = new HashMap<>();
        for (Path path : listed) {
            String content = Files.readString(path, StandardCharsets.US_ASCII);
            contents.put(path.getFileName().toString(), content);
            assertEquals(content.length(), Files.readAttributes(path, BasicFileAttributes.class).size(), path.toString());
        }
        assertEquals(Map.of(LATIN1, "L1", REPLACEMENT, "FFFD", FF, "XFF"), contents, "each name opens its own file");

        Files.move(dir.resolve(LATIN1), dir.resolve(LATIN1 + "-moved"));
        Files.delete(dir.resolve(FF));
        assertEquals(Set.of(Shell.hex(bytes("caf", 0xE9, "-moved")), Shell.hex(bytes("caf", 0xEF, 0xBF, 0xBD))),
                diod.rawNames("odd"), "exactly the renamed and the deleted names changed on the server");
        assertEquals("L1", diod.sh("cat odd/$'caf\\xe9-moved'"));

        List<String> walked;
        try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
            walked = walk.map(Path::toString).toList();
        }
        assertTrue(walked.containsAll(List.of("/odd", "/odd/" + LATIN1 + "-moved", "/odd/" + REPLACEMENT)), walked.toString());

        assertThrows(InvalidPathException.class, () -> Files.createFile(dir.resolve("lone\uD800")),
                "a name no server name decodes to");
    }

    private static byte[] bytes(Object... parts) {
        StringBuilder hex = new StringBuilder();
        for (Object part : parts) {
            hex.append(part instanceof String s ? Shell.hex(s.getBytes(StandardCharsets.US_ASCII))
                    : String.format("%02x", (Integer) part));
        }
        return java.util.HexFormat.of().parseHex(hex);
    }
}
