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
     * Completes one of {@code names} (mount or cache names, case-sensitive) for the word under the
     * cursor, as a {@link Completer} answers.
     *
     * @return the start of the word in the line, or {@code -1} if no name fits
     */
    static int complete(CommandLine commandLine, Collection<String> names, List<String> candidates) {
        String typed = of(commandLine);
        new TreeSet<>(names).stream().filter(name -> name.startsWith(typed)).forEach(name -> candidates.add(name + " "));
        return start(commandLine, candidates);
    }

    /** What {@link Completer#complete} returns: where the word starts, or {@code -1} without candidates. */
    static int start(CommandLine commandLine, List<String> candidates) {
        return candidates.isEmpty() ? -1 : commandLine.getBufferPosition() - commandLine.getArgumentPosition();
    }
}
