package io.cellwire.node;

import convex.core.Belief;
import convex.core.crypto.AKeyPair;
import io.cellwire.codec.message.BeliefDecoder;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.transport.CounterDescriptor;
import io.cellwire.transport.IdleStrategies;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the node hands an application that keeps a store of its own (a CVM): BELIEFs whose refs are not in the lane's
 * store, when {@link Node.Context#beliefRefsResolved(boolean)} is off, and MISSING_DATA for cells the lane's store
 * lacks.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ApplicationStoreTest
{
    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private Node node;

    @AfterEach
    void close()
    {
        if (node != null)
        {
            node.close();
        }
    }

    @Test
    void shouldHandABeliefWhoseRefsAreMissingToTheApplicationWhenRefsAreLeftToIt() throws IOException
    {
        node = Node.launch(context().beliefRefsResolved(false));
        final AKeyPair key = AKeyPair.create(ReferencePeer.SEED_C);
        final byte[] belief = key.signData(Belief.createSingleOrder(key)).getEncoding().getBytes();
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.BELIEF, belief);
            // the node counts the belief accepted just before it hands it on: wait for the application's note
            Await.until(() -> !seen.isEmpty(), Await.TIMEOUT, () -> "the BELIEF reached the application");
        }
        assertEquals("belief " + belief.length, seen.poll());
        assertEquals(1, counter(NodeCounter.BELIEFS_ACCEPTED));
        assertEquals(0, counter(NodeCounter.PARKED), "not parked for its refs");
        assertEquals(0, counter(NodeCounter.MISSING_DATA_SENT), "the application asks for what it lacks itself");
        assertEquals(1, counter(NodeCounter.BELIEF_SIGNATURES_VERIFIED));
    }

    @Test
    void shouldParkABeliefWhoseRefsAreMissingByDefault() throws IOException
    {
        node = Node.launch(context());
        final AKeyPair key = AKeyPair.create(ReferencePeer.SEED_C);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.BELIEF, key.signData(Belief.createSingleOrder(key)).getEncoding().getBytes());
            assertEquals(MessageType.MISSING_DATA, socket.receive(MessageType.MISSING_DATA, Await.TIMEOUT.toMillis())
                .type());
        }
        assertEquals(1, counter(NodeCounter.PARKED));
        assertEquals(0, counter(NodeCounter.BELIEFS_ACCEPTED));
    }

    @Test
    void shouldHandMissingDataForACellTheLaneLacksToTheApplication() throws IOException
    {
        node = Node.launch(context());
        final byte[] known = NodeFrames.blob(300, 1);
        final byte[] unknownId = NodeFrames.valueId(NodeFrames.blob(300, 2));
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.DATA, known);
            socket.send(MessageType.MISSING_DATA, NodeFrames.hashCell(NodeFrames.valueId(known)));
            assertEquals(HexFormat.of().formatHex(known),
                HexFormat.of().formatHex(socket.receive(MessageType.DATA, Await.TIMEOUT.toMillis()).payload()),
                "the lane answers what its store holds");
            socket.send(MessageType.MISSING_DATA, NodeFrames.hashCell(unknownId));
            Await.until(() -> !seen.isEmpty(), Await.TIMEOUT, () -> "the application is asked");
        }
        assertEquals("missing " + HexFormat.of().formatHex(unknownId), seen.poll());
        assertEquals(1, counter(NodeCounter.MISSING_DATA_UNKNOWN));
        assertEquals(1, counter(NodeCounter.MISSING_DATA_ANSWERED));
    }

    private Node.Context context()
    {
        return new Node.Context().handlerFactory((lane, status) -> new Recorder())
            .transport(t -> t.port(0).idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors));
    }

    private long counter(final CounterDescriptor descriptor)
    {
        return node.counters().value(descriptor, CounterDescriptor.NO_KEY);
    }

    /** Notes each BELIEF and MISSING_DATA it is handed; a lane's. */
    private final class Recorder implements PeerHandler
    {
        private final UnsafeBuffer id = new UnsafeBuffer(new byte[32]);

        @Override
        public void onQuery(final QueryDecoder query, final PeerSession session)
        {
            throw new AssertionError("no queries in this test");
        }

        @Override
        public void onTransact(final Transaction transaction, final PeerSession session)
        {
            throw new AssertionError("no transactions in this test");
        }

        @Override
        public void onBelief(final BeliefDecoder belief, final PeerSession session)
        {
            seen.add("belief " + belief.length());
        }

        @Override
        public void onMissingData(final MissingDataDecoder missing, final PeerSession session)
        {
            id.putBytes(0, missing.buffer(), missing.valueIdOffset(), 32);
            seen.add("missing " + HexFormat.of().formatHex(id.byteArray()));
        }
    }
}
