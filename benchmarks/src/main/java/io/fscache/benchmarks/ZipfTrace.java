package io.fscache.benchmarks;

import java.util.Arrays;
import java.util.Random;

/**
 * A fixed, seeded trace of granule indexes drawn from a Zipf distribution; the popularity ranks are
 * shuffled over the indexes so hot granules are not neighbours.
 */
final class ZipfTrace {

    private ZipfTrace() {
    }

    static int[] generate(int items, double exponent, int length, long seed) {
        double[] cdf = new double[items];
        double sum = 0;
        for (int rank = 1; rank <= items; rank++) {
            sum += 1 / Math.pow(rank, exponent);
            cdf[rank - 1] = sum;
        }
        Random random = new Random(seed);
        int[] itemOfRank = new int[items];
        for (int i = 0; i < items; i++) {
            itemOfRank[i] = i;
        }
        for (int i = items - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = itemOfRank[i];
            itemOfRank[i] = itemOfRank[j];
            itemOfRank[j] = swap;
        }
        int[] trace = new int[length];
        for (int i = 0; i < length; i++) {
            int rank = Arrays.binarySearch(cdf, random.nextDouble() * sum);
            trace[i] = itemOfRank[rank < 0 ? -rank - 1 : rank];
        }
        return trace;
    }
}
