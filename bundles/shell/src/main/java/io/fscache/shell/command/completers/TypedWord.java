package io.fscache.shell.command.completers;

import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;

/**
 * The typed part of the word under the cursor, as Karaf's console gives it to a {@link Completer}:
 * the word without its quotes and escapes ({@code data:/my fi} for {@code "data:/my fi} or
 * {@code data:/my\ fi}), but the cursor's position counted in the line as typed, so one past the
 * word's end for every quote or backslash in it. Candidates are returned unescaped too: the console
 * escapes them in the user's quoting.
 *
 * <p>Karaf 4.4's console throws on a candidate with a space or tab in it, and the line is lost:
 * Gogo's {@code ParsedLineImpl.escape} fails on any character it has to escape. So a name is
 * offered only up to its first blank, and nothing is offered once what was typed holds one (a
 * quoted or escaped word, on which JLine's own matcher fails the same way whatever is offered).
 */
final class TypedWord {

    private TypedWord() {
    }

    /** The word under the cursor up to the cursor, the position kept within the word. */
    static String of(CommandLine commandLine) {
        String word = commandLine.getCursorArgument();
        return word == null ? "" : word.substring(0, Math.max(0, Math.min(commandLine.getArgumentPosition(), word.length())));
    }

    /**
     * A candidate the console can write into this word: {@code value} cut before its first blank;
     * cut, it is no longer complete.
     *
     * @return the candidate, ending with a space when complete (Karaf's mark of a complete
     *         candidate), or {@code null} when what was typed already holds a blank
     */
    static String candidate(CommandLine commandLine, String value, boolean complete) {
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == ' ' || value.charAt(i) == '\t') {
                return i < of(commandLine).length() ? null : value.substring(0, i);
            }
        }
        return complete ? value + " " : value;
    }

    /**
     * Completes one of {@code names} (mount or cache names, case-sensitive) for the word under the
     * cursor, as a {@link Completer} answers.
     *
     * @return the start of the word in the line, or {@code -1} if no name fits
     */
    static int complete(CommandLine commandLine, Collection<String> names, List<String> candidates) {
        String typed = of(commandLine);
        TreeSet<String> found = new TreeSet<>();
        for (String name : names) {
            String candidate = name.startsWith(typed) ? candidate(commandLine, name, true) : null;
            if (candidate != null) {
                found.add(candidate);
            }
        }
        candidates.addAll(found);
        return start(commandLine, candidates);
    }

    /** What {@link Completer#complete} returns: where the word starts, or {@code -1} without candidates. */
    static int start(CommandLine commandLine, List<String> candidates) {
        return candidates.isEmpty() ? -1 : commandLine.getBufferPosition() - commandLine.getArgumentPosition();
    }
}
