package io.fscache.api;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The "did you mean" of every refusal of an unknown name (configuration keys, mount options): the
 * known name a typo most likely meant. One rule, so every message suggests the same way.
 *
 * @since 1.3
 */
public final class NearestName {

    private NearestName() {
    }

    /**
     * The known name at the smallest edit distance from {@code typed}, ignoring case, if it is close
     * enough to be a typo of it: at most half the letters of the longer name (and at least two)
     * differ, or one begins with the other ({@code sizeLimit} for {@code size}). Ties go to the first
     * name in alphabetical order.
     *
     * @param typed what the user wrote
     * @param known the names that exist
     * @return the nearest known name, or empty if none is close
     */
    public static Optional<String> of(String typed, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String wrote = typed.toLowerCase(Locale.ROOT);
        for (String candidate : new TreeSet<>(known)) {
            String name = candidate.toLowerCase(Locale.ROOT);
            int distance = wrote.startsWith(name) || name.startsWith(wrote) ? 1 : distance(wrote, name);
            if (distance < bestDistance && distance <= Math.max(2, Math.max(wrote.length(), name.length()) / 2)) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance, two rows. */
    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
