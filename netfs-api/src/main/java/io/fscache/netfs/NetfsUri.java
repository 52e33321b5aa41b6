package io.fscache.netfs;

import io.fscache.api.Printable;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Mount URIs as users write them. {@link URI} requires a scheme to begin with a letter, yet 9P's
 * customary spelling is {@code 9p://host:port/export}; such a scheme is carried inside a
 * {@code URI} with the prefix {@value #PREFIX} ({@code x-9p://host:port/export}) and shown to users
 * without it. Filesystems register under the user's spelling ({@code netfs.scheme=9p}).
 */
public final class NetfsUri {

    /** What a scheme that begins with a digit carries inside a {@link URI}. */
    public static final String PREFIX = "x-";

    private NetfsUri() {
    }

    /**
     * Parses a mount URI such as {@code 9p://127.0.0.1:5640/srv?uname=alice} or
     * {@code smb://alice@host/share}; {@code .} and {@code ..} in the path are resolved
     * ({@link URI#normalize}), repeated {@code '/'} taken as one and a trailing one dropped.
     *
     * @throws IllegalArgumentException if the text is not a hierarchical URI with a scheme and a server,
     *         or its path climbs above the root ({@code /../x})
     */
    public static URI parse(String text) {
        int colon = text.indexOf("://");
        if (colon <= 0) {
            throw notAMountUri(text);
        }
        String scheme = text.substring(0, colon);
        try {
            URI uri = new URI(uriScheme(scheme) + text.substring(colon));
            if (uri.getScheme() == null || uri.isOpaque() || uri.getRawAuthority() == null) {
                // "?/://x" parses as a relative URI whose query holds the "://"; "9p://?x" names no server.
                throw notAMountUri(text);
            }
            if (uri.getPort() > 65535) {
                throw new IllegalArgumentException("port " + uri.getPort() + " is beyond 65535 in " + Printable.quote(Secrets.hideInText(text)));
            }
            URI normal = uri.normalize();
            if (normal.getRawPath().equals("/..") || normal.getRawPath().startsWith("/../")) {
                throw new IllegalArgumentException("the path of " + Printable.quote(Secrets.hideInText(text))
                        + " climbs above the server's root with '..'");
            }
            return canonical(normal);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + Printable.quote(Secrets.hideInText(text)) + ": " + e.getReason()
                    + (e.getIndex() >= 0 ? " at index " + e.getIndex() : ""), e);
        }
    }

    /**
     * {@code nfs://host//export/} names the export {@code nfs://host/export} names: one spelling, so
     * that a mount is shown, compared and handed to its filesystem as the same URI however it was
     * typed (servers refuse {@code .} and {@code ..} as names, NFSv4.1 with {@code NFS4ERR_BADNAME}).
     */
    private static URI canonical(URI uri) throws URISyntaxException {
        String raw = uri.getRawPath();
        String path = raw.replaceAll("/{2,}", "/");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.equals(raw)) {
            return uri;
        }
        return new URI(uri.getScheme() + "://" + uri.getRawAuthority() + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery())
                + (uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment()));
    }

    private static IllegalArgumentException notAMountUri(String text) {
        return new IllegalArgumentException("a mount URI looks like scheme://server/export, e.g. "
                + "9p://127.0.0.1:5640/srv, not " + Printable.quote(Secrets.hideInText(text)));
    }

    /**
     * The URI's query parameters, which are mount options ({@code ?uname=alice&msize=1m}):
     * percent-decoded as UTF-8, in order; a parameter without {@code '='} is a boolean's bare name
     * and maps to {@code ""}.
     *
     * @throws IllegalArgumentException if a parameter is given twice
     * @since 1.3
     */
    public static Map<String, String> queryOptions(URI uri) {
        Map<String, String> options = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return options;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (options.put(name, value) != null) {
                throw new IllegalArgumentException("option " + Printable.escape(name) + " is given twice in the URI's query");
            }
        }
        return options;
    }

    /**
     * The URI without its query and fragment, as a filesystem is given it.
     *
     * @throws IllegalArgumentException if the URI names no server
     * @since 1.3
     */
    public static URI withoutQuery(URI uri) {
        if (uri.getRawAuthority() == null) {
            throw notAMountUri(uri.toString());
        }
        if (uri.getRawQuery() == null && uri.getRawFragment() == null) {
            return uri;
        }
        String text = uri.toString();
        int end = uri.getRawQuery() != null ? text.indexOf('?') : text.indexOf('#');
        return URI.create(text.substring(0, end));
    }

    /** The filesystem scheme of a mount URI: {@code "9p"} for {@code x-9p://...}. */
    public static String scheme(URI uri) {
        String scheme = uri.getScheme();
        if (scheme == null) {
            return null;
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        boolean carried = scheme.startsWith(PREFIX) && scheme.length() > PREFIX.length()
                && Character.isDigit(scheme.charAt(PREFIX.length()));
        return carried ? scheme.substring(PREFIX.length()) : scheme;
    }

    /** The scheme as a {@link URI} can hold it: {@code "x-9p"} for {@code "9p"}, others unchanged. */
    public static String uriScheme(String scheme) {
        return !scheme.isEmpty() && Character.isDigit(scheme.charAt(0)) ? PREFIX + scheme : scheme;
    }

    /**
     * The URI as a user writes it, with its user but never a password or a secret query parameter
     * ({@link Secrets#hide(URI)}): {@code 9p://host:port/export}, {@code smb://alice@server/share}.
     */
    public static String display(URI uri) {
        String shown = Secrets.hide(uri).toString();
        String scheme = uri.getScheme();
        return scheme == null ? shown : scheme(uri) + shown.substring(scheme.length());
    }
}
