package io.fscache.ninep;

/** A request with the tag the connection gave it, ready to be framed. */
record TaggedRequest(int tag, TMessage message) {
}
