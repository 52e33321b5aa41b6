package io.fscache.ninep;

/** One entry of an {@code Rreaddir} reply; {@code offset} is where the next {@code Treaddir} starts. */
record Dirent(Qid qid, long offset, int type, String name) {
}
