package io.fscache.netfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetfsPathsTest {

    @Test
    void namesParentAndName() {
        assertEquals(List.of("a", "b"), NetfsPaths.names("/a/b"));
        assertEquals(List.of(), NetfsPaths.names("/"));
        assertEquals("/a", NetfsPaths.parent("/a/b"));
        assertEquals("/", NetfsPaths.parent("/a"));
        assertEquals("b", NetfsPaths.name("/a/b"));
    }

    @Test
    void joinAddsOneSeparator() {
        assertEquals("/a/b", NetfsPaths.join("/a", "b"));
        assertEquals("/b", NetfsPaths.join("/", "b"));
    }

    @Test
    void aRelativePathOrTheRootsParentIsRefusedInOneLine() {
        assertEquals("not an absolute path: a/b",
                assertThrows(IllegalArgumentException.class, () -> NetfsPaths.names("a/b")).getMessage());
        assertEquals("the root has no parent",
                assertThrows(IllegalArgumentException.class, () -> NetfsPaths.parent("/")).getMessage());
        assertEquals("the root has no name",
                assertThrows(IllegalArgumentException.class, () -> NetfsPaths.name("/")).getMessage());
    }
}
