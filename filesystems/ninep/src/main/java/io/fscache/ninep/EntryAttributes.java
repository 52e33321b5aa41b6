package io.fscache.ninep;

import io.fscache.netfs.DirEntry;
import io.fscache.netfs.NetfsPaths;
import io.fscache.ninep.wire.Replies;
import io.fscache.ninep.wire.TMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The attributes of a directory's entries, asked for all at once: 9P2000.L's {@code Treaddir}
 * carries only names and qids, so each entry costs a {@code Twalk}, a {@code Tgetattr} and a
 * {@code Tclunk}; these are pipelined on the connection (up to its in-flight limit) instead of
 * waited for one entry at a time, so an {@code ls -l} of N files costs about N / pipeline round
 * trips, as NFS's READDIRPLUS and SMB's directory query give the attributes with the names.
 */
final class EntryAttributes {

    private EntryAttributes() {
    }

    /**
     * The entries named {@code names} of {@code directory}, each with its attributes; an entry that
     * went away (or could not be asked about) meanwhile keeps {@code null} attributes, so a later
     * stat reports what happened to it.
     */
    static List<DirEntry> of(NinePSession session, Connector.Attached at, String directory, List<String> names) {
        Connection c = at.connection();
        List<CompletableFuture<DirEntry>> asked = new ArrayList<>(names.size());
        for (String name : names) {
            String path = NetfsPaths.join(directory, name);
            CompletableFuture<DirEntry> entry;
            try {
                entry = session.walk(at, path).thenCompose(fid -> c.call(
                                TMessage.getattr(fid, TMessage.GETATTR_BASIC), Replies::attr, path)
                        .whenComplete((attr, failure) -> c.clunk(fid)))
                        .thenApply(attr -> new DirEntry(name, NinePSession.attributes(attr)));
            } catch (RuntimeException e) {
                entry = CompletableFuture.failedFuture(e);
            }
            asked.add(entry.exceptionally(failure -> new DirEntry(name, null)));
        }
        List<DirEntry> entries = new ArrayList<>(names.size());
        for (CompletableFuture<DirEntry> entry : asked) {
            entries.add(entry.join());
        }
        return entries;
    }
}
