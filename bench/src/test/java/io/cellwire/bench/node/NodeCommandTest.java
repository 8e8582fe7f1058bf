package io.cellwire.bench.node;

import io.cellwire.bench.CliRunner;
import io.cellwire.bench.ServiceCommandRun;
import io.cellwire.bench.cli.CellwireMain;
import io.cellwire.client.Client;
import io.cellwire.client.ResultHandler;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.transport.ThreadingMode;
import org.agrona.BitUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire node} on a thread: its exact first line, a STATUS that carries the printed peer key, the counters
 * that {@code cellwire stat --once} reads from its counters directory, a clean stop, and its connection limit.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeCommandTest
{
    private static final Duration AWAIT = Duration.ofSeconds(20);
    private static final Pattern FIRST_LINE =
        Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) peer-key=([0-9a-f]{64})");
    private static final String SEED = "000000000000000000000000000000000000000000000000000000000000000" + "2";

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    @Test
    void shouldListenAnswerStatusWithItsKeyShowCountersAndStop(@TempDir final File counters) throws Exception
    {
        final ServiceCommandRun node = ServiceCommandRun.start("node", "--port", "0", "--idle", "sleep", "--key-seed",
            SEED, "--counters-dir", counters.getPath());
        try (node)
        {
            final Matcher first = FIRST_LINE.matcher(node.awaitLines(1)[0]);
            assertTrue(first.matches(), node.out());
            assertEquals("7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674", first.group(2),
                "key B of docs/wire-format.md §7");
            final byte[] status = status("127.0.0.1:" + first.group(1));
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
        assertEquals(List.of(), CliRunner.agentErrors(node.err()), node.err());
        assertEquals(0, node.exitCode());
        final String[] lines = node.out().split("\n");
        assertEquals("stopped", lines[lines.length - 1]);
    }

    @Test
    void shouldCloseAndCountAConnectionPastItsLimit(@TempDir final File counters) throws Exception
    {
        final ServiceCommandRun node = ServiceCommandRun.start("node", "--port", "0", "--idle", "sleep",
            "--max-connections", "2", "--counters-dir", counters.getPath());
        try (node)
        {
            final String[] lines = node.awaitLines(2);
            assertTrue(lines[1].contains(" max-connections=2 "), lines[1]);
            final Matcher first = FIRST_LINE.matcher(lines[0]);
            assertTrue(first.matches(), lines[0]);
            final int port = Integer.parseInt(first.group(1));
            try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port);
                Socket c = new Socket("127.0.0.1", port))
            {
                c.setSoTimeout((int)AWAIT.toMillis());
                assertEquals(-1, c.getInputStream().read(), "the third connection is closed");
                a.setSoTimeout(200);
                assertThrows(SocketTimeoutException.class, () -> a.getInputStream().read(), "the first stays open");
            }
            final StringWriter stat = new StringWriter();
            final CommandLine statLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
            statLine.setOut(new PrintWriter(stat, true)).setErr(new PrintWriter(new StringWriter(), true));
            assertEquals(0, statLine.execute("stat", "--counters-dir", counters.getPath(), "--once"));
            assertTrue(stat.toString().contains("connections: rejected (limit): 1"), stat.toString());
        }
        assertEquals(List.of(), CliRunner.agentErrors(node.err()), node.err());
    }

    private byte[] status(final String endpoint)
    {
        try (Client client = Client.connect(new Client.Context().endpoint(endpoint)
            .transport(t -> t.threadingMode(ThreadingMode.INVOKER).errorHandler(agentErrors))))
        {
            final long id = client.status();
            assertTrue(id >= 1, Client.resultName(id));
            final byte[][] value = { null };
            final ResultHandler handler = (resultId, cell, error, timedOut) ->
            {
                assertFalse(timedOut, "STATUS timed out");
                value[0] = new byte[cell.capacity()];
                cell.getBytes(0, value[0]);
            };
            Await.pumpUntil(() -> client.poll(handler), () -> value[0] != null, AWAIT, () -> "a STATUS result");
            assertEquals(2 + 5 * 34, value[0].length, "five hashes");
            return value[0];
        }
    }
}
