package io.fscache.shell.command;

import io.fscache.netfs.Mounts;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

/** What every netfs:* command shares: the Mounts service, and errors worded for a shell user. */
abstract class MountsReference implements Action {

    @Reference
    Mounts mounts;

    /** A one-line error naming the path, for the exceptions a user can cause. */
    static RuntimeException userError(IOException e, Object path) {
        return new IllegalStateException(path + ": " + reason(e));
    }

    /** What went wrong, in a few words, without the path. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "access denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
