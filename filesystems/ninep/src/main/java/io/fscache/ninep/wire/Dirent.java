package io.fscache.ninep.wire;

/** One entry of an {@code Rreaddir} reply; {@code offset} is where the next {@code Treaddir} starts. */
public record Dirent(Qid qid, long offset, int type, String name) {
}
