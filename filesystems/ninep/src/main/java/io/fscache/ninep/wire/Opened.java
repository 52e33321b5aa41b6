package io.fscache.ninep.wire;

/** An {@code Rlopen} or {@code Rlcreate} reply: the file's qid and the server's I/O unit (0: none). */
public record Opened(Qid qid, int iounit) {
}
