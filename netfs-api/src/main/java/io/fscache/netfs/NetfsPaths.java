package io.fscache.netfs;

import java.util.Arrays;
import java.util.List;

/**
 * The path arithmetic every protocol needs on {@link NetfsSession} paths: absolute,
 * {@code '/'}-separated, {@code "/"} the export's root. Protocols that walk names (9P, NFS LOOKUP)
 * split a path into its names; those that send whole paths (SMB) join them with their own separator.
 * Stateless.
 *
 * @since 1.3
 */
public final class NetfsPaths {

    private NetfsPaths() {
    }

    /**
     * The names of a path from the root: {@code "/a/b"} is {@code [a, b]}, the root none.
     *
     * @throws IllegalArgumentException if the path is not absolute
     */
    public static List<String> names(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not an absolute path: " + path);
        }
        return Arrays.stream(path.split("/")).filter(name -> !name.isEmpty()).toList();
    }

    /**
     * The directory that holds a path: {@code "/a/b"} is in {@code "/a"}, {@code "/a"} in {@code "/"}.
     *
     * @throws IllegalArgumentException if the path is the root or not absolute
     */
    public static String parent(String path) {
        List<String> names = names(path);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the root has no parent");
        }
        return "/" + String.join("/", names.subList(0, names.size() - 1));
    }

    /**
     * The last name of a path: {@code "/a/b"} is {@code "b"}.
     *
     * @throws IllegalArgumentException if the path is the root or not absolute
     */
    public static String name(String path) {
        List<String> names = names(path);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("the root has no name");
        }
        return names.get(names.size() - 1);
    }

    /** A name in a directory: {@code join("/a", "b")} is {@code "/a/b"}, {@code join("/", "b")} is {@code "/b"}. */
    public static String join(String directory, String name) {
        return directory.endsWith("/") ? directory + name : directory + "/" + name;
    }
}
