package io.fscache.itests.felix;

import static org.awaitility.Awaitility.await;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.fscache.api.CacheInfo;
import io.fscache.api.FsCacheMonitor;
import io.fscache.itests.bundle.LocalFilesystemActivator;
import io.fscache.netfs.Mounts;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Hashtable;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.roaringbitmap.RoaringBitmap;

/**
 * The core, the memory backend and netfs-lib in a bare Felix framework with only SCR and Config
 * Admin: a cache configured through Config Admin serves a mounted file's second read.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EmbeddedFelixIT {

    @Inject
    ConfigurationAdmin configAdmin;

    @Inject
    FsCacheMonitor monitor;

    @Inject
    Mounts mounts;

    @Configuration
    public Option[] config() {
        return options(
                cleanCaches(),
                junitBundles(),
                systemProperty("org.ops4j.pax.url.mvn.localRepository").value(System.getProperty("maven.repo.local")),
                systemProperty("org.ops4j.pax.url.mvn.repositories").value(""),
                systemProperty(LocalFilesystemActivator.SERVER_ROOT).value(new File("target/it-server").getAbsolutePath()),
                mavenBundle("org.osgi", "org.osgi.util.function").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.util.promise").versionAsInProject(),
                mavenBundle("org.osgi", "org.osgi.service.component").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.configadmin").versionAsInProject(),
                mavenBundle("org.apache.felix", "org.apache.felix.scr").versionAsInProject(),
                mavenBundle("com.github.ben-manes.caffeine", "caffeine").versionAsInProject(),
                mavenBundle("org.hamcrest", "hamcrest").versionAsInProject(),
                mavenBundle("org.awaitility", "awaitility").versionAsInProject(),
                streamBundle(wrappedRoaringBitmap()),
                reactorBundle("netfs-api", "netfs-api"),
                reactorBundle("fscache-service", "fscache-service"),
                reactorBundle("backends/memory", "fscache-backend-memory"),
                reactorBundle("bundles/netfs-lib", "fscache-netfs-lib"),
                streamBundle(io.fscache.itests.TestFilesystemBundle.build()));
    }

    @Test
    public void aConfiguredCacheServesTheSecondReadOfAMountedFile() throws Exception {
        Path export = Files.createDirectories(Path.of(System.getProperty(LocalFilesystemActivator.SERVER_ROOT), "export"));
        byte[] content = new byte[1 << 20];
        new Random(3).nextBytes(content);
        // An old file: data fetched within the mount's racy window of a modification is fetched again.
        Files.setLastModifiedTime(Files.write(export.resolve("embedded.bin"), content),
                FileTime.from(Instant.now().minus(Duration.ofHours(1))));

        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("name", "embedded");
        properties.put("size", "16m");
        configAdmin.getFactoryConfiguration("io.fscache.backend.memory", "embedded", "?").update(properties);
        await("the configured cache").atMost(Duration.ofSeconds(30))
                .until(() -> monitor.caches().stream().map(CacheInfo::name).anyMatch("embedded"::equals));

        FileSystem fs = mounts.mount("embedded", URI.create("local://server/export"), Map.of("cache", "embedded"));
        assertArrayEquals(content, Files.readAllBytes(fs.getPath("/embedded.bin")));
        // The engine copies fetched data to the cache asynchronously: wait until it holds the file.
        await("the file cached").atMost(Duration.ofSeconds(30)).until(() ->
                ((Number) Files.getAttribute(fs.getPath("/embedded.bin"), "fscache:cachedBytes")).longValue() >= content.length);
        long readBefore = monitor.stats().get("IO", "rdb");
        assertArrayEquals(content, Files.readAllBytes(fs.getPath("/embedded.bin")));
        assertTrue("second read served by the cache", monitor.stats().get("IO", "rdb") - readBefore >= content.length);
        mounts.unmount("embedded");
    }

    private static Option reactorBundle(String module, String artifactId) {
        File jar = new File(System.getProperty("fscache.reactor"),
                module + "/target/" + artifactId + "-" + System.getProperty("fscache.version") + ".jar");
        return bundle(jar.toURI().toString());
    }

    /** RoaringBitmap is not a bundle: give it a manifest exporting its packages. */
    private static InputStream wrappedRoaringBitmap() {
        try {
            File jar = new File(RoaringBitmap.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            TreeSet<String> packages = new TreeSet<>();
            try (JarFile file = new JarFile(jar)) {
                file.stream().map(e -> e.getName())
                        .filter(n -> n.endsWith(".class") && n.startsWith("org/roaringbitmap/"))
                        .forEach(n -> packages.add(n.substring(0, n.lastIndexOf('/')).replace('/', '.')));
            }
            StringBuilder exports = new StringBuilder();
            for (String name : packages) {
                exports.append(exports.length() == 0 ? "" : ",").append(name).append(";version=\"1.6.29\"");
            }
            return TinyBundles.bundle().readIn(new JarInputStream(Files.newInputStream(jar.toPath())))
                    .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                    .setHeader(Constants.BUNDLE_SYMBOLICNAME, "org.roaringbitmap.RoaringBitmap")
                    .setHeader(Constants.BUNDLE_VERSION, "1.6.29")
                    .setHeader(Constants.EXPORT_PACKAGE, exports.toString())
                    .setHeader(Constants.IMPORT_PACKAGE, "sun.misc;resolution:=optional")
                    .build(TinyBundles.rawBuilder());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
