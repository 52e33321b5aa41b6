package io.fscache.backend.cachefiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The two files of a published object: the sparse data file and its metadata side file.
 *
 * @param dir the fan-out directory
 * @param name the data file's name
 */
record ObjectFiles(Path dir, String name) {

    static ObjectFiles of(Path cacheDir, RecencyIndex.Id id) {
        return new ObjectFiles(cacheDir.resolve(id.volume()).resolve(id.fanout()), id.name());
    }

    Path data() {
        return dir.resolve(name);
    }

    Path meta() {
        return dir.resolve(name + ObjectNames.META_SUFFIX);
    }

    /**
     * Moves both files to the graveyard, metadata first: from that rename on no lookup can find
     * the object, whatever happens to the data file after.
     *
     * @return the graves of the files that existed
     */
    List<Path> bury(Graveyard graveyard) throws IOException {
        List<Path> graves = new ArrayList<>(2);
        for (Path file : List.of(meta(), data())) {
            Path grave = graveyard.bury(file);
            if (grave != null) {
                graves.add(grave);
            }
        }
        return graves;
    }
}
