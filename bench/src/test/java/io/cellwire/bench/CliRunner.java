package io.cellwire.bench;

import io.cellwire.bench.cli.AgentErrorPrinter;
import io.cellwire.bench.cli.CellwireMain;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs the {@code cellwire} command line in-process with captured stdout and stderr. Test support; any thread. */
public final class CliRunner
{
    private CliRunner()
    {
    }

    /** What one run printed and returned. */
    public record Run(int exitCode, String out, String err)
    {
        /**
         * The exceptions the command's agents raised, as it printed them on stderr.
         *
         * @return the lines of stderr that start with {@value AgentErrorPrinter#PREFIX}, empty if none.
         */
        public List<String> agentErrors()
        {
            return CliRunner.agentErrors(err);
        }
    }

    /**
     * The exceptions a command's agents raised, from what it printed on stderr.
     *
     * @param err the command's stderr.
     * @return the lines that start with {@value AgentErrorPrinter#PREFIX}, empty if none.
     */
    public static List<String> agentErrors(final String err)
    {
        return err.lines().filter(line -> line.startsWith(AgentErrorPrinter.PREFIX)).toList();
    }

    /**
     * Runs a command line to its end.
     *
     * @param args the arguments, subcommand first.
     * @return the exit code and output.
     */
    public static Run run(final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exitCode = commandLine(out, err).execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    /**
     * The command line with no stdin, printing into the given writers.
     *
     * @param out where stdout goes.
     * @param err where stderr goes.
     * @return the command line, ready to execute.
     */
    public static CommandLine commandLine(final StringWriter out, final StringWriter err)
    {
        final CommandLine commandLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return commandLine;
    }
}
