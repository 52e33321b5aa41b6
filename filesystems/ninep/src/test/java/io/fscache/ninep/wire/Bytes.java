package io.fscache.ninep.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds little-endian 9P byte strings by hand, independently of the codec under test. */
public final class Bytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public static Bytes of() {
        return new Bytes();
    }

    public Bytes u8(int v) {
        out.write(v);
        return this;
    }

    public Bytes u16(int v) {
        return u8(v & 0xFF).u8((v >>> 8) & 0xFF);
    }

    public Bytes u32(long v) {
        return u16((int) (v & 0xFFFF)).u16((int) ((v >>> 16) & 0xFFFF));
    }

    public Bytes u64(long v) {
        return u32(v & 0xFFFFFFFFL).u32(v >>> 32);
    }

    public Bytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        out.writeBytes(b);
        return this;
    }

    public Bytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    public Bytes qid(int type, int version, long path) {
        return u8(type).u32(version).u64(path);
    }

    public byte[] body() {
        return out.toByteArray();
    }

    /** The body framed as {@code size[4] type[1] tag[2] body}. */
    public byte[] frame(int type, int tag) {
        byte[] body = body();
        return Bytes.of().u32(7 + body.length).u8(type).u16(tag).raw(body).body();
    }
}
