package io.fscache.ninep.wire;

/** The fields of an {@code Rgetattr} reply this client uses. */
public record Attr(Qid qid, int mode, int uid, int gid, long size, long atimeSec, long atimeNsec,
        long mtimeSec, long mtimeNsec, long ctimeSec, long ctimeNsec) {
}
