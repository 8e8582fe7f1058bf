package io.cellwire.bench.convex;

import convex.api.Convex;
import convex.core.Result;
import convex.core.crypto.AKeyPair;
import convex.core.data.prim.CVMLong;
import convex.core.init.Init;
import convex.core.lang.Reader;
import convex.core.store.MemoryStore;
import io.cellwire.bench.CliRunner;
import io.cellwire.bench.cli.CellwireMain;
import io.cellwire.bench.peer.ReferencePeerCommand;
import io.cellwire.testing.Await;
import io.cellwire.testing.ReferencePeer;
import org.agrona.BitUtil;
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
import java.util.List;
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
 * the CVM's counters that {@code cellwire stat --once} reads, a two-peer network with {@code cellwire reference-peer}
 * (our peer retrying the stock peer until it is up, each linking to the other, a transaction committed on both), and
 * a clean stop.
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
    void shouldKeepAskingAStockPeerStartedLaterThenCommitATransactionOnBoth() throws Exception
    {
        final int stockPort;
        try (ServerSocket socket = new ServerSocket(0))
        {
            stockPort = socket.getLocalPort();
        }
        final String keys = KEY_A + "," + KEY_B;
        final Run ours = new Run("peer", "--port", "0", "--idle", "sleep", "--genesis-keys", keys,
            "--connect", "127.0.0.1:" + stockPort);
        Run stock = null;
        Convex toOurs = null;
        Convex toStock = null;
        try
        {
            final int ourPort = Integer.parseInt(ours.firstLine().group(1));
            // nothing listens on the stock peer's port yet: our peer keeps asking until the stock peer is up
            stock = new Run("reference-peer", "--port", Integer.toString(stockPort),
                "--key-seed", BitUtil.toHex(ReferencePeer.SEED_B), "--genesis-keys", keys,
                "--connect", "127.0.0.1:" + ourPort);
            final Run started = stock;
            Await.until(() -> started.out.toString().contains("linked to 127.0.0.1:" + ourPort + "\n"), AWAIT,
                started.out::toString);
            Await.until(() -> ours.out.toString().contains("linked to 127.0.0.1:" + stockPort + "\n"), AWAIT,
                ours.out::toString);

            toOurs = Convex.connect(new InetSocketAddress("127.0.0.1", ourPort), TwoPeerClients.GENESIS,
                TwoPeerClients.KEY_A, new MemoryStore());
            toStock = Convex.connect(new InetSocketAddress("127.0.0.1", stockPort), TwoPeerClients.GENESIS,
                TwoPeerClients.KEY_A, new MemoryStore());
            final long sequence = TwoPeerClients.agreedSequence(toOurs, toStock) + 1;
            final Result result = toOurs.transactSync(TwoPeerClients.invoke(sequence, "(def x 42)"), TIMEOUT_MS);
            assertNull(result.getErrorCode(), result::toString);
            assertEquals(CVMLong.create(42), result.getValue());
            TwoPeerClients.awaitValue(toStock, "x", CVMLong.create(42));
        }
        finally
        {
            TwoPeerClients.close(toOurs, toStock);
            if (null != stock)
            {
                stock.stop();
            }
            ours.stop();
        }
        assertEquals("stopped", ours.lastLine());
    }

    /** The command on a thread of its own. */
    private static final class Run
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final AtomicInteger exitCode = new AtomicInteger(-1);
        final Runnable stopper;
        final Thread thread;

        /** @param args the subcommand, {@code peer} or {@code reference-peer}, then its options. */
        Run(final String... args)
        {
            final CommandLine commandLine = CellwireMain.commandLine(new ByteArrayInputStream(new byte[0]));
            commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
            final Object command = commandLine.getSubcommands().get(args[0]).getCommand();
            stopper = command instanceof PeerCommand ? ((PeerCommand)command)::stop :
                ((ReferencePeerCommand)command)::stop;
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
            stopper.run();
            thread.join(AWAIT.toMillis());
            assertFalse(thread.isAlive(), "the command did not return after stop()");
            assertEquals(0, exitCode.get(), out::toString);
            assertEquals(List.of(), CliRunner.agentErrors(err.toString()), err::toString);
        }

        String lastLine()
        {
            final String[] lines = out.toString().split("\n");
            return lines[lines.length - 1];
        }
    }
}
