package io.fscache.afs;

import io.fscache.afs.rx.RxProtocolException;
import io.fscache.netfs.FileNames;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AFS directory's contents as FetchData returns them (OpenAFS {@code src/dir/dir.h}; kAFS
 * {@code fs/afs/xdr_fs.h}): 2 KiB pages of 64 slots of 32 bytes. Page 0 begins with the page
 * header and the directory header: the allocation map and a 128-bucket hash table of entry
 * numbers; an entry (flag, unused byte, next entry in its bucket, vnode, uniquifier, then the name
 * from byte 12 on, NUL-terminated and running into the following slots as far as it needs) is found
 * by entry number: page {@code n / 64}, slot {@code n % 64}.
 *
 * <p>The parser walks every bucket's chain, so it needs no hash function; a chain that leaves the
 * directory, loops, or a name without its NUL is a protocol error. Immutable once parsed.
 */
final class AfsDirectory {

    static final int PAGE = 2048;
    static final int SLOT = 32;
    static final int SLOTS_PER_PAGE = PAGE / SLOT;
    static final int BUCKETS = 128;
    static final int PAGE_TAG = 1234;
    /** Entry numbers are 16 bits: a directory holds at most 65536 slots, 1024 pages. */
    static final int MAX_SIZE = 65536 * SLOT;
    /** Where the hash table starts in page 0: after the 32-byte page header and the 128-byte allocation map. */
    private static final int HASH_TABLE = 32 + 128;
    /** Slots of page 0 the headers take. */
    private static final int HEADER_SLOTS = 13;
    private static final int NAME = 12;
    private static final int MAX_NAME = 255;

    /** One name and the vnode and uniquifier it names (in the directory's volume). */
    record Entry(String name, int vnode, int unique) {
    }

    private final Map<String, Entry> entries;

    private AfsDirectory(Map<String, Entry> entries) {
        this.entries = entries;
    }

    /**
     * Parses a directory's bytes (readable from the reader index).
     *
     * @param what the directory's path, for errors
     */
    static AfsDirectory parse(ByteBuf dir, String what) throws RxProtocolException {
        int base = dir.readerIndex();
        int size = dir.readableBytes();
        if (size < PAGE || size > MAX_SIZE) {
            throw new RxProtocolException("the directory " + what + " is " + size + " bytes, not 2 KiB to 2 MiB of pages");
        }
        if (dir.getUnsignedShort(base + 2) != PAGE_TAG) {
            throw new RxProtocolException("the directory " + what + " does not begin with the page tag 1234");
        }
        int slots = size / SLOT;
        BitSet seen = new BitSet(slots);
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (int bucket = 0; bucket < BUCKETS; bucket++) {
            int number = dir.getUnsignedShort(base + HASH_TABLE + 2 * bucket);
            while (number != 0) {
                if (number >= slots || number % SLOTS_PER_PAGE == 0 || number < HEADER_SLOTS || seen.get(number)) {
                    throw new RxProtocolException("the directory " + what + " has a hash chain through entry " + number
                            + ", which is a header, beyond its " + size + " bytes, or in a loop");
                }
                seen.set(number);
                int at = base + number * SLOT;
                String name = name(dir, at + NAME, base + size, what);
                entries.put(name, new Entry(name, dir.getInt(at + 4), dir.getInt(at + 8)));
                number = dir.getUnsignedShort(at + 2);
            }
        }
        return new AfsDirectory(entries);
    }

    private static String name(ByteBuf dir, int from, int end, String what) throws RxProtocolException {
        int limit = Math.min(end, from + MAX_NAME + 1);
        for (int i = from; i < limit; i++) {
            if (dir.getByte(i) == 0) {
                if (i == from) {
                    throw new RxProtocolException("the directory " + what + " has an entry with an empty name");
                }
                byte[] bytes = new byte[i - from];
                dir.getBytes(from, bytes);
                return FileNames.decode(bytes);
            }
        }
        throw new RxProtocolException("the directory " + what + " has a name without its end within 255 bytes");
    }

    /** This directory with {@code name} naming {@code vnode.unique} (as our own CreateFile, MakeDir or Rename made it). */
    AfsDirectory with(String name, int vnode, int unique) {
        Map<String, Entry> edited = new LinkedHashMap<>(entries);
        edited.put(name, new Entry(name, vnode, unique));
        return new AfsDirectory(edited);
    }

    /** This directory without {@code name} (as our own RemoveFile, RemoveDir or Rename left it). */
    AfsDirectory without(String name) {
        Map<String, Entry> edited = new LinkedHashMap<>(entries);
        edited.remove(name);
        return new AfsDirectory(edited);
    }

    /** The entry named {@code name}, or null. */
    Entry find(String name) {
        return entries.get(name);
    }

    /** Every entry but {@code "."} and {@code ".."}, in the order the buckets hold them. */
    List<Entry> list() {
        List<Entry> list = new ArrayList<>(entries.size());
        for (Entry entry : entries.values()) {
            if (!entry.name().equals(".") && !entry.name().equals("..")) {
                list.add(entry);
            }
        }
        return list;
    }
}
