package io.fscache.benchmarks.netfs;

/**
 * One line of the benchmark table: a figure, its anchor measured in the same run, their ratio, and
 * the bar the ratio must meet.
 *
 * @param goal the goal it measures ({@code "1"}, {@code "6a"}, ...)
 * @param what what was measured
 * @param ours our figure, with its unit
 * @param anchor the anchor's figure, with its unit and what it is
 * @param ratio the ratio as printed (one number, or min/median/max)
 * @param bar the bar, as printed
 * @param pass whether the bar was met
 */
record Figure(String goal, String what, String ours, String anchor, String ratio, String bar, boolean pass) {

    static final String HEADER = "| goal | figure | ours | anchor | ratio | bar | verdict |";
    static final String RULE = "|---|---|---|---|---|---|---|";

    String verdict() {
        return pass ? "PASS" : "FAIL";
    }

    /** A row of the markdown table, ending with the bar and the verdict. */
    String row() {
        return "| " + goal + " | " + what + " | " + ours + " | " + anchor + " | " + ratio + " | " + bar + " | " + verdict()
                + " |";
    }

    /** A figure whose ratio must reach {@code min}. */
    static Figure atLeast(String goal, String what, String ours, String anchor, double ratio, double min) {
        return new Figure(goal, what, ours, anchor, String.format("%.2f", ratio), String.format(">= %.2f", min),
                ratio >= min);
    }

    /** A figure whose ratio (a time or latency against its anchor's) must stay at or below {@code max}. */
    static Figure atMost(String goal, String what, String ours, String anchor, double ratio, double max) {
        return new Figure(goal, what, ours, anchor, String.format("%.2f", ratio), String.format("<= %.2f", max),
                ratio <= max);
    }

    static String millis(double nanos) {
        return nanos >= 10e6 ? String.format("%.0f ms", nanos / 1e6) : String.format("%.2f ms", nanos / 1e6);
    }

    static String micros(double nanos) {
        return String.format("%.1f µs", nanos / 1e3);
    }
}
