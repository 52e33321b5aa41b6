package io.fscache.ninep;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds little-endian 9P byte strings by hand, independently of the codec under test. */
final class Bytes {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    static Bytes of() {
        return new Bytes();
    }

    Bytes u8(int v) {
        out.write(v);
        return this;
    }

    Bytes u16(int v) {
        return u8(v & 0xFF).u8((v >>> 8) & 0xFF);
    }

    Bytes u32(long v) {
        return u16((int) (v & 0xFFFF)).u16((int) ((v >>> 16) & 0xFFFF));
    }

    Bytes u64(long v) {
        return u32(v & 0xFFFFFFFFL).u32(v >>> 32);
    }

    Bytes str(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        u16(b.length);
        out.writeBytes(b);
        return this;
    }

    Bytes raw(byte[] b) {
        out.writeBytes(b);
        return this;
    }

    Bytes qid(int type, int version, long path) {
        return u8(type).u32(version).u64(path);
    }

    byte[] body() {
        return out.toByteArray();
    }

    /** The body framed as {@code size[4] type[1] tag[2] body}. */
    byte[] frame(int type, int tag) {
        byte[] body = body();
        return Bytes.of().u32(7 + body.length).u8(type).u16(tag).raw(body).body();
    }
}
