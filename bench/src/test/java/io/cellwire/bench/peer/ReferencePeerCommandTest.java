package io.cellwire.bench.peer;

import io.cellwire.bench.cli.CellwireMain;
import io.cellwire.client.Client;
import io.cellwire.client.ResultHandler;
import io.cellwire.codec.CellDescriptor;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.transport.ThreadingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire reference-peer} on a thread: its first line, a STATUS answered through it, and a clean stop; a bad
 * {@code --genesis-keys} or {@code --connect} refused before the peer starts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReferencePeerCommandTest
{
    private static final Duration AWAIT = Duration.ofSeconds(20);
    private static final Pattern FIRST_LINE = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

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
            Await.until(() -> out.toString().contains("\n"), AWAIT, () -> "the first line");
            final String[] lines = out.toString().split("\n");
            final Matcher first = FIRST_LINE.matcher(lines[0]);
            assertTrue(first.matches(), lines[0]);
            Await.until(() -> out.toString().split("\n", -1).length > 3, AWAIT, () -> "three lines: " + out);
            assertEquals("genesis address: #11", out.toString().split("\n")[1]);
            assertEquals("key: 4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29 (seed " +
                ReferencePeerNode.DEFAULT_SEED_HEX + ")", out.toString().split("\n")[2]);

            try (Client client = Client.connect(new Client.Context()
                .endpoint("127.0.0.1:" + first.group(1))
                .transport(t -> t.threadingMode(ThreadingMode.INVOKER).errorHandler(agentErrors))))
            {
                final long id = client.status();
                assertTrue(id >= 1, Client.resultName(id));
                final int[] statusTag = { -1 };
                final boolean[] timedOut = { false };
                final ResultHandler handler = (resultId, value, error, timeout) ->
                {
                    timedOut[0] = timeout;
                    statusTag[0] = value.capacity() > 0 ? value.getByte(0) & 0xff : 0;
                };
                Await.pumpUntil(() -> client.poll(handler), () -> statusTag[0] >= 0 || timedOut[0], AWAIT,
                    () -> "a STATUS result");
                assertFalse(timedOut[0], "STATUS timed out");
                assertEquals(CellDescriptor.TAG_VECTOR, statusTag[0], "STATUS is answered with a Vector");
            }
        }
        finally
        {
            command.stop();
            runner.join(AWAIT.toMillis());
        }
        assertFalse(runner.isAlive(), "the command did not return after stop()");
        assertEquals(0, exitCode.get());
    }

    @Test
    void shouldRefuseABadGenesisKeyOrEndpointAsAUsageError()
    {
        assertUsageError("--genesis-keys: 64 hex digits each, not zz", "--genesis-keys", "zz");
        assertUsageError("--connect: HOST:PORT, not nohost", "--connect", "nohost");
    }

    private static void assertUsageError(final String message, final String... options)
    {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
        commandLine.setOut(new PrintWriter(new StringWriter(), true)).setErr(new PrintWriter(err, true));
        final String[] args = new String[options.length + 3];
        args[0] = "reference-peer";
        args[1] = "--port";
        args[2] = "0";
        System.arraycopy(options, 0, args, 3, options.length);

        assertEquals(2, commandLine.execute(args));
        assertEquals(message, err.toString().split("\n")[0]);
    }
}
