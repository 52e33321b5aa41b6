package io.fscache.backend.memory;

/** The index key: one granule of one object generation. */
record GranuleKey(long object, long granule) {
}
