package io.fscache.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.karaf.features.FeaturesService;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;

/**
 * Each backend's feature uninstalled and installed again, 20 rounds, while readers read through a
 * mount: no read fails, no thread or file descriptor leaks, and no unrelated bundle is stopped
 * (refreshed) by the churn.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FeatureRoundsIT extends FsCacheTestSupport {

    private static final int ROUNDS = 20;
    /** Bundles the backend features own, which may come and go. */
    private static final Set<String> CHURNING = Set.of("io.fscache.fscache-backend-memory",
            "io.fscache.fscache-backend-cachefiles", "io.fscache.fscache-backend-tiered",
            "com.github.ben-manes.caffeine", "org.roaringbitmap.RoaringBitmap");

    @Inject
    FeaturesService features;

    @Configuration
    public Option[] config() {
        return distributionWithLocalFilesystem("it-server-rounds");
    }

    @Test
    public void backendFeaturesComeAndGoUnderReadLoad() throws Exception {
        Path export = serverExport();
        byte[] content = random(1 << 20, 9);
        writeOld(export.resolve("file.bin"), content);
        await("the default caches", Duration.ofSeconds(30), () -> cacheNames(monitor).containsAll(List.of("memory", "disk")));
        // Only the per-backend features remain to be churned; the core stays through fscache-shell.
        features.uninstallFeature("fscache-all");
        features.installFeature("fscache-memory");
        features.installFeature("fscache-cachefiles");
        await("the caches after the switch", Duration.ofSeconds(30), () -> cacheNames(monitor).containsAll(List.of("memory", "disk")));

        FileSystem fs = mounts.mount("rounds", URI.create("local://server/export"), Map.of());
        ReadLoad load = ReadLoad.start(4, t -> fs.getPath("/file.bin"), t -> content);

        List<String> stoppedUnrelated = new ArrayList<>();
        BundleListener watcher = event -> {
            if (event.getType() == BundleEvent.STOPPED && !CHURNING.contains(event.getBundle().getSymbolicName())) {
                stoppedUnrelated.add(event.getBundle().getSymbolicName());
            }
        };
        round("fscache-memory", "memory");
        round("fscache-cachefiles", "disk");
        int threadsBefore = Thread.activeCount();
        long descriptorsBefore = openDescriptors();
        context.addBundleListener(watcher);
        for (int i = 0; i < ROUNDS; i++) {
            round("fscache-memory", "memory");
            round("fscache-cachefiles", "disk");
        }
        context.removeBundleListener(watcher);
        load.stopAndVerify();
        assertTrue("readers kept reading through the churn: " + load.reads(), load.reads() > ROUNDS);
        assertEquals("unrelated bundles stopped (refreshed)", List.of(), stoppedUnrelated);
        List<String> noise = logLinesAtWarnOrAbove();
        assertTrue("unexpected WARN/ERROR lines:\n" + String.join("\n", noise), noise.isEmpty());
        System.gc();
        int threadsAfter = Thread.activeCount();
        long descriptorsAfter = openDescriptors();
        // A leak of one thread or descriptor per round would add 20 or 40; allow a little jitter.
        assertTrue("threads " + threadsBefore + " -> " + threadsAfter, threadsAfter <= threadsBefore + 5);
        assertTrue("file descriptors " + descriptorsBefore + " -> " + descriptorsAfter,
                descriptorsAfter <= descriptorsBefore + 10);
        mounts.unmount("rounds");
    }

    private void round(String feature, String cache) throws Exception {
        features.uninstallFeature(feature);
        await(cache + " withdrawn", Duration.ofSeconds(30), () -> !cacheNames(monitor).contains(cache));
        features.installFeature(feature);
        await(cache + " back", Duration.ofSeconds(30), () -> cacheNames(monitor).contains(cache));
    }

    private static long openDescriptors() throws Exception {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

}
