package io.cellwire.client;

import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.CellPrinter;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.ValueEncoder;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.MessageType;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.testing.ResultCollector;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.cellwire.testing.TestCells.DEF_X_1;
import static io.cellwire.testing.TestCells.ONE_PLUS_TWO;
import static io.cellwire.testing.TestCells.SEQUENCE;
import static io.cellwire.testing.TestCells.X;
import static io.cellwire.testing.TestCells.assertSuccess;
import static io.cellwire.testing.TestCells.render;
import static io.cellwire.testing.TestCells.signedInvoke;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our {@link Client} against a 0.7.9 reference peer started in this JVM on 127.0.0.1 (docs/wire-format.md §8.1, §10,
 * §11): STATUS, QUERY, TRANSACT accepted and rejected, pipelining, INVOKER mode; no thread outlives the tests.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClientLiveTest
{
    private static final long AWAIT_MS = 20_000;
    private static final Duration THREADS_END_TIMEOUT = Duration.ofSeconds(10);

    /** Static, as the helpers that make the clients are; it still checks after each test. */
    @RegisterExtension
    static final AgentErrors AGENT_ERRORS = new AgentErrors();
    private static Set<Thread> threadsBefore;
    private static ReferencePeer peer;

    @BeforeAll
    static void startPeer()
    {
        threadsBefore = ReferencePeer.liveThreads();
        peer = ReferencePeer.start();
    }

    @AfterAll
    static void stopPeerAndCheckThreads()
    {
        peer.close();
        Await.until(() -> leaked().isEmpty(), THREADS_END_TIMEOUT, () -> "threads left running: " + leaked());
    }

    private static Set<Thread> leaked()
    {
        final Set<Thread> now = new HashSet<>(ReferencePeer.liveThreads());
        now.removeAll(threadsBefore);
        now.removeIf(thread -> thread.getName().startsWith("junit-"));
        return now;
    }

    @Test
    void shouldResolveStatusVectorOfFiveHashes()
    {
        try (Client client = connect(ThreadingMode.SHARED))
        {
            final ResultCollector results = new ResultCollector();
            final long id = client.status();
            assertTrue(id >= 1, Client.resultName(id));
            final ResultCollector.Outcome outcome = results.await(client, id, AWAIT_MS);
            assertStatusVector(outcome);
            assertEquals(1, results.endings.get(id));
            System.out.printf("STATUS: parked %d, MISSING_DATA sent %d%n",
                client.resultsParked(), client.missingDataSent());
        }
    }

    @Test
    void shouldFetchStatusVectorWithMissingDataWhenItsDataFrameDoesNotArrive() throws Exception
    {
        final InetSocketAddress peerAddress = new InetSocketAddress("127.0.0.1", peer.port());
        try (FrameDroppingProxy proxy =
                new FrameDroppingProxy(peerAddress, FrameDroppingProxy.dropFirst(MessageType.DATA));
            Client client = Client.connect(context(ThreadingMode.SHARED).endpoint(proxy.endpoint())))
        {
            final ResultCollector results = new ResultCollector();
            final ResultCollector.Outcome outcome = results.await(client, client.status(), AWAIT_MS);
            assertStatusVector(outcome);
            assertEquals(List.of(MessageType.DATA), proxy.dropped);
            assertEquals(1, client.resultsParked());
            assertEquals(1, client.missingDataSent());
            assertEquals(List.of(MessageType.STATUS, MessageType.MISSING_DATA), proxy.toPeer);
            assertEquals(List.of(MessageType.DATA, MessageType.RESULT, MessageType.DATA), proxy.toClient);
        }
    }

    @Test
    void shouldQueryOnePlusTwo()
    {
        try (Client client = connect(ThreadingMode.SHARED))
        {
            final ResultCollector results = new ResultCollector();
            final ResultCollector.Outcome anonymous =
                results.await(client, client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL), AWAIT_MS);
            assertSuccess(anonymous);
            assertArrayEquals(new byte[]{ 0x09, 0x03 }, anonymous.value());
            final ResultCollector.Outcome asGenesis = results.await(
                client, client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), GENESIS), AWAIT_MS);
            assertSuccess(asGenesis);
            assertEquals(3, asGenesis.longValue());
        }
    }

    @Test
    void shouldNumberRequestsFromOnePerClient()
    {
        try (Client client = connect(ThreadingMode.SHARED))
        {
            final ResultCollector results = new ResultCollector();
            assertEquals(1, client.status());
            assertEquals(2, client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL));
            results.drain(client, AWAIT_MS);
            assertEquals(Set.of(1L, 2L), results.outcomes.keySet());
        }
    }

    @Test
    void shouldAcceptTransactionSignedWithGenesisKey()
    {
        try (Client client = connect(ThreadingMode.SHARED))
        {
            final ResultCollector results = new ResultCollector();
            final long sequence = sequence(client, results) + 1;
            final ResultCollector.Outcome outcome = results.await(
                client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), sequence), AWAIT_MS);
            assertSuccess(outcome);
            assertEquals(1, outcome.longValue(), "(def x 1) returns 1");
            assertEquals(sequence, sequence(client, results));
            assertEquals(1, results.await(client, client.query(X, 0, X.capacity(), GENESIS), AWAIT_MS).longValue());
        }
    }

    @Test
    void shouldRejectBadSignatureWithSignatureError()
    {
        try (Client client = connect(ThreadingMode.SHARED))
        {
            final ResultCollector results = new ResultCollector();
            final long sequence = sequence(client, results);
            final UnsafeBuffer signed = new UnsafeBuffer(new byte[256]);
            final int length = signedInvoke(ReferencePeer.SEED_A, sequence + 1, DEF_X_1, signed);
            signed.putByte(40, (byte)(signed.getByte(40) ^ 1));
            final ResultCollector.Outcome outcome =
                results.await(client, client.transactSigned(signed, 0, length), AWAIT_MS);
            assertFalse(outcome.timedOut());
            assertEquals("SIGNATURE", outcome.error(), "value: " + ResultCollector.hex(outcome.value()));
            System.out.println("bad signature: :" + outcome.error() + " " + render(outcome.value()));
            assertEquals(sequence, sequence(client, results), "a rejected transaction uses no sequence number");
        }
    }

    @Test
    void shouldRejectValidSignatureByWrongKeyWithSignatureError()
    {
        final Client.Context context = context(ThreadingMode.SHARED).keySeed(ReferencePeer.SEED_B);
        try (Client client = Client.connect(context))
        {
            final ResultCollector results = new ResultCollector();
            final long sequence = sequence(client, results) + 1;
            final ResultCollector.Outcome outcome = results.await(
                client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), sequence), AWAIT_MS);
            assertFalse(outcome.timedOut());
            assertEquals("SIGNATURE", outcome.error(), "value: " + ResultCollector.hex(outcome.value()));
            System.out.println("wrong key: :" + outcome.error() + " " + render(outcome.value()));
        }
    }

    @Test
    void shouldRejectReusedSequenceWithSequenceError()
    {
        try (Client client = connect(ThreadingMode.SHARED))
        {
            final ResultCollector results = new ResultCollector();
            final long sequence = sequence(client, results) + 1;
            assertSuccess(results.await(
                client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), sequence), AWAIT_MS));
            final ResultCollector.Outcome reused = results.await(
                client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), sequence), AWAIT_MS);
            assertFalse(reused.timedOut());
            assertEquals("SEQUENCE", reused.error(), "value: " + ResultCollector.hex(reused.value()));
            System.out.println("reused sequence: :" + reused.error() + " " + render(reused.value()));
        }
    }

    @Test
    void shouldAnswerEachOfAThousandPipelinedQueriesExactlyOnce()
    {
        final int count = 1000;
        final Client.Context context = context(ThreadingMode.SHARED).requestTimeoutNs(TimeUnit.SECONDS.toNanos(3));
        try (Client client = Client.connect(context))
        {
            final ResultCollector results = new ResultCollector();
            final ValueEncoder encoder = new ValueEncoder();
            final long[] ids = new long[count];
            for (int i = 0; i < count; i++)
            {
                encoder.reset();
                encoder.pushSymbol("+");
                encoder.pushLong(i);
                encoder.pushLong(1);
                encoder.pushList(3);
                encoder.finish();
                final DirectBuffer form = encoder.cells().buffer();
                final int offset = encoder.cells().topOffset();
                final int length = encoder.cells().topLength();
                long id;
                while ((id = client.query(form, offset, length, NULL)) < 0)
                {
                    client.poll(results);
                }
                ids[i] = id;
            }
            results.drain(client, AWAIT_MS);

            int stalled = 0;
            for (int i = 0; i < count; i++)
            {
                assertEquals(1, results.endings.get(ids[i]), "endings of request " + ids[i]);
                final ResultCollector.Outcome outcome = results.outcomes.get(ids[i]);
                if (outcome.timedOut())
                {
                    stalled++;
                    continue;
                }
                assertSuccess(outcome);
                assertEquals(i + 1, outcome.longValue());
            }
            assertEquals(count, results.outcomes.size());
            System.out.printf("1000 pipelined queries: %d answered, %d stalled (timed out), %d late RESULTs, " +
                "%d nudges (%d answered)%n", count - stalled, stalled, client.unmatchedResults(), client.nudgesSent(),
                client.nudgesAnswered());
            assertTrue(stalled <= 10, stalled + " of " + count + " stalled");
        }
    }

    @Test
    void shouldQueryAndStatusInInvokerMode()
    {
        try (Client client = connect(ThreadingMode.INVOKER))
        {
            assertTrue(client.transport().agentThreads().isEmpty());
            final ResultCollector results = new ResultCollector();
            final long query = client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL);
            final long status = client.status();
            assertEquals(3, results.await(client, query, AWAIT_MS).longValue());
            assertStatusVector(results.await(client, status, AWAIT_MS));
        }
    }

    private static final long NULL = MessageFields.NULL_ADDRESS;
    private static final long GENESIS = ReferencePeer.genesisAddress();

    static Client.Context context(final ThreadingMode mode)
    {
        return new Client.Context()
            .endpoint(peer.endpoint())
            .transport(t -> t.threadingMode(mode).idleStrategy(IdleStrategies.BACKOFF).errorHandler(AGENT_ERRORS))
            .keySeed(ReferencePeer.SEED_A)
            .origin(GENESIS);
    }

    static Client connect(final ThreadingMode mode)
    {
        return Client.connect(context(mode));
    }

    /** The genesis account's last used sequence number, by QUERY {@code *sequence*} as {@code #11}. */
    static long sequence(final Client client, final ResultCollector results)
    {
        final ResultCollector.Outcome outcome =
            results.await(client, client.query(SEQUENCE, 0, SEQUENCE.capacity(), GENESIS), AWAIT_MS);
        assertSuccess(outcome);
        return outcome.longValue();
    }

    /** The reference's status: {@code [belief-hash states-hash genesis-hash peer-key consensus-hash]}. */
    static void assertStatusVector(final ResultCollector.Outcome outcome)
    {
        assertSuccess(outcome);
        final byte[] value = outcome.value();
        assertEquals(2 + 5 * 34, value.length, ResultCollector.hex(value));
        assertEquals(0x80, value[0] & 0xff);
        assertEquals(5, value[1]);
        for (int i = 0; i < 5; i++)
        {
            assertEquals(0x31, value[2 + 34 * i] & 0xff);
            assertEquals(32, value[3 + 34 * i]);
        }
        assertEquals(peer.genesis.getHash().toHexString(), ResultCollector.hex(slice(value, 2 + 34 * 2 + 2, 32)));
        assertEquals(peer.keyPair.getAccountKey().toHexString(),
            ResultCollector.hex(slice(value, 2 + 34 * 3 + 2, 32)));
    }

    private static byte[] slice(final byte[] bytes, final int from, final int length)
    {
        final byte[] slice = new byte[length];
        System.arraycopy(bytes, from, slice, 0, length);
        return slice;
    }

}
