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
        String why;
        if (e instanceof NoSuchFileException) {
            why = "no such file or directory";
        } else if (e instanceof AccessDeniedException) {
            why = "access denied";
        } else if (e instanceof FileAlreadyExistsException) {
            why = "already exists";
        } else if (e instanceof NotDirectoryException) {
            why = "not a directory";
        } else if (e instanceof DirectoryNotEmptyException) {
            why = "directory not empty";
        } else {
            why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        return new IllegalStateException(path + ": " + why);
    }
}
