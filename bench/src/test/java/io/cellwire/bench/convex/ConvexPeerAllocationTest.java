package io.cellwire.bench.convex;

import convex.core.data.prim.CVMLong;
import io.cellwire.client.Client;
import io.cellwire.client.ResultHandler;
import io.cellwire.codec.MessageFields;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.QuietWindows;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.testing.TestCells;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the CVM behind it, a {@link ConvexPeer}'s node thread still allocates nothing: in the default
 * {@link ThreadingMode#SHARED} mode (poller, flusher and lanes on one thread, whose lane handler copies each request
 * into the ring to the CVM thread), under a steady load of pipelined QUERY {@code (+ 1 2)}, each answered with the
 * computed Long 3, and a signed TRANSACT {@code (def x 1)} whenever none is awaiting its result (each answered with
 * the Long 1 once its block is in consensus), from our {@link Client} on the test thread. ThreadMXBean measures the
 * node thread over 1 s windows, as {@code NodeAllocationTest} does: five must be exactly 0 bytes; a window in which
 * the node thread allocated while the JIT compiled something is discarded and measured again (at most
 * {@value #MAX_WINDOWS} windows). The CVM thread ({@code cellwire-cvm}) and the verifier stage allocate, and are not
 * measured.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ConvexPeerAllocationTest
{
    private static final long WARM_UP_NS = TimeUnit.SECONDS.toNanos(8);
    private static final long WINDOW_NS = TimeUnit.SECONDS.toNanos(1);
    private static final int WINDOWS = 5;
    private static final int MAX_WINDOWS = 12;
    private static final int IN_FLIGHT = 16;
    /** Queries answered per measured window, at least: a load, not a trickle (the peer answers tens of thousands). */
    private static final long MIN_QUERIES_PER_WINDOW = 1_000;
    private static final long IDLE_NS = 20_000;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    @Test
    void shouldAllocateNothingOnTheNodeThreadUnderQueriesAndTransactionsForTheCvm()
    {
        ReferencePeer.initialiseHash();

        try (ConvexPeer peer = ConvexPeer.launch(new ConvexPeer.Context()
                .keySeed(ReferencePeer.SEED_A)
                .transport(t -> t.host("127.0.0.1").port(0).idleStrategy(IdleStrategies.BACKOFF)
                    .errorHandler(agentErrors)));
            Client client = Client.connect(new Client.Context()
                .endpoint("127.0.0.1:" + peer.localAddress().getPort())
                .keySeed(ReferencePeer.SEED_A)
                .origin(ReferencePeer.genesisAddress())
                .transport(t -> t.threadingMode(ThreadingMode.INVOKER).errorHandler(agentErrors))))
        {
            final List<Thread> nodeThreads = peer.node().transport().agentThreads();
            assertEquals(1, nodeThreads.size(), "one node thread in SHARED mode");
            final long nodeThread = nodeThreads.get(0).getId();
            final CvmLoad load = new CvmLoad(client);

            load.run(WARM_UP_NS);
            final QuietWindows windows = QuietWindows.measure(nodeThread, WINDOWS, MAX_WINDOWS,
                () -> load.run(WINDOW_NS), () -> load.queries, () -> load.transactions);
            final long[] allocated = windows.allocated;
            final long[] queries = windows.progress[0];
            final long[] transactions = windows.progress[1];
            System.out.printf("ConvexPeer node thread under QUERY (+ 1 2) and TRANSACT: discarded windows: [%s]; " +
                "queries answered 3 per 1 s window %s; transactions committed per window %s; allocated on the node " +
                "thread per window %s B; %d wrong, %d errors, %d timed out%n", windows.discarded, Arrays.toString(queries),
                Arrays.toString(transactions), Arrays.toString(allocated), load.wrong, load.errors, load.timedOut);
            assertEquals(WINDOWS, windows.counted, "windows without JIT activity; discarded: " + windows.discarded);
            for (int i = 0; i < WINDOWS; i++)
            {
                assertEquals(0, allocated[i], "bytes allocated on the node thread in window " + i);
                assertTrue(queries[i] >= MIN_QUERIES_PER_WINDOW, "window " + i + " had " + queries[i] + " queries");
            }
            assertTrue(load.transactions > 0, "transactions committed: " + load.transactions);
            assertEquals(0, load.wrong);
            assertEquals(0, load.errors);
            assertEquals(0, load.timedOut);
        }
        agentErrors.assertNone();
    }

    /**
     * The client's share, on the test thread: QUERY {@code (+ 1 2)} with {@value #IN_FLIGHT} requests in flight, and
     * a TRANSACT of the next sequence whenever none is awaited, so its sequence is always the one after consensus;
     * every answer checked, without allocating.
     */
    private static final class CvmLoad implements ResultHandler
    {
        private static final DirectBuffer THREE = new UnsafeBuffer(CVMLong.create(3).getEncoding().getBytes());
        private static final DirectBuffer ONE = new UnsafeBuffer(CVMLong.create(1).getEncoding().getBytes());

        private final Client client;
        private long sequence;
        private long transactionId;
        long queries;
        long transactions;
        long wrong;
        long errors;
        long timedOut;

        CvmLoad(final Client client)
        {
            this.client = client;
        }

        void run(final long durationNs)
        {
            final long end = System.nanoTime() + durationNs;
            while (System.nanoTime() - end < 0)
            {
                int work = 0;
                if (0 == transactionId)
                {
                    final long id = client.transactInvoke(TestCells.DEF_X_1, 0, TestCells.DEF_X_1.capacity(),
                        sequence + 1);
                    if (id > 0)
                    {
                        transactionId = id;
                        work++;
                    }
                }
                if (client.inFlight() < IN_FLIGHT && client.query(TestCells.ONE_PLUS_TWO, 0,
                    TestCells.ONE_PLUS_TWO.capacity(), MessageFields.NULL_ADDRESS) > 0)
                {
                    work++;
                }
                work += client.poll(this);
                if (work == 0)
                {
                    LockSupport.parkNanos(IDLE_NS);
                }
            }
        }

        @Override
        public void onResult(final long id, final DirectBuffer value, final DirectBuffer error, final boolean timeout)
        {
            final boolean isTransaction = id == transactionId;
            if (isTransaction)
            {
                transactionId = 0;
            }
            if (timeout)
            {
                timedOut++;
            }
            else if (error.capacity() != 0)
            {
                errors++;
            }
            else if (isTransaction && ONE.equals(value))
            {
                transactions++;
                sequence++;
            }
            else if (!isTransaction && THREE.equals(value))
            {
                queries++;
            }
            else
            {
                wrong++;
            }
        }
    }
}
