package io.cellwire.node;

import convex.core.Belief;
import convex.core.crypto.AKeyPair;
import convex.core.data.Blob;
import convex.core.data.Vectors;
import io.cellwire.client.Client;
import io.cellwire.client.ResultHandler;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.message.MessageType;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.QuietWindows;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.testing.TestCells;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import io.cellwire.transport.TransportCounter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The poller's thread allocates nothing with the full message mix flowing: a {@link Node} in
 * {@link ThreadingMode#SHARED} mode (poller, flusher and peer lane on one thread) takes pipelined QUERY inline and by
 * ref, STATUS and signed TRANSACT from our {@link Client}, and BELIEF, DATA, MISSING_DATA and CHALLENGE from a raw
 * peer connection, while ThreadMXBean measures the node thread over windows of 5 s each: every window must be exactly 0
 * bytes. A window in which the JIT compiled something does not count and is measured again (at most
 * {@value #MAX_WINDOWS} windows in all): a deoptimisation, when a compiled method first meets a branch it had never
 * taken, can leave a few hundred bytes of runtime residue on the thread (seen: 56–616 B), and it is always followed by
 * a recompilation, which the JVM's compilation time shows. Per-message garbage would show in every window, with or
 * without compilation. Signature verification runs on the verifier stage's thread, which allocates (inside
 * BouncyCastle) and is not the measured one. The test fails if the JVM cannot measure thread allocation instead of
 * comparing −1 with −1.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeMixAllocationTest
{
    private static final long WARM_UP_NS = TimeUnit.SECONDS.toNanos(6);
    private static final int MAX_WINDOWS = 6;
    private static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(5);
    private static final int WINDOWS = 2;
    private static final int IN_FLIGHT = 16;
    /** Frames the node reads per second, at least, in each measured window: a real load, not a trickle. */
    private static final long MIN_FRAMES_PER_SECOND = 10_000;
    private static final int BELIEFS = 64;
    private static final long IDLE_NS = 20_000;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    @Test
    void shouldAllocateNothingOnThePollerThreadUnderTheFullMix() throws Exception
    {
        try (Node node = Node.launch(EchoPeerHandler.nodeContext()
                .transport(t -> t.port(0).idleStrategy(IdleStrategies.BACKOFF).errorHandler(agentErrors)));
            Client client = Client.connect(new Client.Context()
                .endpoint("127.0.0.1:" + node.localAddress().getPort())
                .keySeed(ReferencePeer.SEED_A)
                .origin(ReferencePeer.genesisAddress())
                .transport(t -> t.threadingMode(ThreadingMode.INVOKER).errorHandler(agentErrors))))
        {
            assertEquals(1, node.transport().agentThreads().size(), "one node thread in SHARED mode");
            final long nodeThread = node.transport().agentThreads().get(0).getId();

            final MixedLoad load = new MixedLoad(client);
            final RawPeer peer = new RawPeer(node.localAddress().getPort(), challenge(node));
            final Thread peerThread = new Thread(peer, "raw-peer");
            peerThread.start();
            try
            {
                load.run(WARM_UP_NS);
                final QuietWindows windows = QuietWindows.measure(
                    nodeThread, WINDOWS, MAX_WINDOWS, () -> load.run(WINDOW_NS), () -> framesIn(node));
                final long[] allocated = windows.allocated;
                final long[] frames = windows.progress[0];
                assertEquals(WINDOWS, windows.counted, "windows without JIT activity; discarded: " + windows.discarded);
                System.out.printf("node under the full mix: discarded windows: [%s], frames in per 5 s window %s, " +
                    "allocated on the node thread per window %s B; %d queries, %d by ref, %d status, " +
                    "%d transactions answered, %d wrong, " +
                    "%d timed out; raw peer sent %d beliefs, %d data, %d missing-data, %d challenges (%d answered)%n",
                    windows.discarded, Arrays.toString(frames), Arrays.toString(allocated), load.queries, load.refQueries,
                    load.statuses, load.transactions, load.wrong, load.timedOut, peer.beliefs.get(), peer.data.get(),
                    peer.missingData.get(), peer.challenges.get(),
                    node.counters().value(NodeCounter.CHALLENGES_ANSWERED));
                for (int i = 0; i < WINDOWS; i++)
                {
                    assertEquals(0, allocated[i], "bytes allocated on the node thread in window " + i);
                    assertTrue(frames[i] >= MIN_FRAMES_PER_SECOND * TimeUnit.NANOSECONDS.toSeconds(WINDOW_NS),
                        "window " + i + " had only " + frames[i] + " frames");
                }
                assertEquals(0, load.wrong);
                assertEquals(0, load.timedOut);
                assertTrue(load.transactions > 0 && load.refQueries > 0 && load.statuses > 0);
                assertTrue(peer.beliefs.get() > 0 && peer.data.get() > 0 && peer.missingData.get() > 0);
                assertTrue(node.counters().value(NodeCounter.BELIEFS_ACCEPTED) >= 1);
                assertTrue(node.counters().value(NodeCounter.MISSING_DATA_ANSWERED) >= 1);
                assertTrue(node.counters().value(NodeCounter.CHALLENGES_ANSWERED) >= 1);
                assertEquals(0, node.counters().value(NodeCounter.CHALLENGES_REJECTED));
            }
            finally
            {
                peer.running.set(false);
                peerThread.join(TimeUnit.SECONDS.toMillis(10));
            }
            peer.failure.assertNone();
        }
    }

    private static long framesIn(final Node node)
    {
        long frames = 0;
        for (int type = MessageType.MIN_TYPE; type <= MessageType.MAX_TYPE; type++)
        {
            frames += Math.max(0, node.counters().value(TransportCounter.FRAMES_IN, type));
        }
        return frames;
    }

    /**
     * The client's share, on the test thread: of every 10 requests, 6 QUERY inline, 2 QUERY by ref, 1 STATUS and 1
     * TRANSACT with the next sequence number; each answer checked.
     */
    private static final class MixedLoad implements ResultHandler
    {
        private final Client client;
        /** A 300-byte Blob: too large to embed, so the client sends it as DATA and the QUERY by ref. */
        private final UnsafeBuffer bigForm = new UnsafeBuffer(NodeFrames.blob(300, 11));
        private long sequence;
        private int step;
        long queries;
        long refQueries;
        long statuses;
        long transactions;
        long wrong;
        long timedOut;
        private final long[] kinds = new long[1 << 16];

        MixedLoad(final Client client)
        {
            this.client = client;
        }

        void run(final long durationNs)
        {
            final long end = System.nanoTime() + durationNs;
            while (System.nanoTime() - end < 0)
            {
                int work = 0;
                if (client.inFlight() < IN_FLIGHT)
                {
                    work += send();
                }
                work += client.poll(this);
                if (work == 0)
                {
                    LockSupport.parkNanos(IDLE_NS);
                }
            }
        }

        private int send()
        {
            final int kind = step % 10;
            final long id;
            if (kind < 6)
            {
                id = client.query(TestCells.ONE_PLUS_TWO, 0, TestCells.ONE_PLUS_TWO.capacity(),
                    MessageFields.NULL_ADDRESS);
            }
            else if (kind < 8)
            {
                id = client.query(bigForm, 0, bigForm.capacity(), MessageFields.NULL_ADDRESS);
            }
            else if (kind == 8)
            {
                id = client.status();
            }
            else
            {
                id = client.transactInvoke(TestCells.DEF_X_1, 0, TestCells.DEF_X_1.capacity(), sequence + 1);
            }
            if (id <= 0)
            {
                return 0;
            }
            if (kind == 9)
            {
                sequence++;
            }
            kinds[(int)(id & (kinds.length - 1))] = kind;
            step++;
            return 1;
        }

        @Override
        public void onResult(final long id, final DirectBuffer value, final DirectBuffer error, final boolean timeout)
        {
            if (timeout)
            {
                timedOut++;
                return;
            }
            final long kind = kinds[(int)(id & (kinds.length - 1))];
            if (error.capacity() != 0)
            {
                wrong++;
            }
            else if (kind < 6)
            {
                count(TestCells.ONE_PLUS_TWO.equals(value), 0);
            }
            else if (kind < 8)
            {
                count(bigForm.equals(value), 1);
            }
            else if (kind == 8)
            {
                count(value.capacity() == 2 + 5 * 34, 2);
            }
            else
            {
                count(value.capacity() >= 2 && (value.getByte(0) & 0xff) == 0x09, 3);
            }
        }

        private void count(final boolean right, final int which)
        {
            if (!right)
            {
                wrong++;
            }
            else if (which == 0)
            {
                queries++;
            }
            else if (which == 1)
            {
                refQueries++;
            }
            else if (which == 2)
            {
                statuses++;
            }
            else
            {
                transactions++;
            }
        }
    }

    /** A valid CHALLENGE addressed to the node, from key C, framed. */
    private static byte[] challenge(final Node node)
    {
        final AKeyPair key = AKeyPair.create(ReferencePeer.SEED_C);
        return NodeFrames.frame(MessageType.CHALLENGE, key.signData(Vectors.of(Blob.wrap(new byte[32]),
            Blob.wrap(node.networkId()), Blob.wrap(node.publicKey()))).getEncoding().getBytes());
    }

    /**
     * A peer's share over a plain socket: batches of BELIEF (64 distinct ones, cycled: each verified once, then
     * recognised as recent), DATA of fresh cells and MISSING_DATA for a cell the node holds, and a CHALLENGE every
     * {@value #CHALLENGE_EVERY} batches (verified and answered on the verifier stage); it drains what the node sends
     * back.
     */
    private static final class RawPeer implements Runnable
    {
        static final int CHALLENGE_EVERY = 16;

        final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong beliefs = new AtomicLong();
        final AtomicLong data = new AtomicLong();
        final AtomicLong missingData = new AtomicLong();
        final AtomicLong challenges = new AtomicLong();
        final AgentErrors failure = new AgentErrors();
        private final int port;
        private final byte[] challenge;

        RawPeer(final int port, final byte[] challenge)
        {
            this.port = port;
            this.challenge = challenge;
        }

        @Override
        public void run()
        {
            try (Socket socket = new Socket("127.0.0.1", port))
            {
                socket.setTcpNoDelay(true);
                final OutputStream out = socket.getOutputStream();
                final InputStream in = socket.getInputStream();
                final byte[][] beliefFrames = beliefFrames();
                final byte[] known = NodeFrames.blob(300, 5);
                out.write(frame(MessageType.DATA, known));
                final byte[] missing = frame(MessageType.MISSING_DATA, NodeFrames.hashCell(NodeFrames.valueId(known)));
                final byte[] drain = new byte[64 * 1024];
                int round = 0;
                while (running.get())
                {
                    final ByteArrayOutputStream batch = new ByteArrayOutputStream();
                    batch.write(beliefFrames[round % BELIEFS]);
                    batch.write(frame(MessageType.DATA, NodeFrames.blob(200 + round % 100, round)));
                    batch.write(missing);
                    if (round % CHALLENGE_EVERY == 0)
                    {
                        batch.write(challenge);
                        challenges.incrementAndGet();
                    }
                    out.write(batch.toByteArray());
                    beliefs.incrementAndGet();
                    data.incrementAndGet();
                    missingData.incrementAndGet();
                    round++;
                    while (in.available() > 0)
                    {
                        in.read(drain, 0, Math.min(drain.length, in.available()));
                    }
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                }
            }
            catch (final IOException ex)
            {
                failure.onError(ex);
            }
        }

        private static byte[][] beliefFrames() throws IOException
        {
            final byte[][] frames = new byte[BELIEFS][];
            for (int i = 0; i < BELIEFS; i++)
            {
                final byte[] seed = new byte[32];
                seed[31] = (byte)(i + 1);
                seed[30] = 7;
                final AKeyPair key = AKeyPair.create(seed);
                final Belief belief = Belief.createSingleOrder(key);
                final ByteArrayOutputStream tree = new ByteArrayOutputStream();
                NodeFrames.writeTree(tree, belief);
                tree.write(frame(MessageType.BELIEF, key.signData(belief).getEncoding().getBytes()));
                frames[i] = tree.toByteArray();
            }
            return frames;
        }

        private static byte[] frame(final int type, final byte[] cell)
        {
            return NodeFrames.frame(type, cell);
        }
    }
}
