/**
 * The 9P2000.L wire format on Netty: T-messages and their encoder, the frame decoder, reply parsers
 * and the records they yield (qids, attributes, directory entries, statfs), message types, Linux
 * errno mapping and the tag pool. No I/O and no state beyond one channel's pipeline.
 *
 * <p>Not exported: public only for the client in {@link io.fscache.ninep}.
 */
package io.fscache.ninep.wire;
