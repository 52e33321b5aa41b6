package io.fscache.netfs.lib;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Path operations agree with the default (POSIX) filesystem's. */
class NetfsPathTest {

    @TempDir
    Path dir;

    private TestRig rig;
    private FileSystem fs;

    @BeforeEach
    void mount() throws Exception {
        rig = new TestRig(dir);
        fs = rig.mount("m");
    }

    @AfterEach
    void unmount() {
        rig.close();
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @CsvSource({"/", "/a/b/c", "a/b", "''", "/a//b/", "a/./b/../c", "../x", "/..", "/a/..", "x/../../y", "."})
    void shapeMatchesTheDefaultFileSystem(String path) {
        Path ours = fs.getPath(path);
        Path theirs = Paths.get(path);
        assertEquals(theirs.toString(), ours.toString());
        assertEquals(theirs.isAbsolute(), ours.isAbsolute());
        assertEquals(theirs.getNameCount(), ours.getNameCount());
        assertEquals(String.valueOf(theirs.getFileName()), String.valueOf(ours.getFileName()));
        assertEquals(String.valueOf(theirs.getParent()), String.valueOf(ours.getParent()));
        assertEquals(String.valueOf(theirs.getRoot()), String.valueOf(ours.getRoot()));
        assertEquals(theirs.normalize().toString(), ours.normalize().toString());
        List<String> theirNames = new ArrayList<>();
        theirs.forEach(name -> theirNames.add(name.toString()));
        List<String> ourNames = new ArrayList<>();
        ours.forEach(name -> ourNames.add(name.toString()));
        assertEquals(theirNames, ourNames);
    }

    @ParameterizedTest(name = "\"{0}\" resolve \"{1}\"")
    @CsvSource({"/a, b/c", "/a, /b", "a, ''", "'', b", "/, x"})
    void resolveMatchesTheDefaultFileSystem(String base, String other) {
        assertEquals(Paths.get(base).resolve(other).toString(), fs.getPath(base).resolve(other).toString());
        assertEquals(Paths.get(base).resolveSibling(other).toString(), fs.getPath(base).resolveSibling(other).toString());
    }

    @ParameterizedTest(name = "\"{0}\" relativize \"{1}\"")
    @CsvSource({"/a/b, /a/b/c/d", "/a/b/c, /a/x", "/a, /a", "a/b, a/c", "/, /x/y", "'', a/b"})
    void relativizeMatchesTheDefaultFileSystem(String from, String to) {
        Path ours = fs.getPath(from).relativize(fs.getPath(to));
        assertEquals(Paths.get(from).relativize(Paths.get(to)).toString(), ours.toString());
        assertEquals(fs.getPath(to).normalize(), fs.getPath(from).resolve(ours).normalize());
    }

    @Test
    void prefixesSuffixesAndComparison() {
        Path path = fs.getPath("/a/b/c");
        assertTrue(path.startsWith("/a/b"));
        assertTrue(path.startsWith("/"));
        assertFalse(path.startsWith("/a/bc"));
        assertFalse(path.startsWith("a/b"));
        assertTrue(path.endsWith("b/c"));
        assertTrue(path.endsWith("/a/b/c"));
        assertFalse(path.endsWith("/b/c"));
        assertEquals(fs.getPath("b/c"), path.subpath(1, 3));
        assertEquals(fs.getPath("b"), path.getName(1));
        assertThrows(IllegalArgumentException.class, () -> path.getName(3));
        assertThrows(IllegalArgumentException.class, () -> fs.getPath("/a").relativize(fs.getPath("b")));
        assertTrue(fs.getPath("/a").compareTo(fs.getPath("/b")) < 0);
        assertEquals(fs.getPath("/a/b"), fs.getPath("/a", "b"));
        assertEquals(fs.getPath("/x/y"), fs.getPath("x/y").toAbsolutePath());
        assertEquals(URI.create("local://m/a/b/c"), path.toUri());
        assertEquals(URI.create("local://m/dir%20with%20space"), fs.getPath("dir with space").toUri());
        assertThrows(InvalidPathException.class, () -> fs.getPath("bad\0name"));
        assertNull(fs.getPath("/").getFileName());
        assertFalse(path.equals(Paths.get("/a/b/c")));
    }

    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource({
        "*.txt, a.txt, true", "*.txt, dir/a.txt, false", "**.txt, dir/a.txt, true", "?.md, a.md, true",
        "?.md, ab.md, false", "'{a,b}.c', b.c, true", "'{a,b}.c', c.c, false", "[a-c]x, bx, true", "[!a-c]x, dx, true",
        "[!a-c]x, ax, false", "a\\*b, a*b, true", "a.b, axb, false", "/docs/**, /docs/x/y, true"})
    void globMatchers(String glob, String path, boolean matches) {
        PathMatcher matcher = fs.getPathMatcher("glob:" + glob);
        assertEquals(matches, matcher.matches(fs.getPath(path)));
        assertEquals(matches, Paths.get("").getFileSystem().getPathMatcher("glob:" + glob).matches(Paths.get(path)),
                "the default filesystem agrees");
    }

    @Test
    void regexMatchersAndBadSyntax() {
        assertTrue(fs.getPathMatcher("regex:/a/.*").matches(fs.getPath("/a/b")));
        assertThrows(UnsupportedOperationException.class, () -> fs.getPathMatcher("sql:x"));
        assertThrows(IllegalArgumentException.class, () -> fs.getPathMatcher("nocolon"));
    }
}
