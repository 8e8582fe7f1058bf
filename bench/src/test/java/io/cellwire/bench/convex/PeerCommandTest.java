package io.cellwire.bench.convex;

import convex.api.Convex;
import convex.core.Result;
import convex.core.crypto.AKeyPair;
import convex.core.data.prim.CVMLong;
import convex.core.init.Init;
import convex.core.lang.Reader;
import convex.core.store.MemoryStore;
import io.cellwire.bench.cli.CellwireMain;
import io.cellwire.testing.Await;
import io.cellwire.testing.ReferencePeer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire peer} on a thread: its exact first line with the demo key, a query the stock client gets answered,
 * the CVM's counters that {@code cellwire stat --once} reads, retrying a peer to link to, and a clean stop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PeerCommandTest
{
    private static final Duration AWAIT = Duration.ofSeconds(20);
    private static final long TIMEOUT_MS = 10_000;
    private static final Pattern FIRST_LINE =
        Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) peer-key=([0-9a-f]{64})");
    private static final String KEY_A = AKeyPair.create(ReferencePeer.SEED_A).getAccountKey().toHexString();
    private static final String KEY_B = AKeyPair.create(ReferencePeer.SEED_B).getAccountKey().toHexString();

    @Test
    void shouldListenWithTheDemoKeyAnswerAQueryShowCountersAndStop(@TempDir final File counters) throws Exception
    {
        final Run run = new Run("peer", "--port", "0", "--idle", "sleep", "--counters-dir", counters.getPath());
        try
        {
            final Matcher first = run.firstLine();
            assertEquals(KEY_A, first.group(2), "the demo key: seed 31 x 00 then 01");
            final Convex client = Convex.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(first.group(1))),
                Init.GENESIS_ADDRESS, AKeyPair.create(ReferencePeer.SEED_A), new MemoryStore());
            try
            {
                final Result result = client.querySync(Reader.read("(+ 1 2)"), Init.GENESIS_ADDRESS, TIMEOUT_MS);
                assertNull(result.getErrorCode(), result::toString);
                assertEquals(CVMLong.create(3), result.getValue());
            }
            finally
            {
                client.close();
            }

            final StringWriter stat = new StringWriter();
            final CommandLine statLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
            statLine.setOut(new PrintWriter(stat, true)).setErr(new PrintWriter(new StringWriter(), true));
            assertEquals(0, statLine.execute("stat", "--counters-dir", counters.getPath(), "--once"));
            assertTrue(stat.toString().contains("cvm: queries answered: 1"), stat.toString());
        }
        finally
        {
            run.stop();
        }
        assertEquals("stopped", run.lastLine());
    }

    @Test
    void shouldKeepAskingAPeerToLinkToUntilStopped() throws Exception
    {
        final int closedPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            closedPort = socket.getLocalPort();
        }
        final Run run = new Run("peer", "--port", "0", "--idle", "sleep", "--genesis-keys", KEY_A + "," + KEY_B,
            "--connect", "127.0.0.1:" + closedPort);
        try
        {
            run.firstLine();
            Thread.sleep(2 * PeerCommand.CONNECT_RETRY_MS);
            assertFalse(run.out.toString().contains("linked"), run.out::toString);
        }
        finally
        {
            run.stop();
        }
        assertEquals("stopped", run.lastLine());
    }

    /** The command on a thread of its own. */
    private static final class Run
    {
        final StringWriter out = new StringWriter();
        final AtomicInteger exitCode = new AtomicInteger(-1);
        final PeerCommand command;
        final Thread thread;

        Run(final String... args)
        {
            final CommandLine commandLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
            commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(new StringWriter(), true));
            command = commandLine.getSubcommands().get("peer").getCommand();
            thread = new Thread(() -> exitCode.set(commandLine.execute(args)), "peer-command");
            thread.start();
        }

        Matcher firstLine()
        {
            Await.until(() -> out.toString().contains("\n"), AWAIT, () -> "the first line");
            final Matcher first = FIRST_LINE.matcher(out.toString().split("\n")[0]);
            assertTrue(first.matches(), out::toString);
            return first;
        }

        void stop() throws InterruptedException
        {
            command.stop();
            thread.join(AWAIT.toMillis());
            assertFalse(thread.isAlive(), "the command did not return after stop()");
            assertEquals(0, exitCode.get(), out::toString);
        }

        String lastLine()
        {
            final String[] lines = out.toString().split("\n");
            return lines[lines.length - 1];
        }
    }
}
