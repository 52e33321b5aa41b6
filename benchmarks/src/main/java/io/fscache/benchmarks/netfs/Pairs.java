package io.fscache.benchmarks.netfs;

import java.io.IOException;
import java.util.Arrays;

/**
 * Our figure and its anchor measured in alternating pairs (ours first in even rounds, the anchor
 * first in odd ones), so whatever else the machine does weighs on both alike; the ratio of each pair
 * is ours / anchor, summarized as min, median and max. Short passes can take each side of a pair
 * as the best of a few alternating passes ({@link #measureBest}).
 *
 * @param ours our throughput in each round, MiB/s
 * @param anchor the anchor's in each round, MiB/s
 */
record Pairs(double[] ours, double[] anchor) {

    static Pairs measure(int rounds, long bytes, ReadTimer.Pass ourPass, ReadTimer.Pass anchorPass) throws IOException {
        return measureBest(rounds, 1, bytes, ourPass, anchorPass);
    }

    /**
     * Pairs whose sides are each the fastest of {@code tries} passes, the two sides alternating
     * within the pair. For passes of a few milliseconds: whatever else runs on the machine (a
     * neighbour's memory traffic, a descheduled thread) only ever slows a pass down, and at 20 GB/s
     * a 256 MiB pass lasts 13 ms, so one disturbed pass decides a pair. The fastest of a few is each
     * side's own cost; both sides get the same number of tries in the same turns.
     */
    static Pairs measureBest(int rounds, int tries, long bytes, ReadTimer.Pass ourPass, ReadTimer.Pass anchorPass)
            throws IOException {
        double[] ours = new double[rounds];
        double[] anchor = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            for (int t = 0; t < tries; t++) {
                if ((i + t) % 2 == 0) {
                    ours[i] = Math.max(ours[i], ReadTimer.miBps(bytes, ourPass));
                    anchor[i] = Math.max(anchor[i], ReadTimer.miBps(bytes, anchorPass));
                } else {
                    anchor[i] = Math.max(anchor[i], ReadTimer.miBps(bytes, anchorPass));
                    ours[i] = Math.max(ours[i], ReadTimer.miBps(bytes, ourPass));
                }
            }
        }
        return new Pairs(ours, anchor);
    }

    double[] ratios() {
        double[] ratios = new double[ours.length];
        for (int i = 0; i < ours.length; i++) {
            ratios[i] = ours[i] / anchor[i];
        }
        return ratios;
    }

    double minRatio() {
        return Arrays.stream(ratios()).min().orElseThrow();
    }

    double medianRatio() {
        return ReadTimer.median(ratios());
    }

    double maxRatio() {
        return Arrays.stream(ratios()).max().orElseThrow();
    }

    /** {@code "min 0.81 / med 0.93 / max 1.10 (n pairs)"}. */
    String ratioText() {
        return String.format("min %.2f / med %.2f / max %.2f (%d pairs)", minRatio(), medianRatio(), maxRatio(),
                ours.length);
    }

    /** Throughput as a figure: the median and the range. */
    static String rates(double[] values) {
        return String.format("%.0f MiB/s (%.0f–%.0f)", ReadTimer.median(values), Arrays.stream(values).min().orElseThrow(),
                Arrays.stream(values).max().orElseThrow());
    }

    /** At least {@code median} at the median and {@code min} at the minimum of the pairs. */
    Figure figure(String goal, String what, String anchorName, double median, double min) {
        return new Figure(goal, what, rates(ours), anchorName + " " + rates(anchor), ratioText(),
                String.format(">= %.2f median, >= %.2f min", median, min), medianRatio() >= median && minRatio() >= min);
    }

    /** At least {@code median} at the median of the pairs. */
    Figure figure(String goal, String what, String anchorName, double median) {
        return new Figure(goal, what, rates(ours), anchorName + " " + rates(anchor), ratioText(),
                String.format(">= %.2f median", median), medianRatio() >= median);
    }
}
