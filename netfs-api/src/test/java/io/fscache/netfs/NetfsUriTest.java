package io.fscache.netfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;

class NetfsUriTest {

    @Test
    void aSchemeStartingWithADigitIsCarriedWithAPrefixAndShownWithout() {
        URI uri = NetfsUri.parse("9p://127.0.0.1:5640/srv/export?uname=alice&msize=65536");
        assertEquals("x-9p", uri.getScheme());
        assertEquals("127.0.0.1", uri.getHost());
        assertEquals(5640, uri.getPort());
        assertEquals("/srv/export", uri.getPath());
        assertEquals("uname=alice&msize=65536", uri.getQuery());
        assertEquals("9p", NetfsUri.scheme(uri));
        assertEquals("9p://127.0.0.1:5640/srv/export?uname=alice&msize=65536", NetfsUri.display(uri));
    }

    @Test
    void ordinarySchemesPassThroughAndPasswordsAreNeverShown() {
        URI uri = NetfsUri.parse("smb://WORKGROUP;alice@host:4445/share");
        assertEquals("smb", uri.getScheme());
        assertEquals("smb", NetfsUri.scheme(uri));
        assertEquals("smb", NetfsUri.uriScheme("smb"));
        assertEquals("x-9p", NetfsUri.uriScheme("9p"));
        // Broke: the user was dropped with the password, so netfs:mounts did not say whose mount it is.
        assertEquals("smb://WORKGROUP;alice@host:4445/share", NetfsUri.display(uri));
        assertEquals("smb://alice@host/share", NetfsUri.display(NetfsUri.parse("smb://alice:s3cret@host/share")));
        assertEquals("x-files", NetfsUri.scheme(URI.create("x-files://a/b")), "only x-<digit> is a carried scheme");
    }

    @Test
    void malformedTextIsRefusedWithTheExpectedForm() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetfsUri.parse("127.0.0.1:/srv"))
                .getMessage().contains("scheme://server/export"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NetfsUri.parse("9p://host/a b"))
                .getMessage().startsWith("not a URI"));
    }

    @Test
    void theQueryIsMountOptionsForEveryProtocol() {
        // SMB ignored the query that 9P read: one reading now, in the engine.
        URI uri = NetfsUri.parse("smb://alice@host/share?timeout=30s&sign&domain=WORK%20GROUP");
        assertEquals(java.util.List.of("timeout", "sign", "domain"), java.util.List.copyOf(NetfsUri.queryOptions(uri).keySet()));
        assertEquals("30s", NetfsUri.queryOptions(uri).get("timeout"));
        assertEquals("", NetfsUri.queryOptions(uri).get("sign"));
        assertEquals("WORK GROUP", NetfsUri.queryOptions(uri).get("domain"));
        assertEquals(URI.create("smb://alice@host/share"), NetfsUri.withoutQuery(uri));
        assertEquals(URI.create("x-9p://h:1/x"), NetfsUri.withoutQuery(NetfsUri.parse("9p://h:1/x")));
    }

    @Test
    void anOptionGivenTwiceInTheQueryIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetfsUri.queryOptions(NetfsUri.parse("9p://h/x?msize=1m&msize=2m")));
        assertEquals("option msize is given twice in the URI's query", e.getMessage());
    }

    // Found by UntrustedTextFuzzTest: "?/://" parsed as a URI without a scheme, and showing it threw
    // a NullPointerException; a newline in the text made the refusal two lines.
    @Test
    void textThatIsNoMountUriIsRefusedInOneLine() {
        assertEquals("a mount URI looks like scheme://server/export, e.g. 9p://127.0.0.1:5640/srv, not \"?/://\"",
                assertThrows(IllegalArgumentException.class, () -> NetfsUri.parse("?/://")).getMessage());
        assertEquals("a mount URI looks like scheme://server/export, e.g. 9p://127.0.0.1:5640/srv, not \"a\\nb\"",
                assertThrows(IllegalArgumentException.class, () -> NetfsUri.parse("a\nb")).getMessage());
    }

    // Broke as: the raw "port out of range:99999" of java.net, when connecting.
    @Test
    void aTrailingSlashNamesTheSameExport() {
        assertEquals(NetfsUri.parse("nfs://127.0.0.1:2049/export"), NetfsUri.parse("nfs://127.0.0.1:2049/export/"));
        assertEquals(NetfsUri.parse("smb://alice@host/share?sign"), NetfsUri.parse("smb://alice@host/share//?sign"));
        assertEquals("9p://h:1/srv", NetfsUri.display(NetfsUri.parse("9p://h:1/srv/")));
        assertEquals("/", NetfsUri.parse("9p://h:1/").getPath());
        assertEquals("", NetfsUri.parse("9p://h:1").getPath());
        // Broke as "refused (nfsstat4 10041)": the server was asked to look up "." and "..".
        assertEquals("nfs://h/export", NetfsUri.display(NetfsUri.parse("nfs://h/export/./sub/..")));
        assertEquals("nfs://h/export/sub", NetfsUri.display(NetfsUri.parse("nfs://h//export//sub//")));
        // Broke as "a name the server does not take (NFS4ERR_BADNAME)" (a fresh user's try): '..' above the root.
        assertEquals("the path of \"nfs://h/../export\" climbs above the server's root with '..'",
                assertThrows(IllegalArgumentException.class, () -> NetfsUri.parse("nfs://h/../export")).getMessage());
    }

    @Test
    void aPortBeyond65535IsRefusedWhenParsed() {
        assertEquals("port 99999 is beyond 65535 in \"9p://127.0.0.1:99999/srv\"",
                assertThrows(IllegalArgumentException.class, () -> NetfsUri.parse("9p://127.0.0.1:99999/srv")).getMessage());
    }
}
