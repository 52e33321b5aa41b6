package io.fscache.netfs.lib;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** A directory listing (fetched whole from the server) filtered as it is iterated. */
final class NetfsDirectoryStream implements DirectoryStream<Path> {

    private final List<Path> entries;
    private final Filter<? super Path> filter;
    private boolean iterated;
    private volatile boolean closed;

    NetfsDirectoryStream(List<Path> entries, Filter<? super Path> filter) {
        this.entries = entries;
        this.filter = filter;
    }

    @Override
    public synchronized Iterator<Path> iterator() {
        if (closed || iterated) {
            throw new IllegalStateException(closed ? "directory stream is closed" : "iterator already obtained");
        }
        iterated = true;
        Iterator<Path> all = entries.iterator();
        return new Iterator<>() {
            private Path next;

            @Override
            public boolean hasNext() {
                while (next == null && !closed && all.hasNext()) {
                    Path candidate = all.next();
                    try {
                        if (filter == null || filter.accept(candidate)) {
                            next = candidate;
                        }
                    } catch (IOException e) {
                        throw new DirectoryIteratorException(e);
                    }
                }
                return next != null;
            }

            @Override
            public Path next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Path result = next;
                next = null;
                return result;
            }
        };
    }

    @Override
    public void close() {
        closed = true;
    }
}
