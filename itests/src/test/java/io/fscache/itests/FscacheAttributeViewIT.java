package io.fscache.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.ops4j.pax.exam.CoreOptions.streamBundle;

import io.fscache.itests.bundle.CacheAttributesActivator;
import io.fscache.netfs.FscacheFileAttributeView;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.ops4j.pax.tinybundles.TinyBundles;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * {@link FscacheFileAttributeView} from a user's bundle: exported in a versioned package, so a bundle
 * importing {@code io.fscache.netfs} (as any bundle would) resolves and reads how much of a mounted
 * file the cache holds.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FscacheAttributeViewIT extends FsCacheTestSupport {

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(distributionWithLocalFilesystem("it-server-attributes"), streamBundle(TinyBundles.bundle()
                .symbolicName("io.fscache.itests.cache-attributes")
                .setHeader(Constants.BUNDLE_MANIFESTVERSION, "2")
                .setHeader(Constants.BUNDLE_VERSION, "1.0.0")
                .setHeader(Constants.IMPORT_PACKAGE, "io.fscache.netfs;version=\"[1.3,2)\",org.osgi.framework")
                .activator(CacheAttributesActivator.class)
                .addClass(CacheAttributesActivator.class)
                .build(TinyBundles.rawBuilder())));
    }

    @Test
    @SuppressWarnings("unchecked")
    public void aUserBundleReadsHowMuchOfAFileTheCacheHolds() throws Exception {
        byte[] content = random(300_000, 4);
        writeOld(serverExport().resolve("viewed.bin"), content);
        await("the memory cache", Duration.ofSeconds(30), () -> cacheNames(monitor).contains("memory"));
        FileSystem fs = mounts.mount("viewed", URI.create("local://server/export"), Map.of("cache", "memory"));
        try {
            Path file = fs.getPath("/viewed.bin");
            Collection<ServiceReference<Function>> found = context.getServiceReferences(Function.class,
                    "(" + CacheAttributesActivator.PROPERTY + "=true)");
            Function<Path, FscacheFileAttributeView.Attributes> read = context.getService(found.iterator().next());

            assertEquals(new FscacheFileAttributeView.Attributes(0, 0, "memory"), read.apply(file));
            assertArrayEquals(content, Files.readAllBytes(file));
            await("the file cached", Duration.ofSeconds(30), () -> read.apply(file).cachedBytes() == content.length);
            assertEquals("memory", read.apply(file).cacheName());
            assertNull("a path of another file system has no such view", read.apply(Path.of(System.getProperty("karaf.data"))));
        } finally {
            mounts.unmount("viewed");
        }
    }
}
