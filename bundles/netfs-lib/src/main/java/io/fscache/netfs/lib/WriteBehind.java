package io.fscache.netfs.lib;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Write-back's flush behind the writer, as the kernel writes dirty pages back while the writer goes
 * on: one file's dirty runs uploading, at most one such flush at a time. The runs stay in the file's
 * dirty ranges (so reads see them) until the flush is finished: its outcome recorded, under the
 * file's write lock, by the next writer that passes twice the dirty limit, or by a flush, fsync,
 * truncation or close. Writes made meanwhile replace dirty extents rather than change them, so the
 * extents a run was cut from are forgotten only if no write replaced them ({@link DirtyRanges#flushed}).
 *
 * <p>Immutable; the file node holds the one in flight under its write lock. The uploads hold no lock.
 *
 * @param runs the dirty runs, as cut when the flush began (their data is a copy)
 * @param uploads each run's upload, in the same order
 * @param file the handle whose server file uploads them: it finishes the flush before it closes
 */
record WriteBehind(List<DirtyRanges.Run> runs, List<CompletableFuture<Upload.Result>> uploads, OpenFile file) {

    /** Whether every upload has its outcome, so finishing will not wait. */
    boolean isDone() {
        return uploads.stream().allMatch(CompletableFuture::isDone);
    }
}
