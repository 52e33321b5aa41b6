package io.fscache.afs;

import io.fscache.afs.rx.RxProtocolException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The AFS RPCs this client makes, as rxgen marshals them: opcodes and arguments from OpenAFS's
 * {@code src/vlserver/vldbint.xg} and {@code src/fsint/afsint.xg} (1.8.9), and the parsers of
 * their results. Every parser checks the bytes it reads ({@link AfsXdr}). Stateless.
 */
final class AfsCalls {

    /** Rx service ids: the VL server's on port 7003, the fileserver's on port 7000. */
    static final int VL_SERVICE = 52;
    static final int FS_SERVICE = 1;

    static final int VL_GET_ENTRY_BY_NAME_N = 519;
    static final int FS_FETCH_STATUS = 132;
    static final int FS_REMOVE_FILE = 136;
    static final int FS_CREATE_FILE = 137;
    static final int FS_RENAME = 138;
    static final int FS_MAKE_DIR = 141;
    static final int FS_REMOVE_DIR = 142;
    static final int FS_STORE_DATA64 = 65538;
    static final int FS_GET_VOLUME_STATUS = 149;
    static final int FS_GET_TIME = 153;
    static final int FS_INLINE_BULK_STATUS = 65536;
    static final int FS_FETCH_DATA64 = 65537;
    static final int FS_GIVE_UP_ALL_CALLBACKS = 65539;

    /** AFSFetchStatus, AFSCallBack and AFSVolSync: what ends most FS replies. */
    static final int STATUS_TRAILER = 4 * (AfsStatus.WORDS + 3 + 6);

    private static final int VL_MAX_NAME = 65;
    private static final int NMAXNSERVERS = 13;
    private static final int VLSF_RWVOL = 0x04;

    private AfsCalls() {
    }

    /** A volume's read-write id and the addresses of the servers holding it. */
    record VolumeEntry(String name, int rwId, List<InetAddress> servers) {
    }

    /** A status with the callback promise that came with it (seconds from now; 0: none). */
    record Fetched(AfsStatus status, int callbackSeconds, int callbackType) {
    }

    static ByteBuf getEntryByNameN(ByteBufAllocator alloc, String volume) {
        ByteBuf out = alloc.buffer(8 + volume.length() + 3);
        out.writeInt(VL_GET_ENTRY_BY_NAME_N);
        AfsXdr.writeString(out, volume.getBytes(StandardCharsets.ISO_8859_1));
        return out;
    }

    /** Reads an {@code nvldbentry}: the name (one byte per word), sites, and the RW id. */
    static VolumeEntry volumeEntry(ByteBuf in, String volume) throws RxProtocolException {
        AfsXdr.need(in, 4L * (VL_MAX_NAME + 1 + 3 * NMAXNSERVERS + 3), "nvldbentry of " + volume);
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < VL_MAX_NAME; i++) {
            int c = in.readInt();
            if (c != 0 && name.length() == i) {
                name.append((char) (c & 0xFF));
            }
        }
        int sites = in.readInt();
        if (sites < 0 || sites > NMAXNSERVERS) {
            throw new RxProtocolException("nvldbentry of " + volume + " has " + sites + " sites, not 0 to 13");
        }
        int[] addresses = new int[NMAXNSERVERS];
        int[] flags = new int[NMAXNSERVERS];
        for (int i = 0; i < NMAXNSERVERS; i++) {
            addresses[i] = in.readInt();
        }
        in.skipBytes(4 * NMAXNSERVERS); // partitions
        for (int i = 0; i < NMAXNSERVERS; i++) {
            flags[i] = in.readInt();
        }
        int rwId = in.readInt();
        List<InetAddress> servers = new ArrayList<>();
        for (int i = 0; i < sites; i++) {
            if ((flags[i] & VLSF_RWVOL) != 0) {
                servers.add(address(addresses[i]));
            }
        }
        return new VolumeEntry(name.toString(), rwId, servers);
    }

    private static InetAddress address(int ipv4) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }

    static ByteBuf fetchStatus(ByteBufAllocator alloc, AfsFid fid) {
        ByteBuf out = alloc.buffer(16).writeInt(FS_FETCH_STATUS);
        fid.write(out);
        return out;
    }

    /** FetchStatus's (and the end of FetchData's) result: AFSFetchStatus, AFSCallBack, AFSVolSync. */
    static Fetched fetched(ByteBuf in) throws RxProtocolException {
        AfsStatus status = AfsStatus.read(in);
        AfsXdr.need(in, 4 * (3 + 6), "AFSCallBack and AFSVolSync");
        in.readInt(); // CallBackVersion
        int seconds = in.readInt();
        int type = in.readInt();
        in.skipBytes(4 * 6);
        return new Fetched(status, seconds, type);
    }

    static ByteBuf fetchData64(ByteBufAllocator alloc, AfsFid fid, long position, long length) {
        ByteBuf out = alloc.buffer(32).writeInt(FS_FETCH_DATA64);
        fid.write(out);
        return out.writeLong(position).writeLong(length);
    }

    /**
     * The length that begins FetchData64's reply, checked against what was asked; the data follows,
     * then {@link #fetched}.
     */
    static int dataLength(ByteBuf in, long asked, String path) throws RxProtocolException {
        long length = AfsXdr.int64(in, "FetchData64 length of " + path);
        if (length < 0 || length > asked || in.readableBytes() < length + STATUS_TRAILER) {
            throw new RxProtocolException("FetchData64 of " + path + " announces " + length + " bytes; " + asked
                    + " were asked and " + in.readableBytes() + " came with the status");
        }
        return (int) length;
    }

    /** {@code AFSStoreStatus} mask bits. */
    static final int SET_MOD_TIME = 1;
    static final int SET_MODE = 8;

    /** An {@code AFSStoreStatus}: mask, client mtime (seconds), owner, group, mode, segment size. */
    static void storeStatus(ByteBuf out, int mask, long modTimeSeconds, int mode) {
        out.writeInt(mask).writeInt((int) modTimeSeconds).writeInt(0).writeInt(0).writeInt(mode).writeInt(0);
    }

    /**
     * StoreData64's arguments followed by the data (the data is part of the same Rx stream): fid,
     * status (the client's mtime), position, length, and the file's length after the call.
     */
    static ByteBuf storeData64(ByteBufAllocator alloc, AfsFid fid, long position, ByteBuf data, long fileLength, long nowSeconds) {
        ByteBuf out = alloc.buffer(4 + 12 + 24 + 24 + data.readableBytes()).writeInt(FS_STORE_DATA64);
        fid.write(out);
        storeStatus(out, SET_MOD_TIME, nowSeconds, 0);
        return out.writeLong(position).writeLong(data.readableBytes()).writeLong(fileLength).writeBytes(data, data.readerIndex(),
                data.readableBytes());
    }

    /** CreateFile's or MakeDir's arguments: the directory, the name, the new object's mode and mtime. */
    static ByteBuf create(ByteBufAllocator alloc, int opcode, AfsFid dir, byte[] name, int mode, long nowSeconds) {
        ByteBuf out = alloc.buffer(4 + 12 + 4 + name.length + 3 + 24).writeInt(opcode);
        dir.write(out);
        AfsXdr.writeString(out, name);
        storeStatus(out, SET_MOD_TIME | SET_MODE, nowSeconds, mode);
        return out;
    }

    /** What CreateFile and MakeDir return: the new fid, its status and promise, the directory's status. */
    record Created(AfsFid fid, Fetched fetched, AfsStatus directory) {
    }

    static Created created(ByteBuf in) throws RxProtocolException {
        AfsFid fid = AfsFid.read(in);
        AfsStatus status = AfsStatus.read(in);
        AfsStatus directory = AfsStatus.read(in);
        AfsXdr.need(in, 4 * (3 + 6), "AFSCallBack and AFSVolSync");
        in.readInt(); // CallBackVersion
        int seconds = in.readInt();
        int type = in.readInt();
        in.skipBytes(4 * 6);
        return new Created(fid, new Fetched(status, seconds, type), directory);
    }

    /** RemoveFile's or RemoveDir's arguments. */
    static ByteBuf remove(ByteBufAllocator alloc, int opcode, AfsFid dir, byte[] name) {
        ByteBuf out = alloc.buffer(4 + 12 + 4 + name.length + 3).writeInt(opcode);
        dir.write(out);
        AfsXdr.writeString(out, name);
        return out;
    }

    static ByteBuf rename(ByteBufAllocator alloc, AfsFid fromDir, byte[] from, AfsFid toDir, byte[] to) {
        ByteBuf out = alloc.buffer(4 + 2 * (12 + 4 + 3) + from.length + to.length).writeInt(FS_RENAME);
        fromDir.write(out);
        AfsXdr.writeString(out, from);
        toDir.write(out);
        AfsXdr.writeString(out, to);
        return out;
    }

    /** A status then AFSVolSync: what StoreData64, RemoveFile and RemoveDir return. */
    static AfsStatus statusAndSync(ByteBuf in) throws RxProtocolException {
        AfsStatus status = AfsStatus.read(in);
        AfsXdr.skip(in, 6, "AFSVolSync");
        return status;
    }

    /** Fids in one InlineBulkStatus ({@code AFSCBMAX}). */
    static final int BULK_MAX = 50;

    static ByteBuf inlineBulkStatus(ByteBufAllocator alloc, List<AfsFid> fids) {
        ByteBuf out = alloc.buffer(8 + 12 * fids.size()).writeInt(FS_INLINE_BULK_STATUS).writeInt(fids.size());
        for (AfsFid fid : fids) {
            fid.write(out);
        }
        return out;
    }

    /**
     * InlineBulkStatus's result: a status per fid asked, in order, with its promise; null where the
     * server put an error in the status instead (the file is gone, or may not be looked at).
     */
    static List<Fetched> bulkStatus(ByteBuf in, int asked) throws RxProtocolException {
        int count = AfsXdr.count(in, asked, 4 * AfsStatus.WORDS, "AFSBulkStats");
        if (count != asked) {
            throw new RxProtocolException("InlineBulkStatus answers " + count + " statuses for " + asked + " fids");
        }
        List<AfsStatus> statuses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int errorCode = in.getInt(in.readerIndex() + 4 * (AfsStatus.WORDS - 1));
            AfsStatus status = errorCode == 0 ? AfsStatus.read(in) : null;
            if (status == null) {
                in.skipBytes(4 * AfsStatus.WORDS);
            }
            statuses.add(status);
        }
        int promises = AfsXdr.count(in, asked, 12, "AFSCBs");
        List<Fetched> fetched = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int seconds = 0;
            int type = 0;
            if (i < promises) {
                in.readInt(); // CallBackVersion
                seconds = in.readInt();
                type = in.readInt();
            }
            fetched.add(statuses.get(i) == null ? null : new Fetched(statuses.get(i), seconds, type));
        }
        return fetched;
    }

    static ByteBuf getVolumeStatus(ByteBufAllocator alloc, int volume) {
        return alloc.buffer(8).writeInt(FS_GET_VOLUME_STATUS).writeInt(volume);
    }

    /** AFSFetchVolumeStatus's block counts (KiB): max quota, in use, partition free, partition size. */
    record VolumeStatus(long maxQuota, long blocksInUse, long partitionFree, long partitionSize) {
    }

    static VolumeStatus volumeStatus(ByteBuf in) throws RxProtocolException {
        AfsXdr.need(in, 4 * 12, "AFSFetchVolumeStatus");
        in.skipBytes(4 * 8); // Vid, ParentId, Online, InService, Blessed, NeedsSalvage, Type, MinQuota
        long maxQuota = in.readUnsignedInt();
        long inUse = in.readUnsignedInt();
        long free = in.readUnsignedInt();
        long size = in.readUnsignedInt();
        return new VolumeStatus(maxQuota, inUse, free, size);
    }
}
