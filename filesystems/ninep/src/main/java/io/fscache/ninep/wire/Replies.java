package io.fscache.ninep.wire;

import io.fscache.netfs.FileNames;
import io.fscache.netfs.ReceivedBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsers of reply bodies. Each checks the lengths the server claims against the bytes it sent
 * and against what was asked, and throws {@link NinePProtocolException} otherwise.
 */
public final class Replies {

    /**
     * The header room every I/O message is given: an {@code Rread} needs 11 bytes and a
     * {@code Twrite} 23, but diod refuses any {@code Tread}, {@code Twrite} or {@code Treaddir}
     * whose count exceeds msize minus Linux's P9_IOHDRSZ (24), answering EIO.
     */
    public static final int IOHDRSZ = 24;

    private Replies() {
    }

    /** An {@code Rversion}. */
    public record Version(int msize, String version) {
    }

    public static Version version(ByteBuf body) throws NinePProtocolException {
        need(body, 6, "Rversion");
        return new Version(body.readIntLE(), string(body, "Rversion"));
    }

    public static Qid qid(ByteBuf body) throws NinePProtocolException {
        need(body, 13, "qid");
        return new Qid(body.readUnsignedByte(), body.readIntLE(), body.readLongLE());
    }

    public static List<Qid> walk(ByteBuf body, int asked) throws NinePProtocolException {
        need(body, 2, "Rwalk");
        int n = body.readUnsignedShortLE();
        if (n > asked) {
            throw new NinePProtocolException("Rwalk with " + n + " qids for a walk of " + asked + " names");
        }
        List<Qid> qids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            qids.add(qid(body));
        }
        return qids;
    }

    public static Opened opened(ByteBuf body) throws NinePProtocolException {
        Qid qid = qid(body);
        need(body, 4, "iounit");
        return new Opened(qid, body.readIntLE());
    }

    public static Attr attr(ByteBuf body) throws NinePProtocolException {
        need(body, 8 + 13 + 12 + 8 * 5 + 16 * 3, "Rgetattr");
        body.skipBytes(8); // valid
        Qid qid = qid(body);
        int mode = body.readIntLE();
        int uid = body.readIntLE();
        int gid = body.readIntLE();
        body.skipBytes(16); // nlink, rdev
        long size = body.readLongLE();
        body.skipBytes(16); // blksize, blocks
        Attr attr = new Attr(qid, mode, uid, gid, size, body.readLongLE(), body.readLongLE(), body.readLongLE(),
                body.readLongLE(), body.readLongLE(), body.readLongLE());
        body.skipBytes(body.readableBytes()); // btime, gen, data_version: unused
        return attr;
    }

    /**
     * Copies an {@code Rread}'s data into {@code dst}, advancing its position.
     *
     * @return the bytes read
     */
    public static int readInto(ByteBuf body, ByteBuffer dst, int asked) throws NinePProtocolException {
        ByteBuf data = readData(body, Math.min(asked, dst.remaining()), asked);
        int count = data.readableBytes();
        data.readBytes(dst.slice(dst.position(), count));
        dst.position(dst.position() + count);
        return count;
    }

    /**
     * Rread's data lent from the reply where it arrived: a retained slice of the frame, released
     * when the engine is done with it.
     */
    public static ReceivedBytes lent(ByteBuf body, int asked) throws NinePProtocolException {
        ByteBuf data = readData(body, asked, asked).retain();
        return ReceivedBytes.of(data.readableBytes(), data::nioBuffers, data::release);
    }

    /** Rread's data, at most {@code room} bytes, as a slice of {@code body}. */
    private static ByteBuf readData(ByteBuf body, int room, int asked) throws NinePProtocolException {
        int count = count(body, "Rread");
        if (count > room) {
            throw new NinePProtocolException("Rread of " + count + " bytes for a Tread of " + asked);
        }
        need(body, count, "Rread data");
        return body.readSlice(count);
    }

    public static int written(ByteBuf body, int given) throws NinePProtocolException {
        int count = count(body, "Rwrite");
        if (count > given) {
            throw new NinePProtocolException("Rwrite of " + count + " bytes for a Twrite of " + given);
        }
        return count;
    }

    public static List<Dirent> readdir(ByteBuf body) throws NinePProtocolException {
        int count = count(body, "Rreaddir");
        need(body, count, "Rreaddir data");
        ByteBuf data = body.readSlice(count);
        List<Dirent> entries = new ArrayList<>();
        while (data.isReadable()) {
            Qid qid = qid(data);
            need(data, 9, "Rreaddir entry");
            long offset = data.readLongLE();
            int type = data.readUnsignedByte();
            entries.add(new Dirent(qid, offset, type, string(data, "Rreaddir name")));
        }
        return entries;
    }

    public static StatFs statfs(ByteBuf body) throws NinePProtocolException {
        need(body, 4 + 4 + 8 * 6 + 4, "Rstatfs");
        return new StatFs(body.readIntLE(), body.readIntLE(), body.readLongLE(), body.readLongLE(),
                body.readLongLE(), body.readLongLE(), body.readLongLE(), body.readLongLE(), body.readIntLE());
    }

    public static int errno(ByteBuf body) throws NinePProtocolException {
        need(body, 4, "Rlerror");
        return body.readIntLE();
    }

    private static int count(ByteBuf body, String what) throws NinePProtocolException {
        need(body, 4, what);
        long count = body.readUnsignedIntLE();
        if (count > Integer.MAX_VALUE) {
            throw new NinePProtocolException(what + " count " + count + " out of range");
        }
        return (int) count;
    }

    private static String string(ByteBuf body, String what) throws NinePProtocolException {
        need(body, 2, what);
        int length = body.readUnsignedShortLE();
        need(body, length, what);
        // Names are the server's bytes: decoded losslessly, never with replacement characters.
        String decoded = FileNames.decode(ByteBufUtil.getBytes(body, body.readerIndex(), length, false));
        body.skipBytes(length);
        return decoded;
    }

    private static void need(ByteBuf body, int bytes, String what) throws NinePProtocolException {
        if (body.readableBytes() < bytes) {
            throw new NinePProtocolException(what + " truncated: " + body.readableBytes() + " bytes where "
                    + bytes + " are needed");
        }
    }
}
