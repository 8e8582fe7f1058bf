package io.cellwire.bench.report;

import io.cellwire.bench.CliRunner;
import io.cellwire.bench.cli.CellwireMain;
import io.cellwire.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire floor} on a thread: its first line names its port and idle strategy, {@code cellwire loadgen
 * --echo-peer} against it gets every QUERY answered correctly (exit 0), and a stop ends it with {@code stopped}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FloorCommandTest
{
    private static final Duration AWAIT = Duration.ofSeconds(20);
    private static final Pattern FIRST_LINE = Pattern.compile("listening on (127\\.0\\.0\\.1:\\d+) idle=backoff");

    @Test
    void shouldAnswerTheLoadGeneratorsQueriesAndStop() throws Exception
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
        final FloorCommand command = commandLine.getSubcommands().get("floor").getCommand();
        final AtomicInteger exitCode = new AtomicInteger(-1);
        final Thread runner =
            new Thread(() -> exitCode.set(commandLine.execute("floor", "--idle", "backoff")), "floor-command");
        runner.start();
        try
        {
            Await.until(() -> out.toString().contains("\n"), AWAIT, () -> "the first line");
            final Matcher first = FIRST_LINE.matcher(out.toString().split("\n")[0]);
            assertTrue(first.matches(), out.toString());

            final StringWriter load = new StringWriter();
            final CommandLine loadLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
            loadLine.setOut(new PrintWriter(load, true)).setErr(new PrintWriter(load, true));
            assertEquals(0, loadLine.execute("loadgen", "--target", first.group(1), "--echo-peer", "--duration", "1",
                "--warmup", "0", "--idle", "backoff"), load.toString());
            assertTrue(load.toString().contains("errors 0, wrong 0, timeouts 0"), load.toString());
        }
        finally
        {
            command.stop();
            runner.join(AWAIT.toMillis());
        }
        assertFalse(runner.isAlive(), "the command did not return after stop()");
        assertEquals(List.of(), CliRunner.agentErrors(err.toString()), err.toString());
        assertEquals(0, exitCode.get());
        final String[] lines = out.toString().split("\n");
        assertEquals("stopped", lines[lines.length - 1]);
    }
}
