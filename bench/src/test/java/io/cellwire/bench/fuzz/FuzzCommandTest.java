package io.cellwire.bench.fuzz;

import io.cellwire.bench.cli.CellwireMain;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cellwire fuzz} run in-process: progress, summary and exit codes. */
class FuzzCommandTest
{
    private static final int USAGE = 2;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldPrintProgressEachSecondAndASummaryAndExitZero()
    {
        final int exitCode = execute("fuzz", "--duration", "2", "--target", "scanner", "--seed", "5");
        final String text = out.toString();
        assertEquals(FuzzCommand.EXIT_OK, exitCode, text + err);
        assertTrue(text.startsWith("fuzz: seed 5, targets scanner, 2 s"), text);
        assertTrue(text.contains("\nscanner 1s cases "), text);
        assertTrue(text.contains("summary:\ntarget "), text);
        assertTrue(text.contains("\nscanner "), text);
    }

    @Test
    void shouldRejectAnUnknownTarget()
    {
        assertEquals(USAGE, execute("fuzz", "--duration", "1", "--target", "network"));
        assertTrue(err.toString().contains("Unknown --target network"), err.toString());
    }

    @Test
    void shouldRequireADuration()
    {
        assertEquals(USAGE, execute("fuzz", "--target", "scanner"));
    }

    private int execute(final String... args)
    {
        final CommandLine commandLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }
}
