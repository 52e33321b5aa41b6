package io.fscache.shell.command;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.PrintStream;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.ClosedFileSystemException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * One copy of {@code netfs:get} or {@code netfs:put} into a destination file, local or on a mount,
 * that never leaves a partial or emptied file under the destination's name. The bytes go to a
 * hidden temporary in the destination's directory ({@code .<name>.part-<random>}), are made durable,
 * and the temporary is then renamed over the destination (atomically; an existing file only with
 * {@code -f}). On a mount, the rename is the server's. A failed or interrupted copy removes the
 * temporary, when its filesystem is still there, and fails with one line: how far it got, why, and
 * what became of the destination.
 *
 * <p>Not thread-safe: one per command run, on the command's thread.
 */
final class Transfer {

    private final String command;
    private final String source;
    private final FileSystem mount;
    private final Path target;
    private final Function<Path, String> shown;
    private final boolean replace;

    /**
     * Checks the destination; nothing is written yet.
     *
     * @param command {@code get} or {@code put}
     * @param source the source as the user gave it
     * @param mount the mount the copy reads or writes, whose unmounting explains a failure
     * @param given the destination as given: an existing directory means {@code sourceName} in it, as {@code cp}
     * @param directoryMeant whether the destination was written with a trailing {@code /}: it must then be a directory
     * @param sourceName the source's file name
     * @param shown how a destination path is written for the user
     * @param replace whether an existing destination file may be replaced ({@code -f})
     * @throws IllegalArgumentException if the destination is a directory or not a regular file, or
     *         exists and {@code replace} is false
     */
    Transfer(String command, String source, FileSystem mount, Path given, boolean directoryMeant, String sourceName,
            Function<Path, String> shown, boolean replace) {
        this.command = command;
        this.source = source;
        this.mount = mount;
        if (directoryMeant && !Files.isDirectory(given)) {
            // "/no/dir/" was named by its first missing directory, "/no", as the parent of a file "dir".
            throw new IllegalArgumentException(side(given) + "directory " + shown.apply(given) + ": "
                    + (Files.exists(given) ? "not a directory" : "no such directory"));
        }
        this.target = Files.isDirectory(given) ? inDirectory(given, sourceName) : given;
        this.shown = shown;
        this.replace = replace;
        String name = side() + shown.apply(target);
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(name + " is a directory; netfs:" + command + " replaces only files");
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException(name + " is not a regular file; netfs:" + command + " replaces only files");
            }
            if (!replace) {
                throw new IllegalArgumentException(name + " exists; use -f to overwrite it");
            }
        }
    }

    /**
     * Copies {@code in}, {@code total} bytes long, to the destination, with a progress bar on
     * {@code console}.
     *
     * @throws CommandFailure with a one-line message if the copy fails or is interrupted
     *         (the thread's interrupt is then still set)
     */
    void copy(ReadableByteChannel in, long total, PrintStream console) {
        Progress progress = new Progress(console, command + " " + source + " to " + shown.apply(target), total);
        boolean existed = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        Path temporary = target.resolveSibling("." + target.getFileName() + ".part-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()));
        FileChannel out;
        try {
            out = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new CommandFailure(side() + "directory " + shown.apply(target.toAbsolutePath().getParent())
                    + ": no such directory", e);
        } catch (IOException e) {
            throw new CommandFailure(side() + shown.apply(target) + ": " + MountsReference.reason(e), e);
        }
        try {
            try (out) {
                Copier.copy(in, out, progress, target.getFileSystem() == mount ? Copier.UPLOAD_BLOCK : Copier.BLOCK);
                out.force(true);
            }
            if (existed) {
                keepPermissions(temporary);
            }
            if (replace) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(temporary, target);
            }
        } catch (IOException | ClosedFileSystemException e) {
            progress.abandon();
            throw failure(e, progress, existed, temporary);
        }
        progress.finish();
    }

    /**
     * The source's name in the destination directory: a name that is not valid here (bytes that are
     * not UTF-8 on a server, on a local file system that takes only UTF-8) is refused in one line.
     */
    private static Path inDirectory(Path directory, String sourceName) {
        try {
            return directory.resolve(sourceName);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("the name " + ShellNames.display(sourceName) + " is not a valid file name in "
                    + directory + ": give the destination file's name");
        }
    }

    /** Which side the destination is on, as messages name it. */
    private String side() {
        return side(target);
    }

    private String side(Path path) {
        return path.getFileSystem() == mount ? "remote " : "local ";
    }

    private CommandFailure failure(Exception e, Progress progress, boolean existed, Path temporary) {
        // Cleared while the temporary is removed (a remote delete may wait), then set again.
        // A server's timeout is an InterruptedIOException too (SocketTimeoutException), but nobody interrupted.
        boolean interrupted = Thread.interrupted() || e instanceof ClosedByInterruptException
                || e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException);
        boolean unmounted = !mount.isOpen() || e instanceof ClosedFileSystemException;
        String left = removed(temporary) ? ""
                : "; the partial copy " + shown.apply(temporary) + " remains"
                        + (temporary.getFileSystem() == mount ? " on the server" : "");
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        // Interrupted needs no reason (Ctrl-C, or the console went away); the other two say theirs.
        String why = interrupted ? "" : unmounted ? ": the mount was unmounted" : ": " + MountsReference.reason((IOException) e);
        return new CommandFailure(String.format("netfs:%s %s: %s after %s of %s%s; %s %s%s", command, source,
                interrupted || unmounted ? "interrupted" : "failed", Sizes.human(progress.done()),
                Sizes.human(progress.total()), why, side() + shown.apply(target), existed ? "left unchanged" : "not created", left), e);
    }

    private static boolean removed(Path temporary) {
        try {
            Files.deleteIfExists(temporary);
            return true;
        } catch (IOException | ClosedFileSystemException e) {
            return false;
        }
    }

    /** A replaced file keeps its permissions where the filesystem lets them be set (a mount does not). */
    private void keepPermissions(Path temporary) {
        try {
            Files.setPosixFilePermissions(temporary, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | UnsupportedOperationException e) {
            // The new file has the directory's default permissions.
        }
    }
}
