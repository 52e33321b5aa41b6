package io.fscache.backend.cachefiles;

import io.fscache.api.Occupancy;
import io.fscache.api.ReadExtent;
import io.fscache.api.ReadSource;
import io.fscache.backend.support.Buffers;
import io.fscache.backend.support.Granules;
import io.fscache.spi.CacheObject;
import io.fscache.spi.DataNotPresentException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.roaringbitmap.RoaringBitmap;

/**
 * One generation of a cookie's content on disk: a sparse data file and its metadata side file.
 *
 * <p><b>The invariant:</b> the content map on disk never claims a granule whose bytes are not
 * durably in the data file. Three rules keep it:
 * <ol>
 * <li>Claim after force: a granule is marked in the in-memory map {@code present} once its bytes
 * are written; {@link #persist} snapshots that map, then forces the data file, then writes the
 * snapshot to a new metadata file, forces it and renames it over the old one.</li>
 * <li>Unclaim before change: before bytes the on-disk map claims are overwritten or truncated
 * away, a metadata file that no longer claims them is made durable first.</li>
 * <li>Publish in order: a new generation lives in {@code tmp/} until its first persist, which
 * renames the data file into place (after an fsync that makes any predecessor's burial durable),
 * fsyncs, and only then renames the metadata in. Discarding renames the metadata away first.</li>
 * </ol>
 * So after a crash the map may claim less than was written, never more. The in-memory map may run
 * ahead of the disk (written, not yet forced bytes are readable), the on-disk one never does.
 *
 * <p>Reads and writes run on the cache's I/O pool and complete there. A read checks, after
 * copying, that no granule of its range was dropped or rewritten meanwhile ({@code removals});
 * otherwise it fails with {@link DataNotPresentException} rather than return torn bytes. A write
 * that spans a {@link #resize} marks nothing. Two writes of one granule at once: the second is
 * declined.
 *
 * <p>Locks, in order: {@code commitLock} (one persist at a time), the cache's stripe lock of this
 * object's id (file renames and {@code state}), {@code this} (maps and fields; never held for I/O).
 */
final class CachefilesObject implements CacheObject {

    private static final System.Logger LOG = System.getLogger(CachefilesObject.class.getName());

    /** Persist after this many granules marked since the last persist... */
    static final int COMMIT_AFTER_GRANULES = 64;
    /** ...or once the oldest unpersisted change is this old, so a crash loses little. */
    static final long COMMIT_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final CompletableFuture<Boolean> NOT_STORED = CompletableFuture.completedFuture(false);
    private static final CompletableFuture<Integer> NOTHING = CompletableFuture.completedFuture(0);

    /** Changes under the stripe lock. */
    private enum State {
        /** Lookups of the key find this object. */
        ATTACHED,
        /** Invalidated, or its volume discarded: serves I/O in flight, persists nothing. */
        DETACHED,
        /** Discarded after an I/O error: refuses I/O. */
        FAILED,
        /** Closed or discarded. */
        CLOSED
    }

    private final CachefilesCache cache;
    private final CachefilesVolume volume;
    private final byte[] key;
    private final ObjectFiles files;
    private final RecencyIndex.Entry entry;
    private final FileChannel data;
    private final Granules granules;
    private final Object commitLock = new Object();
    private final AtomicBoolean commitQueued = new AtomicBoolean();
    private volatile State state = State.ATTACHED;
    /** The data file in {@code tmp/} until the first persist publishes it; then null. */
    private volatile Path unpublished;

    // Guarded by this.
    private final RoaringBitmap present;
    private final RoaringBitmap writing = new RoaringBitmap();
    private RoaringBitmap persisted;
    private RoaringBitmap persisting;
    private long size;
    private long zeroPoint;
    private byte[] aux;
    private long resizes;
    private long removals;
    private long charged;
    private boolean dirty;
    /** Told to expect writes and not committed by the core since: persisted as the local-write mark. */
    private boolean localWrite;
    private long dirtySince;
    private int dirtyGranules;

    private CachefilesObject(CachefilesVolume volume, ObjectFiles files, RecencyIndex.Entry entry,
            FileChannel data, Path unpublished, ObjectMetadata metadata, long charged) {
        this.cache = volume.cache();
        this.volume = volume;
        this.key = metadata.key();
        this.files = files;
        this.entry = entry;
        this.data = data;
        this.unpublished = unpublished;
        this.granules = cache.granules();
        this.present = metadata.map().clone();
        this.persisted = metadata.map();
        this.size = metadata.size();
        this.zeroPoint = metadata.zeroPoint();
        this.aux = metadata.aux();
        this.charged = charged;
    }

    /** A new, empty generation whose data file lives in {@code tmp/} until its first persist. */
    static CachefilesObject created(CachefilesVolume volume, byte[] key, ObjectFiles files, RecencyIndex.Entry entry,
            FileChannel data, Path temp, byte[] aux, long size) {
        ObjectMetadata empty = new ObjectMetadata(volume.cache().granuleSize(), size, size, aux.clone(), key.clone(),
                new RoaringBitmap());
        return new CachefilesObject(volume, files, entry, data, temp, empty, 0);
    }

    /** A published object whose metadata a lookup verified. */
    static CachefilesObject found(CachefilesVolume volume, ObjectFiles files, RecencyIndex.Entry entry,
            FileChannel data, ObjectMetadata metadata) {
        return new CachefilesObject(volume, files, entry, data, null, metadata,
                volume.cache().granules().charge(metadata.map(), metadata.size()));
    }

    CachefilesVolume volume() {
        return volume;
    }

    @Override
    public synchronized long objectSize() {
        return size;
    }

    @Override
    public ReadExtent prepareRead(long position, long length) {
        if (position < 0 || length <= 0) {
            throw new IllegalArgumentException("bad range: position " + position + ", length " + length);
        }
        ReadExtent extent;
        synchronized (this) {
            extent = granules.extent(present, size, position, length);
        }
        if (extent.source() == ReadSource.SERVER) {
            cache.stats().misses.add(granules.spanned(position, extent.length()));
        }
        return extent;
    }

    @Override
    public CompletionStage<Integer> read(long position, ByteBuffer dst) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
        IOException refused = refusal();
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        int length;
        long stamp;
        synchronized (this) {
            if (position >= size || !dst.hasRemaining()) {
                return NOTHING;
            }
            length = (int) Math.min(dst.remaining(), size - position);
            if (!granules.allPresent(present, position, length)) {
                cache.stats().misses.increment();
                return CompletableFuture.failedFuture(notPresent(position, length));
            }
            stamp = removals;
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        IoTask read = () -> done.complete(readNow(position, dst, length, stamp));
        if (Thread.currentThread().isInterrupted()) {
            // Read on the caller's thread, the interrupt would close the data file under every reader.
            submit(done, read, () -> { });
        } else {
            // On the caller's thread: a warm read is a page-cache copy, and handing it to the pool cost
            // two thread switches per read, in a VM as much as the copy of 1 MiB.
            perform(done, read);
        }
        return done;
    }

    @Override
    public CompletionStage<Boolean> write(long position, ByteBuffer src) {
        return write(position, new ByteBuffer[] {src});
    }

    @Override
    public CompletionStage<Boolean> write(long position, ByteBuffer[] srcs) {
        if (position < 0 || (position & granules.mask) != 0) {
            throw new IllegalArgumentException("write at " + position + " is not granule-aligned");
        }
        int length = Math.toIntExact(Buffers.remaining(srcs));
        if (length == 0) {
            return CompletableFuture.completedFuture(true);
        }
        IOException refused = refusal();
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        WritePlan plan;
        long released;
        synchronized (this) {
            int accepted = granules.acceptedLength(position, length, size);
            if (accepted == 0) {
                return NOT_STORED;
            }
            long first = position >>> granules.shift;
            long end = first + granules.count(accepted);
            if (writing.intersects(first, end)) {
                return NOT_STORED; // the write already under way wins
            }
            // Rewritten granules stop being readable now; the disk must stop claiming them before
            // their bytes change.
            released = unclaim(first, end);
            boolean unclaimOnDisk = claimedOnDisk(first, end);
            writing.add(first, end);
            plan = new WritePlan(position, accepted, first, end, unclaimOnDisk,
                    granules.chargeFor(accepted), resizes);
        }
        cache.space().release(released);
        if (!cache.space().reserve(plan.charge) && !(cache.makeRoom() && cache.space().reserve(plan.charge))) {
            synchronized (this) {
                writing.remove(plan.first, plan.end);
            }
            cache.stats().noSpace.increment();
            return NOT_STORED;
        }
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        submit(done, () -> done.complete(writeNow(plan, srcs) && plan.accepted == length), () -> {
            synchronized (this) {
                writing.remove(plan.first, plan.end);
            }
            cache.space().release(plan.charge);
        });
        return done;
    }

    @Override
    public synchronized Occupancy occupancy() {
        return granules.occupancy(present, size);
    }

    @Override
    public CacheObject invalidate(byte[] aux, long objectSize) throws IOException {
        cache.health().check();
        detach(true);
        return volume.createObject(key, aux, objectSize);
    }

    @Override
    public void resize(long newSize) throws IOException {
        if (newSize < 0) {
            throw new IllegalArgumentException("negative size " + newSize);
        }
        onIo(() -> resizeNow(newSize));
    }

    /**
     * Makes the local-write mark durable before any write of this period: until the core's next
     * {@link #commit}, a crash leaves metadata that lookups distrust (the kernel's cachefiles marks its
     * xattr {@code CACHEFILES_CONTENT_DIRTY}). An object never published yet has nothing on disk to mark:
     * its first persist carries the mark.
     */
    @Override
    public void prepareToWrite() throws IOException {
        onIo(() -> {
            synchronized (this) {
                if (localWrite) {
                    return;
                }
                localWrite = true;
                markDirty(0);
            }
            persistOrFail();
        });
    }

    @Override
    public void commit(byte[] aux, long objectSize) throws IOException {
        byte[] copy = aux.clone();
        onIo(() -> {
            resizeNow(objectSize);
            synchronized (this) {
                if (!Arrays.equals(this.aux, copy) || zeroPoint != objectSize || localWrite) {
                    this.aux = copy;
                    zeroPoint = objectSize;
                    localWrite = false;
                    markDirty(0);
                }
            }
            persistOrFail();
        });
    }

    /** {@link #persist()} for the core's calls: a failure also fails the object. */
    private void persistOrFail() throws IOException {
        try {
            persist();
        } catch (IOException e) {
            ioFailed(e);
            throw e;
        }
    }

    /** Persists what is not yet on disk and keeps the object for later lookups; an empty one is forgotten. */
    @Override
    public void close() {
        try {
            onIo(this::closeNow);
        } catch (IOException e) {
            abandon(); // withdrawn: the pool is gone and so is the accounting
        }
    }

    private void closeNow() {
        synchronized (commitLock) {
            if (state == State.ATTACHED) {
                try {
                    persist();
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "Cache " + cache.name() + " could not record " + files.name()
                            + " on closing; discarding it: " + e);
                    ioFailed(e);
                }
            }
            boolean keep;
            synchronized (cache.stripe(entry.id)) {
                synchronized (this) {
                    keep = state == State.ATTACHED && unpublished == null && !present.isEmpty();
                }
                if (keep) {
                    entry.bytes = charged();
                    entry.open = false;
                    cache.index().touch(entry);
                } else if (state == State.ATTACHED) {
                    forget();
                }
                state = State.CLOSED;
            }
            if (keep) {
                touchMetadata();
            } else {
                cache.space().release(charged());
            }
            release();
        }
    }

    @Override
    public void discard() {
        if (cache.isWithdrawn()) {
            abandon(); // the directory may already belong to another instance
            return;
        }
        synchronized (commitLock) {
            synchronized (cache.stripe(entry.id)) {
                if (state == State.ATTACHED) {
                    forget();
                }
                state = State.CLOSED;
            }
            cache.space().release(charged());
            release();
        }
    }

    /**
     * Detaches the object from its key: lookups no longer find it, it persists nothing, and I/O
     * in flight completes on its (still open) data file.
     *
     * @param buryFiles whether to move its files to the graveyard (not when the whole volume goes)
     */
    void detach(boolean buryFiles) throws IOException {
        synchronized (cache.stripe(entry.id)) {
            if (state != State.ATTACHED) {
                return;
            }
            state = State.DETACHED;
            cache.index().remove(entry);
            if (buryFiles) {
                files.bury(cache.graveyard());
            }
        }
        cache.clean(this);
    }

    /** Whether the periodic sweep should persist this object now. */
    synchronized boolean commitDue(long now) {
        return dirty && now - dirtySince >= COMMIT_AFTER_NANOS;
    }

    /** Persists on the I/O pool, unless a persist is already queued. */
    void commitSoon() {
        if (commitQueued.compareAndSet(false, true)) {
            try {
                cache.io().execute(() -> {
                    commitQueued.set(false);
                    try {
                        persist();
                    } catch (IOException e) {
                        ioFailed(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                commitQueued.set(false); // withdrawn: nothing more is persisted
            }
        }
    }

    /** Releases the data file without persisting: the cache is going away under an object left open. */
    void abandon() {
        synchronized (commitLock) {
            state = State.CLOSED;
            release();
        }
    }

    // ---------------------------------------------------------------- persisting

    private void resizeNow(long newSize) throws IOException {
        long oldSize;
        long released;
        boolean unclaimOnDisk;
        synchronized (this) {
            oldSize = size;
            if (newSize == oldSize) {
                return;
            }
            // A granule survives only if it is whole under both sizes: this drops everything beyond a
            // shrink, a shrink's partial last granule, and a grown object's old partial tail. Their
            // charge is computed under the old size.
            long keep = Math.min(oldSize, newSize) >>> granules.shift;
            released = unclaim(keep, Granules.MAX_INDEX + 1);
            unclaimOnDisk = claimedOnDisk(keep, Granules.MAX_INDEX + 1);
            size = newSize;
            zeroPoint = Math.min(zeroPoint, newSize);
            resizes++;
            markDirty(0);
        }
        cache.space().release(released);
        try {
            if (unclaimOnDisk) {
                persist();
            }
            if (newSize < oldSize) {
                data.truncate(newSize);
            }
        } catch (IOException e) {
            ioFailed(e);
            throw e;
        }
    }

    /**
     * Makes the current map, size and coherency data durable, publishing the object on its first
     * call. Only an attached object persists; only one persist runs at a time.
     */
    private void persist() throws IOException {
        synchronized (commitLock) {
            // Out of the dirty set before the snapshot: a granule marked after it puts the object back.
            cache.clean(this);
            if (state != State.ATTACHED) {
                return;
            }
            ObjectMetadata snapshot;
            synchronized (this) {
                if (!dirty || (unpublished != null && present.isEmpty())) {
                    return;
                }
                RoaringBitmap map = present.clone();
                map.runOptimize();
                snapshot = new ObjectMetadata(granules.size, size, zeroPoint, aux, key, map, localWrite);
                persisting = map;
                dirty = false;
                dirtyGranules = 0;
            }
            boolean done = false;
            try {
                // Every granule in the snapshot was written before it was marked: this makes them durable.
                data.force(false);
                if (cache.settings().failMetadataWrites()) {
                    throw new IOException("injected metadata write error");
                }
                publish(cache.directory().writeTemp(MetadataCodec.encodeObject(snapshot)));
                done = true;
            } finally {
                synchronized (this) {
                    persisting = null;
                    if (done) {
                        persisted = snapshot.map();
                    } else {
                        markDirty(0);
                    }
                }
            }
        }
    }

    /** Renames new metadata (already durable in {@code tmp/}) into place; see the class documentation. */
    private void publish(Path metadata) throws IOException {
        synchronized (cache.stripe(entry.id)) {
            if (state != State.ATTACHED) {
                Files.deleteIfExists(metadata); // detached meanwhile: must not reappear
                return;
            }
            Path dir = files.dir();
            Path temp = unpublished;
            if (temp != null) {
                CacheDirectory.createDirectories(dir);
                CacheDirectory.sync(dir); // burials of predecessors at this name are durable first
                CacheDirectory.moveAtomically(temp, files.data());
                CacheDirectory.sync(dir); // the data file is in place before metadata can name it
                unpublished = null;
            }
            CacheDirectory.moveAtomically(metadata, files.meta());
            CacheDirectory.sync(dir);
        }
    }

    // ---------------------------------------------------------------- I/O

    /** What a write decided under the lock. */
    /** Moves the buffers' positions past their first {@code length} bytes. */
    private static void consume(ByteBuffer[] srcs, int length) {
        for (int i = 0; length > 0; i++) {
            int n = Math.min(srcs[i].remaining(), length);
            srcs[i].position(srcs[i].position() + n);
            length -= n;
        }
    }

    private record WritePlan(long position, int accepted, long first, long end, boolean unclaimOnDisk,
            long charge, long resizes) {
    }

    @FunctionalInterface
    private interface IoTask {
        void run() throws IOException;
    }

    /** Why this object refuses I/O now, or null. */
    private IOException refusal() {
        try {
            cache.health().check();
        } catch (IOException e) {
            return e;
        }
        return state == State.FAILED
                ? new IOException("object " + files.name() + " was discarded after an I/O error") : null;
    }

    /**
     * Runs a synchronous operation's file I/O on the pool and waits for it without giving up on an
     * interrupt (the interrupt status is kept): an interrupted thread doing channel I/O would close
     * the channel for every user of the object. On a pool thread (a callback of a stage this
     * cache completed) it runs inline, so the pool never waits for itself.
     */
    private void onIo(IoTask task) throws IOException {
        if (CachefilesCache.isIoThread()) {
            task.run();
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            cache.io().execute(() -> {
                try {
                    task.run();
                    done.complete(null);
                } catch (IOException | RuntimeException | Error e) {
                    done.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            throw new IOException("cache " + cache.name() + " has been withdrawn", e);
        }
        try {
            done.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    /**
     * Runs an I/O task on the pool; an I/O error fails the stage and this object.
     *
     * @param notRun undoes what the caller prepared if the pool refuses the task (withdrawn)
     */
    private void submit(CompletableFuture<?> stage, IoTask task, Runnable notRun) {
        try {
            cache.io().execute(() -> {
                Throwable bug = perform(stage, task);
                if (bug instanceof RuntimeException e) {
                    throw e; // to the pool's handler, which logs it
                } else if (bug instanceof Error e) {
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            notRun.run();
            stage.completeExceptionally(new IOException("cache " + cache.name() + " has been withdrawn", e));
        }
    }

    /**
     * Runs an I/O task on this thread; an I/O error fails the stage and this object.
     *
     * @return what the task threw that was not an I/O error (the stage failed with it), or null
     */
    private Throwable perform(CompletableFuture<?> stage, IoTask task) {
        try {
            task.run();
        } catch (DataNotPresentException e) {
            cache.stats().misses.increment();
            stage.completeExceptionally(e);
        } catch (IOException e) {
            ioFailed(e);
            stage.completeExceptionally(e);
        } catch (RuntimeException | Error e) {
            stage.completeExceptionally(e);
            return e;
        }
        return null;
    }

    private int readNow(long position, ByteBuffer dst, int length, long stamp) throws IOException {
        if (cache.settings().failReads()) {
            throw new IOException("injected read error");
        }
        ByteBuffer view = dst.duplicate().limit(dst.position() + length);
        long at = position;
        while (view.hasRemaining()) {
            int n = data.read(view, at);
            if (n < 0) {
                if (removedSince(stamp)) {
                    throw notPresent(position, length);
                }
                throw new IOException("data file " + files.name() + " ends at " + at + ", inside claimed granules");
            }
            at += n;
        }
        if (removedSince(stamp)) {
            throw notPresent(position, length); // dropped or rewritten while we copied: the bytes may be torn
        }
        dst.position(view.position());
        cache.health().success();
        cache.stats().hits.add(granules.spanned(position, length));
        return length;
    }

    private boolean writeNow(WritePlan plan, ByteBuffer[] srcs) throws IOException {
        boolean marked = false;
        try {
            if (plan.unclaimOnDisk) {
                persist();
            }
            if (cache.settings().failWrites()) {
                throw new IOException("injected write error");
            }
            cache.writer().write(data, srcs, plan.position, plan.accepted);
            synchronized (this) {
                marked = resizes == plan.resizes && state != State.FAILED;
                if (marked) {
                    present.add(plan.first, plan.end);
                    charged += plan.charge;
                    markDirty((int) (plan.end - plan.first));
                }
            }
        } finally {
            synchronized (this) {
                writing.remove(plan.first, plan.end);
            }
            if (!marked) {
                cache.space().release(plan.charge);
            }
        }
        consume(srcs, plan.accepted);
        cache.health().success();
        if (marked) {
            cache.stats().writes.add(plan.end - plan.first);
            if (state == State.ATTACHED) {
                cache.dirtied(this);
            }
            boolean due;
            synchronized (this) {
                due = dirtyGranules >= COMMIT_AFTER_GRANULES;
            }
            if (due) {
                cache.stats().commitsByCount.increment();
                commitSoon();
            }
        }
        return marked;
    }

    /**
     * After an I/O error: the error is counted and the object discarded, never trusted again. Its
     * map empties (so {@code prepareRead} sends everything to the server); the charge stays until
     * it is closed or discarded.
     */
    private void ioFailed(IOException e) {
        if (!(e instanceof ClosedChannelException)) {
            cache.health().failure(e);
        } // else an interrupted reader closed the data file (ClosedByInterruptException, and
          // AsynchronousCloseException for the others in it): this object is lost, the disk is fine.
        synchronized (cache.stripe(entry.id)) {
            if (state == State.ATTACHED) {
                forget();
            }
            if (state != State.CLOSED) {
                state = State.FAILED;
            }
        }
        synchronized (this) {
            if (!present.isEmpty()) {
                present.clear();
                removals++;
            }
        }
        cache.clean(this);
    }

    // ---------------------------------------------------------------- helpers

    /** Moves the files to the graveyard and drops the index entry. Caller holds the stripe lock. */
    private void forget() {
        cache.index().remove(entry);
        try {
            files.bury(cache.graveyard());
        } catch (IOException e) {
            // Left in place: consistent files a later lookup may still serve, or discard.
            LOG.log(Level.WARNING, "Cache " + cache.name() + " could not discard " + files.name() + ": " + e);
        }
    }

    private void release() {
        cache.closed(this);
        try {
            data.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Closing " + files.name() + " failed: " + e);
        }
        Path temp = unpublished;
        if (temp != null) {
            try {
                cache.graveyard().bury(temp);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "Dropping unpublished " + temp + " failed; the next start empties tmp/: " + e);
            }
        }
    }

    /** Records the close time as the metadata's mtime: the next instance orders its index by it. */
    private void touchMetadata() {
        try {
            Files.setLastModifiedTime(files.meta(), FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "Cannot touch " + files.meta() + ": " + e);
        }
    }

    private synchronized long charged() {
        return charged;
    }

    /** Drops present granules in [first, end) and returns their charge. Caller holds the lock. */
    private long unclaim(long first, long end) {
        if (first > Granules.MAX_INDEX || !present.intersects(first, end)) {
            return 0;
        }
        long bytes = granules.charge(present.selectRange(first, end), size);
        present.remove(first, end);
        charged -= bytes;
        removals++;
        markDirty(0);
        return bytes;
    }

    /** Whether durable metadata, or metadata being written, claims a granule in [first, end). Caller holds the lock. */
    private boolean claimedOnDisk(long first, long end) {
        return persisted.intersects(first, end) || (persisting != null && persisting.intersects(first, end));
    }

    private synchronized boolean removedSince(long stamp) {
        return removals != stamp;
    }

    /** Caller holds the lock. */
    private void markDirty(int granules) {
        if (!dirty) {
            dirty = true;
            dirtySince = System.nanoTime();
        }
        dirtyGranules += granules;
    }

    private DataNotPresentException notPresent(long position, int length) {
        return new DataNotPresentException("[" + position + ", +" + length + ") of " + files.name()
                + " is not in cache " + cache.name());
    }
}
