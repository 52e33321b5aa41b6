package io.fscache.netfs.lib;

import java.util.regex.PatternSyntaxException;

/** Glob patterns as {@link java.nio.file.FileSystem#getPathMatcher} defines them, turned into regular expressions. */
final class Globs {

    private static final String REGEX_META = ".^$+{[]|()\\*?";

    private Globs() {
    }

    static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder("^");
        boolean inGroup = false;
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '\\' -> {
                    if (++i == glob.length()) {
                        throw new PatternSyntaxException("trailing escape", glob, i - 1);
                    }
                    literal(regex, glob.charAt(i));
                }
                case '*' -> {
                    if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                        regex.append(".*");
                        i++;
                    } else {
                        regex.append("[^/]*");
                    }
                }
                case '?' -> regex.append("[^/]");
                case '[' -> i = bracket(glob, i, regex);
                case '{' -> {
                    if (inGroup) {
                        throw new PatternSyntaxException("nested groups", glob, i);
                    }
                    regex.append("(?:");
                    inGroup = true;
                }
                case '}' -> {
                    if (inGroup) {
                        regex.append(')');
                        inGroup = false;
                    } else {
                        literal(regex, c);
                    }
                }
                case ',' -> {
                    if (inGroup) {
                        regex.append('|');
                    } else {
                        literal(regex, c);
                    }
                }
                default -> literal(regex, c);
            }
        }
        if (inGroup) {
            throw new PatternSyntaxException("unclosed group", glob, glob.length());
        }
        return regex.append('$').toString();
    }

    /** A bracket expression {@code [...]} starting at {@code start}; returns the index of its {@code ']'}. */
    private static int bracket(String glob, int start, StringBuilder regex) {
        regex.append("[[^/]&&[");
        int i = start + 1;
        if (i < glob.length() && glob.charAt(i) == '!') {
            regex.append('^');
            i++;
        }
        int first = i;
        for (; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == ']' && i > first) {
                regex.append("]]");
                return i;
            }
            if (c == '\\' || c == '[' || c == ']' || c == '^' || c == '&' && i + 1 < glob.length() && glob.charAt(i + 1) == '&') {
                regex.append('\\');
            }
            regex.append(c);
        }
        throw new PatternSyntaxException("unclosed bracket expression", glob, start);
    }

    private static void literal(StringBuilder regex, char c) {
        if (REGEX_META.indexOf(c) >= 0) {
            regex.append('\\');
        }
        regex.append(c);
    }
}
