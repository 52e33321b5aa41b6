package io.fscache.ninep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void errnosMapToNioExceptions() {
        assertInstanceOf(NoSuchFileException.class, Errno.toException(2, "/a"));
        assertInstanceOf(AccessDeniedException.class, Errno.toException(1, "/a"));
        assertInstanceOf(AccessDeniedException.class, Errno.toException(13, "/a"));
        assertInstanceOf(FileAlreadyExistsException.class, Errno.toException(17, "/a"));
        assertInstanceOf(DirectoryNotEmptyException.class, Errno.toException(39, "/a"));
        assertInstanceOf(NotDirectoryException.class, Errno.toException(20, "/a"));
        assertEquals("/a: not a directory", Errno.toException(20, "/a").getMessage());
        assertEquals("/a: is a directory", ((FileSystemException) Errno.toException(21, "/a")).getMessage());
        assertEquals("9P error ENOSPC (28): no space left on device on /a", Errno.toException(28, "/a").getMessage());
        assertEquals("9P error errno (999): unknown error 999 on /a", Errno.toException(999, "/a").getMessage());
    }
}
