package io.fscache.ninep.wire;

/** A request with the tag the connection gave it, ready to be framed. */
public record TaggedRequest(int tag, TMessage message) {
}
