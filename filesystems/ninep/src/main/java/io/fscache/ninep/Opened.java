package io.fscache.ninep;

/** An {@code Rlopen} or {@code Rlcreate} reply: the file's qid and the server's I/O unit (0: none). */
record Opened(Qid qid, int iounit) {
}
