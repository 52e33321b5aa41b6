package io.fscache.afs;

import io.fscache.core.FsCacheService;
import io.fscache.core.FsCacheSettings;
import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileNames;
import io.fscache.netfs.MountOptionSpec;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.NetworkFilesystem;
import io.fscache.netfs.contract.Shell;
import io.fscache.netfs.lib.NetfsMounts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A volume as a second client sees it, for the contracts' {@code Peer.export()}: our own AFS client
 * in another {@link AfsFilesystem} (its own UUID, Rx socket and callback registrations, so the
 * fileserver treats it as another host and breaks the tested client's promises when it changes a
 * file), mounted through the netfs engine with no cache and {@code actimeo=0}, so {@code Files.*}
 * work on it. What {@code java.nio.file} cannot do on a mount is done with the session's own calls:
 * StoreStatus sets a modification time, StoreACL takes rights away, CreateFile makes names from
 * their bytes. Used from one test thread at a time; closed when the cell stops.
 */
final class AfsExport implements AutoCloseable {

    private static final int FS_STORE_ACL = 134;
    private static final int FS_STORE_STATUS = 135;
    /** The root ACL {@code openafs.sh} gives root.cell: both groups {@code rlidwka}. */
    private static final String OPEN_ACL = acl(0x7f);
    /** Lookup, read and administer only (AFS's {@code rla}): nothing can be written, created or deleted. */
    private static final String DENY_ACL = acl(0x01 | 0x08 | 0x40);

    private final AfsFilesystem client = new AfsFilesystem(1);
    private final FsCacheService fscache = new FsCacheService(FsCacheSettings.DEFAULTS);
    private final NetfsMounts mounts = new NetfsMounts(fscache);
    private final Path root;
    private AfsSession session;

    /** Mounts {@code volume} (an {@code afs://} URI without a directory) and makes its directory {@code dir}. */
    AfsExport(URI volume, Map<String, String> options, String dir) throws IOException {
        mounts.addFilesystem(client.scheme(), new NetworkFilesystem() {
            @Override
            public String scheme() {
                return client.scheme();
            }

            @Override
            public MountOptionSpec options() {
                return client.options();
            }

            @Override
            public NetfsSession connect(URI uri, Map<String, String> connectOptions) throws IOException {
                session = (AfsSession) client.connect(uri, connectOptions);
                return session;
            }
        });
        Map<String, String> all = new LinkedHashMap<>(options);
        all.put("cache", "none");
        all.put("actimeo", "0");
        root = Files.createDirectories(mounts.mount("export", volume, all).getPath(dir));
    }

    Path root() {
        return root;
    }

    /** Sets the client modification time of {@code file} with StoreStatus (seconds, as AFS keeps it). */
    void modified(Path file, Instant time) throws IOException {
        call("StoreStatus", file, (out, fid) -> {
            out.writeInt(FS_STORE_STATUS);
            fid.write(out);
            AfsCalls.storeStatus(out, AfsCalls.SET_MOD_TIME, time.getEpochSecond(), 0);
        });
    }

    /**
     * Takes the right to write, create and delete away from everyone in the directory of {@code
     * file} (itself if a directory) with StoreACL, until the handle is closed: AFS's rights are the
     * directory's, so every file there is denied alike. OpenAFS enforces them on anonymous callers
     * even with {@code -noauth}; {@code a} stays, so that the rights can be given back.
     */
    AutoCloseable deny(Path file) throws IOException {
        Path dir = Files.isDirectory(file) ? file : file.getParent();
        storeAcl(dir, DENY_ACL);
        return () -> storeAcl(dir, OPEN_ACL);
    }

    /** Deletes everything in the export (its ACL given back first); keeps the export. */
    void empty() throws IOException {
        storeAcl(root, OPEN_ACL);
        try (Stream<Path> tree = Files.walk(root)) {
            List<Path> all = tree.filter(path -> !path.equals(root)).sorted(Comparator.reverseOrder()).toList();
            for (Path path : all) {
                Files.delete(path);
            }
        }
    }

    /**
     * Makes {@code dir} holding a file for each name: CreateFile with the name's bytes as they are,
     * then StoreData64, so the names never pass through {@link FileNames}.
     */
    void makeFiles(Path dir, Map<String, String> contentByHexName) throws IOException {
        Files.createDirectory(dir);
        AfsFid parent = session.resolve(dir.toString());
        for (Map.Entry<String, String> file : contentByHexName.entrySet()) {
            byte[] name = HexFormat.of().parseHex(file.getKey());
            byte[] content = file.getValue().getBytes(StandardCharsets.US_ASCII);
            AfsCalls.Created created = AfsClient.await(session.fs().call("CreateFile", dir.toString(),
                    alloc -> AfsCalls.create(alloc, AfsCalls.FS_CREATE_FILE, parent, name, 0644, AfsChanges.nowSeconds()),
                    AfsSession.STATUS_REPLY * 3L, AfsCalls::created));
            session.edited(parent, created.directory(), forget -> null);
            AfsClient.await(session.fs().call("StoreData64", dir.toString(),
                    alloc -> AfsCalls.storeData64(alloc, created.fid(), 0, Unpooled.wrappedBuffer(content), content.length,
                            AfsChanges.nowSeconds()),
                    AfsSession.STATUS_REPLY, AfsCalls::statusAndSync));
        }
    }

    /** The names in {@code dir}, each as the bytes {@link FileNames} gives back for the listed name, in hex. */
    Set<String> rawNames(Path dir) throws IOException {
        return session.list(dir.toString()).stream().map(DirEntry::name).map(name -> Shell.hex(FileNames.encode(name)))
                .collect(Collectors.toSet());
    }

    private void storeAcl(Path dir, String acl) throws IOException {
        call("StoreACL", dir, (out, fid) -> {
            out.writeInt(FS_STORE_ACL);
            fid.write(out);
            // The fileserver parses the opaque as a C string: the NUL goes with it, as fs setacl sends it.
            AfsXdr.writeString(out, (acl + "\0").getBytes(StandardCharsets.US_ASCII));
        });
    }

    /** Makes a call that returns a status and AFSVolSync on {@code file}'s fid, and records the status. */
    private void call(String name, Path file, BiConsumer<ByteBuf, AfsFid> request) throws IOException {
        String path = file.toString();
        AfsFid fid = session.resolve(path);
        Function<ByteBufAllocator, ByteBuf> build = alloc -> {
            ByteBuf out = alloc.buffer();
            request.accept(out, fid);
            return out;
        };
        AfsStatus after = AfsClient.await(session.fs().call(name, path, build, AfsSession.STATUS_REPLY, AfsCalls::statusAndSync));
        session.vnodes().changed(fid, after);
    }

    /** An ACL in the fileserver's text form: positive entries, negative entries, then name and rights. */
    private static String acl(int anyuserRights) {
        return "2\n0\nsystem:administrators\t127\nsystem:anyuser\t" + anyuserRights + "\n";
    }

    @Override
    public void close() {
        mounts.close();
        fscache.close();
        client.close();
    }
}
