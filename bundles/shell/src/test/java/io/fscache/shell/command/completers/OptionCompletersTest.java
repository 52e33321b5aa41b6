package io.fscache.shell.command.completers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fscache.backend.memory.MemoryCache;
import io.fscache.core.FsCacheService;
import io.fscache.shell.command.GetCommand;
import io.fscache.shell.command.MountCommand;
import io.fscache.shell.command.PutCommand;
import java.util.List;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.junit.jupiter.api.Test;

/** The arguments and options that completed nothing: {@code --cache} and the local files of get and put. */
class OptionCompletersTest {

    // netfs:mount --cache <TAB> offered nothing.
    @Test
    void mountCacheOffersTheCachesAndNone() {
        try (FsCacheService fscache = new FsCacheService()) {
            fscache.addCache(new MemoryCache("mem", 16L << 20, 64 * 1024));
            fscache.addCache(new MemoryCache("disk", 16L << 20, 64 * 1024));
            MountCacheCompleter completer = new MountCacheCompleter();
            completer.monitor = fscache;
            assertEquals(List.of("disk ", "mem ", "none "), ConsoleLine.complete(completer, "netfs:mount --cache "));
            assertEquals(List.of("mem "), ConsoleLine.complete(completer, "netfs:mount --cache m"));
        }
    }

    // netfs:put <TAB> offered no local file; neither did netfs:get's second argument.
    @Test
    void localFilesCompleteWithKarafsFileCompleter() throws Exception {
        assertEquals(MountCacheCompleter.class, MountCommand.class.getDeclaredField("cache").getAnnotation(Completion.class).value());
        assertEquals(FileCompleter.class, PutCommand.class.getDeclaredField("local").getAnnotation(Completion.class).value());
        assertEquals(FileCompleter.class, GetCommand.class.getDeclaredField("local").getAnnotation(Completion.class).value());
    }
}
