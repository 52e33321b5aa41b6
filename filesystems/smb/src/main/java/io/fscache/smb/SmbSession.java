package io.fscache.smb;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mserref.NtStatus;
import com.hierynomus.msfscc.fileinformation.ShareInfo;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2CreateOptions;
import com.hierynomus.mssmb2.SMB2FileId;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.connection.NegotiatedProtocol;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.Share;
import io.fscache.netfs.DirEntry;
import io.fscache.netfs.FileAttributes;
import io.fscache.netfs.FileSpace;
import io.fscache.netfs.IoLimits;
import io.fscache.netfs.NetfsPaths;
import io.fscache.netfs.NetfsSession;
import io.fscache.netfs.ProtocolCounters;
import io.fscache.netfs.ProtocolStats;
import io.fscache.netfs.RemoteFile;
import io.fscache.smb.smbj.AsyncResponses;
import io.fscache.smb.smbj.SmbCredits;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A session on one share. Metadata calls wait for their responses ({@link SmbTree}, names sent and
 * received exactly, {@link SmbNames}); file I/O goes through {@link SmbRemoteFile}. When the connection is lost, calls in flight fail with an
 * {@link IOException} and the next call sets up a new connection, session and tree connect.
 */
final class SmbSession implements NetfsSession {

    private static final System.Logger LOG = System.getLogger(SmbSession.class.getName());
    private static final int MAX_IN_FLIGHT = 16;
    /** The requests of one file that the granted credits should keep in flight at least. */
    private static final int PIPELINE_DEPTH = 4;
    private static final long FILE_ATTRIBUTE_DIRECTORY = 0x10;
    /** The {@link ProtocolStats} kind of a metadata call. */
    static final String METADATA = "metadata";
    /** How long a rename waits for readers to close the file it replaces ({@link #renameOverReaders}). */
    static final Duration REPLACE_WAIT = Duration.ofSeconds(2);
    /**
     * How many times a call whose name was not found is made again ({@link #call}): up to one open in
     * 550 missed under a rename every 0.4 ms on the server, so two more make a spurious miss vanishingly rare.
     */
    private static final int REPLACED_RETRIES = 2;

    private final SmbMountOptions mount;
    private final SMBClient client;
    private final AsyncResponses responses;
    private final ProtocolCounters counters;
    private final Consumer<SmbSession> onClose;
    private final SmbAttributes attributes;
    private final Object connecting = new Object();
    private final IoLimits limits;
    private volatile SmbTree tree;
    private volatile boolean closed;

    private SmbSession(SmbMountOptions mount, SMBClient client, AsyncResponses responses, ProtocolCounters counters,
            Consumer<SmbSession> onClose) throws IOException {
        this.mount = mount;
        this.client = client;
        this.responses = responses;
        this.counters = counters;
        this.onClose = onClose;
        this.attributes = new SmbAttributes(mount.volumeKey());
        this.tree = connectTree(1);
        this.limits = limitsOf(tree.connection(), tree.credits().balance());
    }

    /** Connects, logs on and connects the share; fails with a message naming the NT status. */
    static SmbSession open(SmbMountOptions mount, SMBClient client, AsyncResponses responses,
            ProtocolCounters counters, Consumer<SmbSession> onClose) throws IOException {
        return new SmbSession(mount, client, responses, counters, onClose);
    }

    @Override
    public String volumeKey() {
        return mount.volumeKey();
    }

    @Override
    public IoLimits limits() {
        return limits;
    }

    /**
     * SMB2 {@code READ} and {@code WRITE} requests by that name; every other call under
     * {@value #METADATA} (smbj sends it as a few requests: CREATE, QUERY_INFO, CLOSE, ...).
     */
    @Override
    public ProtocolStats stats() {
        return counters.snapshot();
    }

    @Override
    public FileAttributes stat(String path) throws IOException {
        return call(path, tree -> {
            SMB2FileId id = tree.create(smbPath(path), EnumSet.of(AccessMask.FILE_READ_ATTRIBUTES, AccessMask.FILE_READ_EA),
                    0, SMB2CreateDisposition.FILE_OPEN, EnumSet.noneOf(SMB2CreateOptions.class));
            try {
                return attributes.of(tree.share().getFileInformation(id), path);
            } finally {
                tree.closeQuietly(id);
            }
        });
    }

    @Override
    public List<DirEntry> list(String path) throws IOException {
        return call(path, tree -> {
            SMB2FileId id = tree.create(smbPath(path), EnumSet.of(AccessMask.FILE_LIST_DIRECTORY,
                    AccessMask.FILE_READ_ATTRIBUTES, AccessMask.FILE_READ_EA), 0, SMB2CreateDisposition.FILE_OPEN,
                    EnumSet.of(SMB2CreateOptions.FILE_DIRECTORY_FILE));
            try {
                List<DirEntry> entries = new ArrayList<>();
                for (SmbDirectoryEntry entry : tree.list(id)) {
                    String name = entry.name();
                    if (!name.equals(".") && !name.equals("..")) {
                        entries.add(new DirEntry(name, attributes.of(entry, NetfsPaths.join(path, name))));
                    }
                }
                return entries;
            } finally {
                tree.closeQuietly(id);
            }
        });
    }

    @Override
    public RemoteFile open(String path, Set<? extends OpenOption> options) throws IOException {
        SmbOpenMode mode = SmbOpenMode.of(options);
        SmbTree current = tree();
        SMB2FileId id = call(current, path, tree -> mode.open(tree, smbPath(path)));
        try {
            return new SmbRemoteFile(this, path, mode, current, id,
                    attributes.of(current.share().getFileInformation(id), path));
        } catch (RuntimeException e) {
            current.closeQuietly(id);
            throw failure(current, e, path);
        }
    }

    /** The share's capacity (FileFsFullSizeInformation), as the server reports it for this user. */
    @Override
    public FileSpace space() throws IOException {
        return call("/", tree -> {
            ShareInfo info = tree.share().getShareInformation();
            return new FileSpace(info.getTotalSpace(), info.getFreeSpace(), info.getCallerFreeSpace());
        });
    }

    @Override
    public void mkdir(String path) throws IOException {
        call(path, tree -> {
            tree.close(tree.create(smbPath(path), EnumSet.of(AccessMask.FILE_LIST_DIRECTORY,
                    AccessMask.FILE_ADD_SUBDIRECTORY), FILE_ATTRIBUTE_DIRECTORY, SMB2CreateDisposition.FILE_CREATE,
                    EnumSet.of(SMB2CreateOptions.FILE_DIRECTORY_FILE)));
            return null;
        });
    }

    @Override
    public void delete(String path) throws IOException {
        call(path, tree -> {
            SMB2FileId id = openForDelete(tree, path);
            try {
                tree.share().deleteOnClose(id);
            } catch (RuntimeException e) {
                tree.closeQuietly(id);
                throw e;
            }
            tree.close(id);
            return null;
        });
    }

    @Override
    public void rename(String from, String to) throws IOException {
        call(from, tree -> {
            SMB2FileId id = openForDelete(tree, from);
            try {
                renameOverReaders(tree, id, to);
            } finally {
                tree.closeQuietly(id);
            }
            return null;
        });
    }

    /**
     * Renames the open file over {@code to}, waiting up to {@link #REPLACE_WAIT} for readers of the
     * file there to close it. SMB refuses to replace an open file ([MS-FSA] 2.1.5.14.11:
     * STATUS_ACCESS_DENIED) where POSIX replaces it at once, so a file written aside and renamed into
     * place failed whenever a reader had the old one open: a fifth of such renames under four readers
     * of small files. The rename is retried only while the file there is one we may delete (the
     * refusal is then its open handles, not a permission); it stays one atomic rename, so a reader
     * finds the old file or the new one, never none (moving the open file aside first, as Linux's
     * client does for an unlink, let readers meet a missing file).
     */
    private static void renameOverReaders(SmbTree tree, SMB2FileId id, String to) {
        long deadline = System.nanoTime() + REPLACE_WAIT.toNanos();
        long pauseMillis = 1;
        while (true) {
            try {
                tree.rename(id, smbPath(to), true);
                return;
            } catch (SMBApiException refused) {
                if (refused.getStatus() != NtStatus.STATUS_ACCESS_DENIED || System.nanoTime() > deadline
                        || !deletableFile(tree, to)) {
                    throw refused;
                }
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw refused;
                }
            }
            pauseMillis = Math.min(2 * pauseMillis, 50);
        }
    }

    /** Whether {@code path} is a file (not a directory) this user may delete: opened for that, and closed. */
    private static boolean deletableFile(SmbTree tree, String path) {
        SMB2FileId id;
        try {
            id = openForDelete(tree, path, EnumSet.of(SMB2CreateOptions.FILE_NON_DIRECTORY_FILE));
        } catch (RuntimeException e) {
            return false;
        }
        tree.closeQuietly(id);
        return true;
    }

    @Override
    public void close() {
        synchronized (connecting) {
            if (closed) {
                return;
            }
            closed = true;
            SmbTree current = tree;
            tree = null;
            if (current != null && current.isAlive()) {
                current.close();
            } else if (current != null) {
                current.abandon();
            }
        }
        onClose.accept(this);
    }

    @Override
    public String toString() {
        return "SmbSession[" + mount + "]";
    }

    // ---- what open files use ----

    SmbMountOptions mount() {
        return mount;
    }

    AsyncResponses responses() {
        return responses;
    }

    ProtocolCounters counters() {
        return counters;
    }

    SmbAttributes attributes() {
        return attributes;
    }

    /** The live tree, connecting again if the last one was lost. */
    SmbTree tree() throws IOException {
        SmbTree current = tree;
        if (current != null && current.isAlive()) {
            return current;
        }
        synchronized (connecting) {
            if (closed) {
                throw new IOException("the SMB session to " + mount.server() + "/" + mount.share() + " is closed");
            }
            current = tree;
            if (current != null && current.isAlive()) {
                return current;
            }
            long generation = current == null ? 1 : current.generation() + 1;
            if (current != null) {
                current.abandon();
                tree = null;
            }
            SmbTree fresh = connectTree(generation);
            counters.reconnected();
            LOG.log(Level.INFO, "Reconnected to {0}/{1}", mount.server(), mount.share());
            tree = fresh;
            return fresh;
        }
    }

    /** Maps a failure of a call on {@code used}; a lost connection makes the next call reconnect. */
    IOException failure(SmbTree used, Throwable failure, String path) {
        if (SmbErrors.isConnectionLoss(failure)) {
            synchronized (connecting) {
                if (tree == used) {
                    tree = null;
                    if (SmbErrors.isTransportLoss(failure)) {
                        used.abandon();
                    } else {
                        used.close();
                    }
                }
            }
        }
        return SmbErrors.map(failure, path, mount.server());
    }

    static String smbPath(String path) {
        return String.join("\\", NetfsPaths.names(path));
    }

    // ---- internals ----

    @FunctionalInterface
    interface TreeCall<T> {
        T apply(SmbTree tree);
    }

    private <T> T call(String path, TreeCall<T> operation) throws IOException {
        return call(tree(), path, operation);
    }

    private <T> T call(SmbTree current, String path, TreeCall<T> operation) throws IOException {
        counters.sent(METADATA);
        try {
            for (int retries = 0; ; retries++) {
                try {
                    return operation.apply(current);
                } catch (SMBApiException e) {
                    if (e.getStatus() != NtStatus.STATUS_OBJECT_NAME_NOT_FOUND || retries == REPLACED_RETRIES) {
                        throw e;
                    }
                    // Samba fails an open so when another process on its host renames a file over the name
                    // between Samba's walk of the path and its open (source3/smbd/open.c: "we could retry the
                    // open but it's a rare enough case"). The name was never missing, as a POSIX rename is
                    // atomic, and the failed open changed nothing: ask again.
                }
            }
        } catch (RuntimeException e) {
            IOException failure = failure(current, e, path);
            counters.failed(failure);
            throw failure;
        } finally {
            counters.answered();
        }
    }

    private static SMB2FileId openForDelete(SmbTree tree, String path) {
        return openForDelete(tree, path, EnumSet.noneOf(SMB2CreateOptions.class));
    }

    private static SMB2FileId openForDelete(SmbTree tree, String path, Set<SMB2CreateOptions> options) {
        return tree.create(smbPath(path), EnumSet.of(AccessMask.DELETE, AccessMask.FILE_READ_ATTRIBUTES), 0,
                SMB2CreateDisposition.FILE_OPEN, options);
    }

    private SmbTree connectTree(long generation) throws IOException {
        String where = "//" + mount.server() + "/" + mount.share();
        Connection connection;
        try {
            connection = client.connect(mount.host(), mount.port());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot connect to " + mount.server() + ": " + SmbErrors.connectReason(e, mount.timeout()), e);
        }
        try {
            SmbCredentials credentials = mount.credentials();
            Session session = connection.authenticate(new AuthenticationContext(credentials.user(),
                    credentials.password(), credentials.domain()));
            Share share = session.connectShare(mount.share());
            if (!(share instanceof DiskShare disk)) {
                share.close();
                throw new IOException(where + " is not a disk share");
            }
            return new SmbTree(connection, session, disk, generation, responses.credits(connection), responses, mount.timeout());
        } catch (SMBApiException e) {
            closeQuietly(connection);
            throw connectFailure(e, where);
        } catch (IOException | RuntimeException e) {
            closeQuietly(connection);
            throw SmbErrors.map(e, where, mount.server());
        }
    }

    private IOException connectFailure(SMBApiException e, String where) {
        NtStatus status = e.getStatus();
        String account = mount.credentials().account() + "@" + mount.server();
        return switch (status) {
            case STATUS_LOGON_FAILURE -> new AccessDeniedException(where,
                    null, "wrong user name or password for " + account + " (" + status.name() + ")");
            case STATUS_ACCOUNT_DISABLED, STATUS_PASSWORD_EXPIRED,
                    STATUS_LOGON_TYPE_NOT_GRANTED -> new AccessDeniedException(where, null,
                    "the server refuses to log on " + account + " (" + status.name() + ")");
            case STATUS_BAD_NETWORK_NAME -> new NoSuchFileException(where, null,
                    "no share '" + mount.share() + "' on " + mount.server() + " (" + status.name() + ")");
            case STATUS_ACCESS_DENIED -> new AccessDeniedException(where, null,
                    account + " may not use share '" + mount.share() + "' (" + status.name() + ")");
            default -> SmbErrors.map(e, where, mount.server());
        };
    }

    /**
     * The engine's limits from the negotiated protocol and the credits the server granted by the end of
     * the tree connect ({@code granted}, none of them in use then). Without multi-credit support
     * (SMB 2.0.2) a request moves at most 64 KiB for one credit. Otherwise a request costs one credit
     * per 64 KiB, and all of a file's requests in flight must fit in the grant less the
     * {@link SmbCredits#RESERVE} kept for metadata: requests are sized (a power of two of credits, at
     * most the server's maximum) so that at least {@value #PIPELINE_DEPTH} fit, and as many as fit may be
     * in flight, up to {@value #MAX_IN_FLIGHT}. Samba grants at the session setup what smbj asks for
     * (512 credits) up to its {@code smb2 max credits}, so this is the grant the connection keeps.
     */
    private static IoLimits limitsOf(Connection connection, int granted) {
        NegotiatedProtocol protocol = connection.getNegotiatedProtocol();
        int usable = Math.max(1, granted - SmbCredits.RESERVE);
        if (!connection.getConnectionContext().supportsMultiCredit()) {
            int payload = SmbCredits.CREDIT_PAYLOAD;
            return new IoLimits(Math.min(protocol.getMaxReadSize(), payload),
                    Math.min(protocol.getMaxWriteSize(), payload), Math.min(MAX_IN_FLIGHT, usable));
        }
        int largest = SmbCredits.charge(Math.max(protocol.getMaxReadSize(), protocol.getMaxWriteSize()));
        int perRequest = Math.min(largest, Integer.highestOneBit(Math.max(1, usable / PIPELINE_DEPTH)));
        int bytes = perRequest * SmbCredits.CREDIT_PAYLOAD;
        int inFlight = Math.max(1, Math.min(MAX_IN_FLIGHT, usable / perRequest));
        return new IoLimits(Math.min(protocol.getMaxReadSize(), bytes), Math.min(protocol.getMaxWriteSize(), bytes),
                inFlight);
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (IOException | RuntimeException e) {
            // Already failing with the more useful error.
        }
    }

}
