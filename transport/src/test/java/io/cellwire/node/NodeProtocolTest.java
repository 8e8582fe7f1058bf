package io.cellwire.node;

import convex.core.Belief;
import convex.core.crypto.AKeyPair;
import convex.core.data.Blob;
import convex.core.data.SignedData;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.transport.CounterDescriptor;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import io.cellwire.transport.TransportCounter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static io.cellwire.node.NodeFrames.blob;
import static io.cellwire.node.NodeFrames.errorName;
import static io.cellwire.node.NodeFrames.hashCell;
import static io.cellwire.node.NodeFrames.queryByRef;
import static io.cellwire.node.NodeFrames.queryInline;
import static io.cellwire.node.NodeFrames.result;
import static io.cellwire.node.NodeFrames.sendTree;
import static io.cellwire.node.NodeFrames.valueId;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The node's protocol rules, played byte by byte from a raw socket: parking on missing refs and resuming on DATA,
 * discarding after the timeout, answering MISSING_DATA, GOODBYE, BELIEF validation and dedupe, load shedding from the
 * poller, and the trust handshake between two nodes — each checked by the frames on the wire and by counter.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NodeProtocolTest
{
    private static final long AWAIT_MS = 5_000;
    /** Id of the QUERY whose RESULT shows that every frame sent before it on its connection was handled. */
    private static final long LATER_QUERY_ID = 99;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private Node node;
    private Node other;

    @AfterEach
    void close()
    {
        if (node != null)
        {
            node.close();
        }
        if (other != null)
        {
            other.close();
        }
    }

    private Node.Context context()
    {
        return EchoPeerHandler.nodeContext()
            .transport(t -> t.port(0).idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors));
    }

    @Test
    void shouldParkQueryWithMissingRefAskForItAndResumeOnData() throws IOException
    {
        node = Node.launch(context());
        final byte[] blob = blob(300);
        final byte[] id = valueId(blob);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.QUERY, queryByRef(7, id));
            final PeerSocket.Frame missing = socket.receive(MessageType.MISSING_DATA, AWAIT_MS);
            assertArrayEquals(hashCell(id), missing.payload());
            socket.send(MessageType.DATA, blob);
            final ResultDecoder result = result(socket.receive(MessageType.RESULT, AWAIT_MS));
            assertEquals(7, result.id());
            assertTrue(result.valueIsRef());
            assertFalse(result.hasError());
        }
        assertEquals(1, counter(NodeCounter.PARKED));
        assertEquals(1, counter(NodeCounter.PARKED_RESUMED));
        assertEquals(1, counter(NodeCounter.MISSING_DATA_SENT));
        assertEquals(1, counter(NodeCounter.QUERIES));
    }

    @Test
    void shouldAnswerMissingDataFromStoreAndCountUnknown() throws IOException
    {
        node = Node.launch(context());
        final byte[] blob = blob(500);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.MISSING_DATA, hashCell(valueId(blob)));
            socket.send(MessageType.DATA, blob);
            socket.send(MessageType.MISSING_DATA, hashCell(valueId(blob)));
            assertArrayEquals(blob, socket.receive(MessageType.DATA, AWAIT_MS).payload());
        }
        assertEquals(1, counter(NodeCounter.MISSING_DATA_UNKNOWN));
        assertEquals(1, counter(NodeCounter.MISSING_DATA_ANSWERED));
    }

    @Test
    void shouldCloseOnGoodbye() throws IOException
    {
        node = Node.launch(context());
        final AKeyPair key = AKeyPair.create(ReferencePeer.SEED_A);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.GOODBYE, key.signData(key.getAccountKey()).getEncoding().getBytes());
            socket.assertClosedWithin(AWAIT_MS);
        }
        assertEquals(1, counter(NodeCounter.GOODBYES));
    }

    @Test
    void shouldAcceptBeliefOnceIgnoreRepeatAndCloseOnBadSignature() throws Exception
    {
        node = Node.launch(context());
        final AKeyPair key = AKeyPair.create(ReferencePeer.SEED_A);
        final SignedData<Belief> belief = key.signData(Belief.createSingleOrder(key));
        final byte[] signed = belief.getEncoding().getBytes();
        try (PeerSocket socket = new PeerSocket(node))
        {
            sendTree(socket, belief.getValue());
            socket.send(MessageType.BELIEF, signed);
            socket.send(MessageType.BELIEF, signed);
            awaitCounter(NodeCounter.BELIEFS_DUPLICATE, 1);
            awaitCounter(NodeCounter.BELIEFS_ACCEPTED, 1);
            final byte[] forged = signed.clone();
            forged[1 + 32 + 5] ^= 1;
            socket.send(MessageType.BELIEF, forged);
            socket.assertClosedWithin(AWAIT_MS);
        }
        assertEquals(1, counter(NodeCounter.BELIEFS_BAD_SIGNATURE));
    }

    @Test
    void shouldCloseOnSignedValueThatIsNotABelief() throws IOException
    {
        node = Node.launch(context());
        final AKeyPair key = AKeyPair.create(ReferencePeer.SEED_A);
        final Blob notBelief = Blob.wrap(blob(300), 3, 297);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.DATA, notBelief.getEncoding().getBytes());
            socket.send(MessageType.BELIEF, key.signData(notBelief).getEncoding().getBytes());
            socket.assertClosedWithin(AWAIT_MS);
        }
        assertEquals(1, counter(NodeCounter.BELIEFS_INVALID));
    }

    @Test
    void shouldAnswerLoadFromPollerAndDropBeliefWhileTheLaneIsFull() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        node = Node.launch(context()
            .transport(t -> t.threadingMode(ThreadingMode.DEDICATED).slotsPerLane(4).prioritySlots(0)
                .framesPerConnection(4))
            .handlerFactory((lane, status) -> new BlockingEcho(release)));
        final AKeyPair key = AKeyPair.create(ReferencePeer.SEED_A);
        final SignedData<Belief> belief = key.signData(Belief.createSingleOrder(key));
        final int queries = 20;
        try (PeerSocket socket = new PeerSocket(node))
        {
            for (int i = 1; i <= queries; i++)
            {
                socket.send(MessageType.QUERY, queryInline(i));
            }
            int loads = 0;
            for (int i = 0; i < queries - 4; i++)
            {
                final ResultDecoder result = result(socket.receive(MessageType.RESULT, AWAIT_MS));
                assertTrue(result.hasError());
                assertEquals(":LOAD", errorName(result));
                assertTrue(result.id() > 4, "the first four queries are the connection's share of the lane");
                loads++;
            }
            socket.send(MessageType.BELIEF, belief.getEncoding().getBytes());
            awaitCounter(NodeCounter.SHED_BELIEFS, 1);
            release.countDown();
            for (int i = 1; i <= 4; i++)
            {
                final ResultDecoder result = result(socket.receive(MessageType.RESULT, AWAIT_MS));
                assertEquals(i, result.id());
                assertFalse(result.hasError());
            }
            assertEquals(queries - 4, loads);
        }
        assertEquals(queries - 4, counter(NodeCounter.SHED_QUERIES));
        assertEquals(4, counter(NodeCounter.QUERIES));
    }

    @Test
    void shouldTrustPeerLinkOnlyAfterResponseFromExpectedKey() throws Exception
    {
        final byte[] network = valueId(blob(200));
        node = Node.launch(context().keySeed(ReferencePeer.SEED_A).networkId(network));
        other = Node.launch(context().keySeed(ReferencePeer.SEED_B).networkId(network));
        final PeerLink trusted = node.connect("127.0.0.1", other.localAddress().getPort(), other.publicKey());
        awaitTrue(trusted::isTrusted, () -> "the link to the other node is trusted");
        assertEquals(1, counter(NodeCounter.CHALLENGES_SENT));
        assertEquals(1, counter(NodeCounter.RESPONSES_ACCEPTED));
        assertEquals(1, other.counters().value(NodeCounter.CHALLENGES_ANSWERED));
        assertTrue(node.transport().connection(trusted.connectionId()).isPrioritized());

        final PeerLink wrongKey = node.connect("127.0.0.1", other.localAddress().getPort(), node.publicKey());
        awaitTrue(() -> other.counters().value(NodeCounter.CHALLENGES_REJECTED) == 1,
            () -> "the other node rejects the challenge for the wrong key");
        assertFalse(wrongKey.isTrusted(), "a peer that is not the expected key never answers");
        wrongKey.close();

        node.close();
        node = null;
        awaitTrue(() -> other.counters().value(NodeCounter.GOODBYES) == 1, () -> "GOODBYE from the closing node");
        awaitTrue(() -> other.counters().value(TransportCounter.CONNECTIONS_ACTIVE) == 0,
            () -> "the other node reads both links to their end: " +
                other.counters().value(TransportCounter.CONNECTIONS_ACTIVE) + " open");
        assertEquals(1, other.counters().value(TransportCounter.FRAMES_IN, MessageType.GOODBYE),
            "GOODBYE on the open link only, with every frame of both links read");
        assertEquals(1, other.counters().value(NodeCounter.GOODBYES), "GOODBYE on the open link only");
    }

    @Test
    void shouldCloseLinkWhoseResponseIsSignedByAnotherKey() throws Exception
    {
        node = Node.launch(context().keySeed(ReferencePeer.SEED_A));
        final Ed25519Signer signer = new Ed25519Signer();
        signer.loadKey(new UnsafeBuffer(ReferencePeer.SEED_C), 0);
        final Handshake impostor = new Handshake(signer);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            server.setSoTimeout((int)AWAIT_MS);
            final PeerLink link = node.connect("127.0.0.1", server.getLocalPort(), valueId(blob(200)));
            try (PeerSocket socket = new PeerSocket(server.accept()))
            {
                NodeFrames.answerChallenge(socket, impostor, node.networkId());
                socket.assertClosedWithin(AWAIT_MS);
            }
            assertFalse(link.isTrusted());
            link.close();
        }
        assertEquals(1, counter(NodeCounter.RESPONSES_REJECTED));
        assertEquals(0, counter(NodeCounter.RESPONSES_ACCEPTED));
    }

    @Test
    void shouldRejectChallengeForAnotherNetworkOrWithForgedSignature() throws Exception
    {
        node = Node.launch(context().keySeed(ReferencePeer.SEED_A));
        final Ed25519Signer signer = new Ed25519Signer();
        signer.loadKey(new UnsafeBuffer(ReferencePeer.SEED_B), 0);
        final Handshake challenger = new Handshake(signer);
        final UnsafeBuffer hashes = new UnsafeBuffer(new byte[96]);
        hashes.putBytes(0, valueId(blob(120)));
        hashes.putBytes(32, node.networkId());
        hashes.putBytes(64, node.publicKey());
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[512]);
        final UnsafeBuffer challengeHash = new UnsafeBuffer(new byte[32]);
        try (PeerSocket socket = new PeerSocket(node))
        {
            int length = challenger.writeChallenge(frame, hashes, challengeHash);
            final int header = length - 201;
            socket.send(MessageType.CHALLENGE, frame, header, length - header);
            final PeerSocket.Frame response = socket.receive(MessageType.RESPONSE, AWAIT_MS);
            assertEquals(235, response.payload().length);
            assertArrayEquals(challengeHash.byteArray(), slice(response.payload(), 97 + 2 + 3 * 34 + 2));

            hashes.putByte(32, (byte)(hashes.getByte(32) ^ 1));
            length = challenger.writeChallenge(frame, hashes, challengeHash);
            socket.send(MessageType.CHALLENGE, frame, header, length - header);
            hashes.putByte(32, (byte)(hashes.getByte(32) ^ 1));
            challenger.writeChallenge(frame, hashes, challengeHash);
            frame.putByte(header + 40, (byte)(frame.getByte(header + 40) ^ 1));
            socket.send(MessageType.CHALLENGE, frame, header, length - header);
            awaitCounter(NodeCounter.CHALLENGES_REJECTED, 2);
            assertNextResultIsTheLaterQuerys(socket, "no RESPONSE to a rejected CHALLENGE");
        }
        assertEquals(1, counter(NodeCounter.CHALLENGES_ANSWERED));
    }

    @Test
    void shouldKeepReservedSlotsForTrustedPeerWhileUntrustedQueriesAreShed() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        // one frame per untrusted connection in the lane, so that each untrusted query takes a slot of its own
        node = Node.launch(context()
            .keySeed(ReferencePeer.SEED_A)
            .transport(t -> t.threadingMode(ThreadingMode.DEDICATED).slotsPerLane(8).prioritySlots(4)
                .framesPerConnection(1))
            .linkKeepaliveNs(TimeUnit.MINUTES.toNanos(1))
            .handlerFactory((lane, status) -> new BlockingEcho(release)));
        final Ed25519Signer signer = new Ed25519Signer();
        signer.loadKey(new UnsafeBuffer(ReferencePeer.SEED_C), 0);
        final Handshake peerC = new Handshake(signer);
        final List<PeerSocket> untrusted = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            server.setSoTimeout((int)AWAIT_MS);
            final UnsafeBuffer keyC = new UnsafeBuffer(new byte[32]);
            signer.publicKey(keyC, 0);
            final PeerLink link = node.connect("127.0.0.1", server.getLocalPort(), keyC.byteArray());
            try (PeerSocket trusted = new PeerSocket(server.accept()))
            {
                NodeFrames.answerChallenge(trusted, peerC, node.networkId());
                awaitTrue(link::isTrusted, () -> "the link to peer C is trusted");

                for (int i = 1; i <= 10; i++)
                {
                    final PeerSocket socket = new PeerSocket(node);
                    untrusted.add(socket);
                    socket.send(MessageType.QUERY, queryInline(i));
                }
                awaitCounter(NodeCounter.SHED_QUERIES, 6);
                for (int i = 101; i <= 104; i++)
                {
                    trusted.send(MessageType.QUERY, queryInline(i));
                }
                awaitTrue(() -> node.counters().value(TransportCounter.FRAMES_IN, MessageType.QUERY) == 14,
                    () -> "14 queries read: " + node.counters().value(TransportCounter.FRAMES_IN, MessageType.QUERY));
                release.countDown();
                for (int i = 101; i <= 104; i++)
                {
                    final ResultDecoder result = result(trusted.receive(MessageType.RESULT, AWAIT_MS));
                    assertEquals(i, result.id());
                    assertFalse(result.hasError(), "the trusted peer's queries take the reserved slots");
                }
                int loads = 0;
                for (final PeerSocket socket : untrusted)
                {
                    final ResultDecoder result = result(socket.receive(MessageType.RESULT, AWAIT_MS));
                    loads += result.hasError() && ":LOAD".equals(errorName(result)) ? 1 : 0;
                }
                assertEquals(6, loads, "untrusted queries beyond the 4 ordinary slots are shed");
                link.close();
            }
        }
        finally
        {
            CloseHelper.closeAll(untrusted);
        }
        assertEquals(6, counter(NodeCounter.SHED_QUERIES));
        assertEquals(8, counter(NodeCounter.QUERIES));
    }

    /** An echo handler whose lane thread blocks on its first query until released: makes the lane fill up. */
    private static final class BlockingEcho implements PeerHandler
    {
        private final CountDownLatch release;
        private final UnsafeBuffer form = new UnsafeBuffer(new byte[0]);

        BlockingEcho(final CountDownLatch release)
        {
            this.release = release;
        }

        @Override
        public void onQuery(final QueryDecoder query, final PeerSession session)
        {
            try
            {
                assertTrue(release.await(AWAIT_MS, TimeUnit.MILLISECONDS), "the test releases the lane");
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
            query.wrapForm(form);
            session.result(query.id(), form, 0, form.capacity());
        }

        @Override
        public void onTransact(final Transaction transaction, final PeerSession session)
        {
            throw new AssertionError("no transactions in this test");
        }
    }

    private static byte[] slice(final byte[] bytes, final int from)
    {
        return NodeFrames.slice(bytes, from, 32);
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

    private void awaitCounter(final CounterDescriptor label, final long atLeast)
    {
        awaitTrue(() -> counter(label) >= atLeast, () -> label.label() + " is " + counter(label) + ", not " + atLeast);
        assertEquals(atLeast, counter(label), label.label());
    }

    private static void awaitTrue(final BooleanSupplier condition, final Supplier<String> what)
    {
        Await.until(condition, Await.TIMEOUT, what);
    }

    /**
     * Sends a QUERY and takes the next frame, which must be its RESULT: the lane handles a connection's frames in
     * order, so whatever it would have sent for an earlier frame would have come first.
     */
    private static void assertNextResultIsTheLaterQuerys(final PeerSocket socket, final String why) throws IOException
    {
        socket.send(MessageType.QUERY, queryInline(LATER_QUERY_ID));
        final PeerSocket.Frame next = socket.receive(AWAIT_MS);
        assertEquals(MessageType.RESULT, next.type(), why + ": frame type " + next.type());
        final ResultDecoder result = result(next);
        assertEquals(LATER_QUERY_ID, result.id(), why);
        assertFalse(result.hasError(), why);
    }
}
