package io.fscache.shell.command.completers;

import java.util.ArrayList;
import java.util.List;
import org.apache.felix.gogo.jline.ParsedLineImpl;
import org.apache.felix.gogo.runtime.EOFError;
import org.apache.felix.gogo.runtime.Parser;
import org.apache.felix.gogo.runtime.Parser.Program;
import org.apache.felix.gogo.runtime.Parser.Statement;
import org.apache.felix.gogo.runtime.Token;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.support.parsing.CommandLineImpl;

/**
 * A line with the cursor at its end, as Karaf 4.4's console hands it to a command's completers:
 * KarafParser closes an open quote and parses with Gogo (a command without its own parser), and
 * CommandsCompleter reads word, word index and word cursor from Gogo's {@link ParsedLineImpl},
 * which then escapes each candidate for JLine to write into the line.
 */
record ConsoleLine(CommandLine commandLine, ParsedLineImpl parsed) {

    /**
     * What the console writes into the line for each candidate {@code completer} offers, as
     * Karaf's {@link Completer#completeCandidates} and Gogo's escaping make it (JLine adds a
     * space after a complete one).
     */
    static List<String> complete(Completer completer, String line) {
        ConsoleLine console = parse(line);
        List<Candidate> candidates = new ArrayList<>();
        completer.completeCandidates(null, console.commandLine(), candidates);
        List<String> written = new ArrayList<>();
        for (Candidate candidate : candidates) {
            written.add(console.parsed().escape(candidate.value(), candidate.complete()) + (candidate.complete() ? " " : ""));
        }
        return written;
    }

    static ConsoleLine parse(String line) {
        Program program = null;
        List<Statement> statements = null;
        String repaired = line;
        while (program == null) {
            try {
                Parser parser = new Parser(repaired);
                program = parser.program();
                statements = parser.statements();
            } catch (EOFError e) {
                repaired = repaired + " " + e.repair();
            }
        }
        Statement statement = statements.get(statements.size() - 1);
        ParsedLineImpl parsed;
        if (repaired.equals(line)) {
            parsed = new ParsedLineImpl(program, statement, line.length(), statement.tokens());
        } else {
            List<Token> tokens = new ArrayList<>(statement.tokens());
            Token last = tokens.get(tokens.size() - 1);
            tokens.set(tokens.size() - 1, last.subSequence(0, line.length() - last.start()));
            parsed = new ParsedLineImpl(program, statement.subSequence(0, line.length() - statement.start()), line.length(),
                    tokens);
        }
        return new ConsoleLine(new CommandLineImpl(parsed.words().toArray(String[]::new), parsed.wordIndex(),
                parsed.wordCursor(), parsed.cursor(), parsed.line()), parsed);
    }
}
