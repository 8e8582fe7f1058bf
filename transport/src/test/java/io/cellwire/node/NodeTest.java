package io.cellwire.node;

import io.cellwire.client.Client;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.MessageFields;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.testing.ResultCollector;
import io.cellwire.testing.TestCells;
import io.cellwire.transport.CounterDescriptor;
import io.cellwire.transport.IdleStrategies;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.cellwire.testing.TestCells.DEF_X_1;
import static io.cellwire.testing.TestCells.ONE_PLUS_TWO;
import static io.cellwire.testing.TestCells.assertSuccess;
import static io.cellwire.testing.TestCells.signedInvoke;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our {@link Node} with the demo application, driven by our {@link Client} over loopback: STATUS, QUERY echo (inline
 * and by ref), TRANSACT admission (good, bad signature, wrong key, reused sequence) and pipelining, each checked by
 * value and by counter.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeTest
{
    private static final long AWAIT_MS = 10_000;
    private static final long GENESIS = 11;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private Node node;
    private Client client;
    private final ResultCollector results = new ResultCollector();
    private int sent;

    @BeforeEach
    void launch()
    {
        node = Node.launch(EchoPeerHandler.nodeContext().keySeed(ReferencePeer.SEED_A)
            .transport(t -> t.port(0).idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors)));
        client = Client.connect(new Client.Context()
            .endpoint("127.0.0.1:" + node.localAddress().getPort())
            .keySeed(ReferencePeer.SEED_A)
            .origin(GENESIS)
            .transport(t -> t.idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors)));
    }

    @AfterEach
    void close()
    {
        client.close();
        node.close();
    }

    @Test
    void shouldAnswerStatusWithFiveHashesIncludingNetworkIdAndPeerKey()
    {
        final ResultCollector.Outcome outcome = results.await(client, client.status(), AWAIT_MS);
        assertSuccess(outcome);
        final byte[] value = outcome.value();
        assertEquals(2 + 5 * 34, value.length);
        assertEquals(0x80, value[0] & 0xff);
        assertEquals(5, value[1]);
        assertArrayEquals(node.networkId(), slice(value, 2 + 34 * 2 + 2));
        assertArrayEquals(node.publicKey(), slice(value, 2 + 34 * 3 + 2));
        assertEquals(1, counter(NodeCounter.STATUS_ANSWERED));
    }

    @Test
    void shouldChangeStatusAfterAnAdmittedTransaction()
    {
        final byte[] before = results.await(client, client.status(), AWAIT_MS).value();
        assertSuccess(results.await(client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), 1), AWAIT_MS));
        final byte[] after = results.await(client, client.status(), AWAIT_MS).value();
        assertTrue(!java.util.Arrays.equals(slice(before, 2 + 34 + 2), slice(after, 2 + 34 + 2)),
            "states hash changes");
        assertArrayEquals(slice(before, 2 + 34 * 2 + 2), slice(after, 2 + 34 * 2 + 2), "genesis hash stays");
    }

    @Test
    void shouldEchoQueryForm()
    {
        final ResultCollector.Outcome outcome =
            results.await(client, client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), GENESIS), AWAIT_MS);
        assertSuccess(outcome);
        assertArrayEquals(ONE_PLUS_TWO.byteArray(), outcome.value());
        assertEquals(1, counter(NodeCounter.QUERIES));
    }

    @Test
    void shouldEchoLargeFormSentByRef()
    {
        final UnsafeBuffer form = new UnsafeBuffer(new byte[4000]);
        final UnsafeBuffer bytes = new UnsafeBuffer(new byte[3990]);
        for (int i = 0; i < bytes.capacity(); i++)
        {
            bytes.putByte(i, (byte)i);
        }
        final int length = CellEncoder.writeBlob(form, 0, bytes, 0, bytes.capacity());
        final ResultCollector.Outcome outcome =
            results.await(client, client.query(form, 0, length, MessageFields.NULL_ADDRESS), AWAIT_MS);
        assertSuccess(outcome);
        assertEquals(length, outcome.value().length);
        assertArrayEquals(NodeFrames.slice(form.byteArray(), 0, length), outcome.value());
    }

    @Test
    void shouldAdmitSignedTransactionAndAnswerItsSequence()
    {
        final ResultCollector.Outcome outcome =
            results.await(client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), 1), AWAIT_MS);
        assertSuccess(outcome);
        assertEquals(1, outcome.longValue());
        assertEquals(1, counter(NodeCounter.TRANSACTIONS_ADMITTED));
    }

    @Test
    void shouldRejectReusedSequence()
    {
        assertSuccess(results.await(client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), 1), AWAIT_MS));
        final ResultCollector.Outcome again =
            results.await(client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), 1), AWAIT_MS);
        assertEquals("SEQUENCE", again.error());
        final ResultCollector.Outcome lower =
            results.await(client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), 0), AWAIT_MS);
        assertEquals("SEQUENCE", lower.error());
        assertEquals(2, counter(NodeCounter.TRANSACTIONS_USED_SEQUENCE));
        assertEquals(1, counter(NodeCounter.TRANSACTIONS_ADMITTED));
    }

    @Test
    void shouldRejectBadSignatureBeforeTheApplication()
    {
        final UnsafeBuffer signed = new UnsafeBuffer(new byte[256]);
        final int length = signedInvoke(ReferencePeer.SEED_A, 1, DEF_X_1, signed);
        signed.putByte(40, (byte)(signed.getByte(40) ^ 1));
        final ResultCollector.Outcome outcome = results.await(client, client.transactSigned(signed, 0, length), AWAIT_MS);
        assertEquals("SIGNATURE", outcome.error());
        assertEquals("Bad Signature!", TestCells.render(outcome.value()).replace("\"", ""));
        assertEquals(1, counter(NodeCounter.TRANSACTIONS_BAD_SIGNATURE));
        assertEquals(0, counter(NodeCounter.TRANSACTIONS_ADMITTED));
        assertSuccess(results.await(client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), 1), AWAIT_MS));
    }

    @Test
    void shouldRejectValidSignatureByAnotherKeyOnceTheOriginIsBound()
    {
        assertSuccess(results.await(client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), 1), AWAIT_MS));
        final UnsafeBuffer signed = new UnsafeBuffer(new byte[256]);
        final int length = signedInvoke(ReferencePeer.SEED_B, 2, DEF_X_1, signed);
        final ResultCollector.Outcome outcome = results.await(client, client.transactSigned(signed, 0, length), AWAIT_MS);
        assertEquals("SIGNATURE", outcome.error());
        assertEquals(1, counter(NodeCounter.TRANSACTIONS_WRONG_KEY));
    }

    @Test
    void shouldAnswerThousandPipelinedQueriesOnceEachWithEchoOrLoad()
    {
        final int count = 1000;
        Await.pumpUntil(this::queryOrPoll, () -> sent == count, Duration.ofMillis(AWAIT_MS),
            () -> "sent " + sent + " of " + count + " queries");
        results.drain(client, AWAIT_MS);
        assertEquals(count, results.outcomes.size());
        results.endings.values().forEach(endings -> assertEquals(1, endings));
        long loads = 0;
        for (final ResultCollector.Outcome outcome : results.outcomes.values())
        {
            if (outcome.error() == null)
            {
                assertArrayEquals(ONE_PLUS_TWO.byteArray(), outcome.value());
            }
            else
            {
                assertEquals("LOAD", outcome.error(), "a query is echoed or shed, nothing else");
                loads++;
            }
        }
        assertEquals(loads, counter(NodeCounter.SHED_QUERIES));
        assertEquals(count - loads, counter(NodeCounter.QUERIES));
        assertEquals(0, client.timeouts());
    }

    @Test
    void shouldBindOriginToKeyGivenAtStartUp()
    {
        client.close();
        node.close();
        final Ed25519Signer signer = new Ed25519Signer();
        signer.loadKey(new UnsafeBuffer(ReferencePeer.SEED_B), 0);
        final UnsafeBuffer keyB = new UnsafeBuffer(new byte[32]);
        signer.publicKey(keyB, 0);
        node = Node.launch(EchoPeerHandler.nodeContext()
            .transport(t -> t.port(0).idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors))
            .accountTable(new InMemoryAccountTable().bind(GENESIS, keyB.byteArray())));
        client = Client.connect(new Client.Context()
            .endpoint("127.0.0.1:" + node.localAddress().getPort())
            .keySeed(ReferencePeer.SEED_A)
            .origin(GENESIS)
            .transport(t -> t.idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors)));
        final ResultCollector.Outcome outcome =
            results.await(client, client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), 1), AWAIT_MS);
        assertEquals("SIGNATURE", outcome.error());
    }

    /** Sends a query, or polls for results while the client refuses one. */
    private int queryOrPoll()
    {
        if (client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), MessageFields.NULL_ADDRESS) > 0)
        {
            sent++;
            return 1;
        }
        return client.poll(results);
    }

    private long counter(final CounterDescriptor descriptor)
    {
        return counter(descriptor, CounterDescriptor.NO_KEY);
    }

    private long counter(final CounterDescriptor descriptor, final int key)
    {
        final long value = node.counters().value(descriptor, key);
        assertTrue(value >= 0, "no counter " + descriptor);
        return value;
    }

    private static byte[] slice(final byte[] bytes, final int from)
    {
        return NodeFrames.slice(bytes, from, 32);
    }
}
