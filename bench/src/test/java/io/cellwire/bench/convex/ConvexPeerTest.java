package io.cellwire.bench.convex;

import convex.api.Convex;
import convex.core.Belief;
import convex.core.ErrorCodes;
import convex.core.Result;
import convex.core.crypto.AKeyPair;
import convex.core.data.ACell;
import convex.core.data.AVector;
import convex.core.data.Address;
import convex.core.data.Blob;
import convex.core.data.Format;
import convex.core.data.Hash;
import convex.core.data.Keyword;
import convex.core.data.SignedData;
import convex.core.data.prim.CVMLong;
import convex.core.init.Init;
import convex.core.lang.Reader;
import convex.core.store.MemoryStore;
import convex.core.transactions.ATransaction;
import convex.core.transactions.Invoke;
import convex.net.MessageType;
import io.cellwire.node.NodeCounter;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.TransportCounters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stock 0.7.9 client ({@code convex.api.Convex}) against a {@link ConvexPeer} of a one-peer network (key A) in
 * this JVM: STATUS, queries, transactions in consensus, the node's refusals, and pipelined queries.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConvexPeerTest
{
    private static final long TIMEOUT_MS = 10_000;
    private static final int PIPELINED = 1_000;
    private static final Address GENESIS = Init.GENESIS_ADDRESS;
    private static final AKeyPair KEY_A = AKeyPair.create(ReferencePeer.SEED_A);
    /** Transactions of {@code #11} committed by the tests so far: its sequence in consensus. */
    private static final AtomicInteger COMMITTED = new AtomicInteger();
    private static final Keyword LOAD = Keyword.create("LOAD");

    /** Static, as the peer that {@code @BeforeAll} starts is: it checks after each test and after the close. */
    @RegisterExtension
    static final AgentErrors AGENT_ERRORS = new AgentErrors();

    private static ConvexPeer peer;
    private static final MemoryStore CLIENT_STORE = new MemoryStore();
    private static Convex client;

    @BeforeAll
    static void launch() throws Exception
    {
        ReferencePeer.initialiseHash();
        peer = ConvexPeer.launch(new ConvexPeer.Context()
            .keySeed(ReferencePeer.SEED_A)
            .transport(t -> t.host("127.0.0.1").port(0).idleStrategy(IdleStrategies.BACKOFF)
                .errorHandler(AGENT_ERRORS)));
        client = Convex.connect(peer.localAddress(), GENESIS, KEY_A, CLIENT_STORE);
    }

    @AfterAll
    static void close()
    {
        if (null != client)
        {
            client.close();
        }
        if (null != peer)
        {
            peer.close();
        }
    }

    @Test
    void shouldAnswerStatusWithItsKeyAndGenesis() throws Exception
    {
        final Result result = client.requestStatusSync(TIMEOUT_MS);

        assertNull(result.getErrorCode(), result::toString);
        final AVector<ACell> status = result.getValue();
        assertEquals(ConvexPeer.STATUS_COUNT, status.count());
        assertEquals(peer.genesisHash(), status.get(ConvexPeer.STATUS_GENESIS));
        assertEquals(KEY_A.getAccountKey(), status.get(ConvexPeer.STATUS_PEER_KEY));
    }

    @Test
    void shouldServeTheBeliefOfItsStatusToAcquire() throws Exception
    {
        final AVector<ACell> status = client.requestStatusSync(TIMEOUT_MS).getValue();
        final Hash beliefHash = Hash.wrap((Blob)status.get(0));

        // the stock client asks with MISSING_DATA, which only the CVM's store can answer; its DATA goes to the store
        // the client connected with
        final CompletableFuture<ACell> acquiring = client.acquire(beliefHash, CLIENT_STORE);
        final ACell acquired;
        try
        {
            acquired = acquiring.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        finally
        {
            // the stock client's acquiring thread asks until the future is done
            acquiring.cancel(true);
        }

        assertEquals(beliefHash, acquired.getHash());
        assertTrue(((SignedData<?>)acquired).getValue() instanceof Belief, acquired::toString);
        assertTrue(peer.node().counters().value(ConvexPeerCounter.MISSING_DATA_ANSWERED) > 0);
    }

    @Test
    void shouldAddOneAndTwo() throws Exception
    {
        final Result result = client.querySync(Reader.read("(+ 1 2)"), GENESIS, TIMEOUT_MS);

        assertNull(result.getErrorCode(), result::toString);
        assertEquals(CVMLong.create(3), result.getValue());
    }

    @Test
    void shouldReadTheSequenceOfTheGenesisAccount() throws Exception
    {
        final Result result = client.querySync(Reader.read("(:sequence (account #11))"), GENESIS, TIMEOUT_MS);

        assertNull(result.getErrorCode(), result::toString);
        assertEquals(CVMLong.create(COMMITTED.get()), result.getValue());
    }

    @Test
    void shouldAnswerAnUndeclaredSymbolWithItsErrorCode() throws Exception
    {
        final Result result = client.querySync(Reader.read("no-such-symbol"), GENESIS, TIMEOUT_MS);

        assertEquals(ErrorCodes.UNDECLARED, result.getErrorCode());
    }

    @Test
    void shouldAnswerATransactionOnceInConsensusAndKeepItsEffect() throws Exception
    {
        final long sequence = sequence() + 1;

        final Result result = client.transactSync(invoke(sequence, "(def x 42)"), TIMEOUT_MS);

        assertNull(result.getErrorCode(), result::toString);
        COMMITTED.incrementAndGet();
        assertEquals(CVMLong.create(42), result.getValue());
        assertEquals(CVMLong.create(42), client.querySync(Reader.read("x"), GENESIS, TIMEOUT_MS).getValue());
        assertEquals(sequence, sequence());
    }

    @Test
    void shouldRefuseABadSignature() throws Exception
    {
        final byte[] encoding = invoke(sequence() + 1, "(def z 1)").getEncoding().getBytes();
        // the signature follows the tag and the 32-byte key
        encoding[1 + 32 + 5] ^= 1;
        final SignedData<ATransaction> forged = Format.read(Blob.wrap(encoding));

        final Result result = client.transactSync(forged, TIMEOUT_MS);

        assertEquals(ErrorCodes.SIGNATURE, result.getErrorCode(), result::toString);
    }

    @Test
    void shouldRefuseAReusedSequence() throws Exception
    {
        final long sequence = sequence() + 1;
        final Result first = client.transactSync(invoke(sequence, "(def y 1)"), TIMEOUT_MS);
        assertNull(first.getErrorCode(), first::toString);
        COMMITTED.incrementAndGet();

        final Result again = client.transactSync(invoke(sequence, "(def y 2)"), TIMEOUT_MS);

        assertEquals(ErrorCodes.SEQUENCE, again.getErrorCode(), again::toString);
        assertEquals(CVMLong.create(1), client.querySync(Reader.read("y"), GENESIS, TIMEOUT_MS).getValue());
    }

    @Test
    void shouldAdmitTheNextSequenceAfterATransactionTooFarAhead() throws Exception
    {
        final long next = sequence() + 1;
        final Result ahead = client.transactSync(invoke(next + 4, "(def w 1)"), TIMEOUT_MS);
        assertEquals(ErrorCodes.SEQUENCE, ahead.getErrorCode(), ahead::toString);

        final Result result = client.transactSync(invoke(next, "(def w 2)"), TIMEOUT_MS);

        assertNull(result.getErrorCode(), result::toString);
        COMMITTED.incrementAndGet();
        assertEquals(CVMLong.create(2), result.getValue());
    }

    @Test
    void shouldAnswerEachOfAThousandPipelinedQueriesOnceWithItsValueOrLoad() throws Exception
    {
        final Map<Long, AtomicInteger> resultsById = new ConcurrentHashMap<>();
        final long shedBefore = shedQueries();
        long loads = 0;
        final Convex pipelined = Convex.connect(peer.localAddress(), GENESIS, KEY_A, new MemoryStore());
        try
        {
            pipelined.setHandler(message ->
            {
                if (message.getType() == MessageType.RESULT)
                {
                    resultsById.computeIfAbsent(message.getID().longValue(), id -> new AtomicInteger())
                        .incrementAndGet();
                }
            });
            final List<CompletableFuture<Result>> futures = new ArrayList<>();
            for (int i = 0; i < PIPELINED; i++)
            {
                futures.add(query(pipelined, "(+ 1 " + i + ")"));
            }
            for (int i = 0; i < PIPELINED; i++)
            {
                final Result result = futures.get(i).get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                if (result.isError())
                {
                    // a burst beyond the connection's share of the lane, or a full ring, is shed by design
                    assertEquals(LOAD, result.getErrorCode(), result::toString);
                    loads++;
                }
                else
                {
                    assertEquals(CVMLong.create(i + 1), result.getValue(), result::toString);
                }
            }
            // the client completes a query's future before its message handler sees the RESULT: let the handler
            // catch up before the connection closes
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
            while (resultsById.size() < PIPELINED && System.nanoTime() - deadlineNs < 0)
            {
                Thread.sleep(1);
            }
        }
        finally
        {
            pipelined.close();
        }

        System.out.printf("%d pipelined queries: %d answered :LOAD%n", PIPELINED, loads);
        assertEquals(loads, shedQueries() - shedBefore);
        assertTrue(loads < PIPELINED, "some queries reach the CVM");
        assertEquals(PIPELINED, resultsById.size());
        for (final Map.Entry<Long, AtomicInteger> entry : resultsById.entrySet())
        {
            assertEquals(1, entry.getValue().get(), () -> "results for message ID " + entry.getKey());
        }
    }

    /** Sends a query, waiting a moment whenever the client's send buffer is full, as it says by throwing. */
    private static CompletableFuture<Result> query(final Convex convex, final String source) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (true)
        {
            try
            {
                return convex.query(Reader.read(source), GENESIS);
            }
            catch (final IOException full)
            {
                assertTrue(System.nanoTime() < deadlineNs, "send buffer still full: " + full);
                Thread.sleep(1);
            }
        }
    }

    /** @return queries answered :LOAD so far, by the node (lane full) or by the lane handler (ring full). */
    private static long shedQueries()
    {
        final TransportCounters counters = peer.node().counters();
        return counters.value(NodeCounter.SHED_QUERIES) + counters.value(ConvexPeerCounter.QUERIES_SHED);
    }

    private static long sequence() throws Exception
    {
        final Result result = client.querySync(Reader.read("(:sequence (account #11))"), GENESIS, TIMEOUT_MS);
        assertNull(result.getErrorCode(), result::toString);
        return ((CVMLong)result.getValue()).longValue();
    }

    private static SignedData<ATransaction> invoke(final long sequence, final String source)
    {
        return KEY_A.signData(Invoke.create(GENESIS, sequence, Reader.read(source)));
    }
}
