package io.fscache.netfs.contract;

import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileNames;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.RemoteFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names made on the server's disk, listed, opened, renamed and deleted through a session: each
 * listed name reaches its own file, and what the session creates or renames lands on disk with
 * exactly the bytes its Java name stands for ({@link FileNames}). The names are made from their
 * bytes by the peer ({@link Peer#makeFiles}).
 */
final class NameRoundTrip {

    /** Every protocol's names, as UTF-8 bytes in hex: look-alikes that must stay apart. */
    private static final Map<String, String> UNICODE = Map.of(
            "plain", "706c61696e",
            "NFC e-acute", "636166c3a9",
            "NFD e and combining acute", "63616665cc81",
            "a literal U+FFFD", "636166efbfbd",
            "an emoji outside the BMP", "78f09f9880",
            "a space", "612062");
    /** Names only byte-string protocols carry: not UTF-8. */
    private static final Map<String, String> NOT_UTF8 = Map.of(
            "latin-1 e-acute", "636166e9",
            "a lone 0xff", "ff");

    private final Peer peer;
    private final NetfsSession session;
    private final Path dir;

    NameRoundTrip(Peer peer, NetfsSession session) {
        this.peer = peer;
        this.session = session;
        this.dir = peer.export().resolve("names");
    }

    void check() throws Exception {
        Map<String, String> names = new LinkedHashMap<>(UNICODE);
        if (peer.names() == Peer.Names.BYTES) {
            names.putAll(NOT_UTF8);
        }
        Map<String, String> contentByHex = new LinkedHashMap<>();
        names.forEach((what, hex) -> contentByHex.put(hex, what));
        peer.makeFiles(dir, contentByHex);

        Map<String, String> byJavaName = new HashMap<>();
        names.forEach((what, hex) -> byJavaName.put(FileNames.decode(HexFormat.of().parseHex(hex)), what));
        Set<String> listed = session.list("/names").stream().map(DirEntry::name).collect(Collectors.toSet());
        assertEquals(byJavaName.keySet(), listed, "each name listed as its own");
        for (String name : listed) {
            String what = byJavaName.get(name);
            assertEquals(what, read("/names/" + name), "the name " + what + " opens its own file");
            assertEquals(what.length(), session.stat("/names/" + name).size(), what);
        }

        Set<String> expected = new HashSet<>(names.values());
        String made = "new-\u00e9\uD83D\uDE00" + (peer.names() == Peer.Names.BYTES ? "\uDCE9" : "");
        try (RemoteFile file = session.open("/names/" + made, Set.of(WRITE, CREATE_NEW))) {
            Io.writeAll(file, 0, "made".getBytes(StandardCharsets.US_ASCII));
        }
        expected.add(Shell.hex(FileNames.encode(made)));
        String moved = FileNames.decode(HexFormat.of().parseHex(names.get("NFD e and combining acute")));
        session.rename("/names/" + moved, "/names/" + moved + "-moved");
        expected.remove(names.get("NFD e and combining acute"));
        expected.add(names.get("NFD e and combining acute") + Shell.hex("-moved".getBytes(StandardCharsets.US_ASCII)));
        session.delete("/names/" + FileNames.decode(HexFormat.of().parseHex(names.get("NFC e-acute"))));
        expected.remove(names.get("NFC e-acute"));
        assertEquals(expected, peer.rawNames(dir), "exactly the made, renamed and deleted names changed on disk");
        assertEquals("made", read("/names/" + made));
    }

    private String read(String path) throws Exception {
        try (RemoteFile file = session.open(path, Set.of(READ))) {
            return new String(Io.readAll(file, (int) file.attributes().size()), StandardCharsets.US_ASCII);
        }
    }
}
