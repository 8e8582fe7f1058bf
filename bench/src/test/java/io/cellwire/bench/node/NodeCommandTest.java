package io.cellwire.bench.node;

import io.cellwire.bench.cli.CellwireMain;
import io.cellwire.client.Client;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import org.agrona.BitUtil;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire node} on a thread: its exact first line, a STATUS that carries the printed peer key, the counters
 * that {@code cellwire stat --once} reads from its counters directory, and a clean stop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeCommandTest
{
    private static final long AWAIT_NS = TimeUnit.SECONDS.toNanos(20);
    private static final Pattern FIRST_LINE =
        Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) peer-key=([0-9a-f]{64})");
    private static final String SEED = "000000000000000000000000000000000000000000000000000000000000000" + "2";

    @Test
    void shouldListenAnswerStatusWithItsKeyShowCountersAndStop(@TempDir final File counters) throws Exception
    {
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true));
        final NodeCommand command = commandLine.getSubcommands().get("node").getCommand();
        final AtomicInteger exitCode = new AtomicInteger(-1);
        final Thread runner = new Thread(() -> exitCode.set(commandLine.execute("node", "--port", "0", "--idle",
            "sleep", "--key-seed", SEED, "--counters-dir", counters.getPath())), "node-command");
        runner.start();
        final long deadline = System.nanoTime() + AWAIT_NS;
        try
        {
            while (!out.toString().contains("\n"))
            {
                assertTrue(System.nanoTime() - deadline < 0, "no first line");
                Thread.sleep(10);
            }
            final Matcher first = FIRST_LINE.matcher(out.toString().split("\n")[0]);
            assertTrue(first.matches(), out.toString());
            assertEquals("7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674", first.group(2),
                "key B of WIRE.md §7");
            final byte[] status = status("127.0.0.1:" + first.group(1), deadline);
            final byte[] key = new byte[32];
            System.arraycopy(status, 2 + 3 * 34 + 2, key, 0, 32);
            assertArrayEquals(BitUtil.fromHex(first.group(2)), key, "STATUS carries the printed peer key");

            final StringWriter stat = new StringWriter();
            final CommandLine statLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
            statLine.setOut(new PrintWriter(stat, true)).setErr(new PrintWriter(new StringWriter(), true));
            assertEquals(0, statLine.execute("stat", "--counters-dir", counters.getPath(), "--once"));
            assertTrue(stat.toString().contains("node: status answered: 1"), stat.toString());
            assertTrue(stat.toString().contains("frames in: STATUS: 1"), stat.toString());
        }
        finally
        {
            command.stop();
            runner.join(TimeUnit.NANOSECONDS.toMillis(AWAIT_NS));
        }
        assertFalse(runner.isAlive(), "the command did not return after stop()");
        assertEquals(0, exitCode.get());
        final String[] lines = out.toString().split("\n");
        assertEquals("stopped", lines[lines.length - 1]);
    }

    private static byte[] status(final String endpoint, final long deadline)
    {
        try (Client client = Client.connect(new Client.Context().endpoint(endpoint)
            .transport(t -> t.threadingMode(ThreadingMode.INVOKER))))
        {
            final long id = client.status();
            assertTrue(id >= 1, Client.resultName(id));
            final byte[][] value = { null };
            final IdleStrategy idle = IdleStrategies.of(IdleStrategies.BACKOFF);
            while (value[0] == null)
            {
                assertTrue(System.nanoTime() - deadline < 0, "no STATUS result");
                idle.idle(client.poll((resultId, cell, error, timedOut) ->
                {
                    assertFalse(timedOut, "STATUS timed out");
                    value[0] = new byte[cell.capacity()];
                    cell.getBytes(0, value[0]);
                }));
            }
            assertEquals(2 + 5 * 34, value[0].length, "five hashes");
            return value[0];
        }
    }
}
