package io.cellwire.node;

import convex.core.Belief;
import convex.core.crypto.AKeyPair;
import convex.core.data.SignedData;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.transport.CounterDescriptor;
import io.cellwire.transport.IdleStrategies;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.cellwire.node.NodeFrames.blob;
import static io.cellwire.node.NodeFrames.errorName;
import static io.cellwire.node.NodeFrames.hashCell;
import static io.cellwire.node.NodeFrames.queryByRef;
import static io.cellwire.node.NodeFrames.result;
import static io.cellwire.node.NodeFrames.sendTree;
import static io.cellwire.node.NodeFrames.signedInvoke;
import static io.cellwire.node.NodeFrames.transactByRef;
import static io.cellwire.node.NodeFrames.valueId;
import static io.cellwire.node.NodeFrames.valueText;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Messages parked for their refs, over raw frames: each connection's messages resume in the order they came, an
 * expired QUERY or TRANSACT is answered {@code :MISSING}, a cell still missing is asked for again, and a parked BELIEF
 * is verified once however much DATA arrives while it waits.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeParkingTest
{
    private static final long AWAIT_MS = 10_000;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private Node node;

    @AfterEach
    void closeNode()
    {
        CloseHelper.quietClose(node);
    }

    private Node.Context context()
    {
        return EchoPeerHandler.nodeContext()
            .transport(t -> t.port(0).idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors));
    }

    @Test
    void shouldResumeAConnectionsTransactionsInTheOrderTheyCame() throws IOException
    {
        node = Node.launch(context());
        final byte[] first = signedInvoke(ReferencePeer.SEED_A, 1);
        final byte[] second = signedInvoke(ReferencePeer.SEED_A, 2);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.TRANSACT, transactByRef(1, valueId(first)));
            assertArrayEquals(hashCell(valueId(first)), socket.receive(MessageType.MISSING_DATA, AWAIT_MS).payload());
            socket.send(MessageType.DATA, second);
            socket.send(MessageType.TRANSACT, transactByRef(2, valueId(second)));
            awaitTrue(() -> counter(NodeCounter.PARKED) == 2, "both TRANSACTs parked");
            socket.send(MessageType.DATA, first);

            final ResultDecoder one = result(socket.receive(MessageType.RESULT, AWAIT_MS));
            assertEquals(1, one.id());
            assertFalse(one.hasError());
            assertEquals("1", valueText(one));
            final ResultDecoder two = result(socket.receive(MessageType.RESULT, AWAIT_MS));
            assertEquals(2, two.id());
            assertFalse(two.hasError(), "sequence 2 is admitted after sequence 1, not before it");
            assertEquals("2", valueText(two));
        }
        assertEquals(2, counter(NodeCounter.TRANSACTIONS_ADMITTED));
        assertEquals(0, counter(NodeCounter.TRANSACTIONS_USED_SEQUENCE));
        assertEquals(2, counter(NodeCounter.PARKED_RESUMED));
    }

    @Test
    void shouldAnswerAnExpiredParkedQueryAndTransactionWithMissing() throws IOException
    {
        node = Node.launch(context().parkTimeoutNs(TimeUnit.MILLISECONDS.toNanos(100)));
        final byte[] blob = blob(300);
        final byte[] signed = signedInvoke(ReferencePeer.SEED_A, 1);
        try (PeerSocket query = new PeerSocket(node); PeerSocket transact = new PeerSocket(node))
        {
            query.send(MessageType.QUERY, queryByRef(8, valueId(blob)));
            transact.send(MessageType.TRANSACT, transactByRef(9, valueId(signed)));
            query.receive(MessageType.MISSING_DATA, AWAIT_MS);
            transact.receive(MessageType.MISSING_DATA, AWAIT_MS);

            final ResultDecoder queryResult = result(query.receive(MessageType.RESULT, AWAIT_MS));
            assertEquals(8, queryResult.id());
            assertEquals(":MISSING", errorName(queryResult));
            final ResultDecoder transactResult = result(transact.receive(MessageType.RESULT, AWAIT_MS));
            assertEquals(9, transactResult.id());
            assertEquals(":MISSING", errorName(transactResult));
        }
        assertEquals(2, counter(NodeCounter.PARKED_EXPIRED));
        assertEquals(0, counter(NodeCounter.QUERIES));
        assertEquals(0, counter(NodeCounter.TRANSACTIONS_ADMITTED));
    }

    @Test
    void shouldAskAgainForACellStillMissingAfterTheRetryInterval() throws IOException
    {
        node = Node.launch(context().missingDataRetryNs(TimeUnit.MILLISECONDS.toNanos(100)));
        final byte[] blob = blob(300);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.QUERY, queryByRef(7, valueId(blob)));
            assertArrayEquals(hashCell(valueId(blob)), socket.receive(MessageType.MISSING_DATA, AWAIT_MS).payload());
            assertArrayEquals(hashCell(valueId(blob)), socket.receive(MessageType.MISSING_DATA, AWAIT_MS).payload(),
                "asked again while the query is still parked");
            socket.send(MessageType.DATA, blob);
            final ResultDecoder result = result(socket.receive(MessageType.RESULT, AWAIT_MS));
            assertEquals(7, result.id());
            assertFalse(result.hasError());
        }
        assertTrue(counter(NodeCounter.MISSING_DATA_SENT) >= 2);
        assertEquals(1, counter(NodeCounter.PARKED));
        assertEquals(1, counter(NodeCounter.QUERIES));
    }

    @Test
    void shouldVerifyEachParkedBeliefOnceWhileDataTrickles() throws IOException
    {
        node = Node.launch(context());
        final int beliefs = 8;
        final int trickle = 20;
        final SignedData<?>[] signed = new SignedData<?>[beliefs];
        try (PeerSocket socket = new PeerSocket(node))
        {
            for (int i = 0; i < beliefs; i++)
            {
                final AKeyPair key = AKeyPair.create(seed(100 + i));
                signed[i] = key.signData(Belief.createSingleOrder(key));
                socket.send(MessageType.BELIEF, signed[i].getEncoding().getBytes());
            }
            awaitTrue(() -> counter(NodeCounter.PARKED) == beliefs, "every BELIEF parked");
            for (int i = 0; i < trickle; i++)
            {
                final long stored = counter(NodeCounter.DATA_STORED);
                socket.send(MessageType.DATA, blob(200 + i, 3 + i));
                awaitTrue(() -> counter(NodeCounter.DATA_STORED) == stored + 1, "the DATA stored");
            }
            assertEquals(beliefs, counter(NodeCounter.BELIEF_SIGNATURES_VERIFIED),
                "a parked belief is not verified again on each DATA");
            for (final SignedData<?> belief : signed)
            {
                sendTree(socket, belief.getValue());
            }
            awaitTrue(() -> counter(NodeCounter.BELIEFS_ACCEPTED) == beliefs, "every BELIEF accepted");
        }
        assertEquals(beliefs, counter(NodeCounter.BELIEF_SIGNATURES_VERIFIED));
        assertEquals(beliefs, counter(NodeCounter.PARKED_RESUMED));
        assertEquals(0, counter(NodeCounter.BELIEFS_BAD_SIGNATURE));
    }

    private static byte[] seed(final int last)
    {
        final byte[] seed = new byte[32];
        seed[31] = (byte)last;
        return seed;
    }

    private long counter(final CounterDescriptor descriptor)
    {
        final long value = node.counters().value(descriptor);
        assertTrue(value >= 0, "no counter " + descriptor);
        return value;
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what)
    {
        Await.until(condition, Duration.ofMillis(AWAIT_MS), () -> what);
    }
}
