package io.cellwire.bench.peer;

import io.cellwire.bench.cli.CellwireMain;
import io.cellwire.client.Client;
import io.cellwire.codec.CellDescriptor;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cellwire reference-peer} on a thread: its first line, a STATUS answered through it, and a clean stop. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferencePeerCommandTest
{
    private static final long AWAIT_NS = TimeUnit.SECONDS.toNanos(20);
    private static final Pattern FIRST_LINE = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @Test
    void shouldListenThenAnswerStatusThenStop() throws InterruptedException
    {
        final StringWriter out = new StringWriter();
        final CommandLine commandLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
        commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true));
        final ReferencePeerCommand command = commandLine.getSubcommands().get("reference-peer").getCommand();
        final AtomicInteger exitCode = new AtomicInteger(-1);
        final Thread runner = new Thread(
            () -> exitCode.set(commandLine.execute("reference-peer", "--port", "0")), "reference-peer-command");
        runner.start();
        try
        {
            final long deadline = System.nanoTime() + AWAIT_NS;
            while (!out.toString().contains("\n"))
            {
                assertTrue(System.nanoTime() - deadline < 0, "no first line");
                Thread.sleep(10);
            }
            final String[] lines = out.toString().split("\n");
            final Matcher first = FIRST_LINE.matcher(lines[0]);
            assertTrue(first.matches(), lines[0]);
            awaitLines(out, 3, deadline);
            assertEquals("genesis address: #11", out.toString().split("\n")[1]);
            assertEquals("key: 4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29 (seed " +
                ReferencePeerNode.DEFAULT_SEED_HEX + ")", out.toString().split("\n")[2]);

            try (Client client = Client.connect(new Client.Context()
                .endpoint("127.0.0.1:" + first.group(1))
                .transport(t -> t.threadingMode(ThreadingMode.INVOKER))))
            {
                final long id = client.status();
                assertTrue(id >= 1, Client.resultName(id));
                final int[] statusTag = { -1 };
                final boolean[] timedOut = { false };
                final IdleStrategy idle = IdleStrategies.of(IdleStrategies.BACKOFF);
                while (statusTag[0] < 0 && !timedOut[0])
                {
                    assertTrue(System.nanoTime() - deadline < 0, "no STATUS result");
                    idle.idle(client.poll((resultId, value, error, timeout) ->
                    {
                        timedOut[0] = timeout;
                        statusTag[0] = value.capacity() > 0 ? value.getByte(0) & 0xff : 0;
                    }));
                }
                assertFalse(timedOut[0], "STATUS timed out");
                assertEquals(CellDescriptor.TAG_VECTOR, statusTag[0], "STATUS is answered with a Vector");
            }
        }
        finally
        {
            command.stop();
            runner.join(TimeUnit.NANOSECONDS.toMillis(AWAIT_NS));
        }
        assertFalse(runner.isAlive(), "the command did not return after stop()");
        assertEquals(0, exitCode.get());
    }

    private static void awaitLines(final StringWriter out, final int count, final long deadline)
        throws InterruptedException
    {
        while (out.toString().split("\n", -1).length <= count)
        {
            assertTrue(System.nanoTime() - deadline < 0, "fewer than " + count + " lines: " + out);
            Thread.sleep(10);
        }
    }
}
