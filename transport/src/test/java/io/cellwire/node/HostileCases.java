package io.cellwire.node;

import convex.core.Belief;
import convex.core.crypto.AKeyPair;
import convex.core.data.SignedData;
import io.cellwire.client.Client;
import io.cellwire.client.ResultHandler;
import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.codec.message.TransactEncoder;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.testing.ResultCollector;
import io.cellwire.testing.TestCells;
import io.cellwire.transport.CounterDescriptor;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import io.cellwire.transport.Transport;
import io.cellwire.transport.TransportCounter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static io.cellwire.node.NodeFrames.frame;
import static io.cellwire.node.NodeFrames.slice;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile inputs of {@link HostileInputTest}, each on its own connection, against any running {@link Node}: after
 * each case the offending connection has been dealt with (closed, evicted, or its input shed or bounded) with the
 * counter that shows it, and a fresh client gets a correct STATUS answer (the five hashes, with the node's network ID
 * and key). A {@link HealthyClient} keeps queries in flight meanwhile, each checked against the answer the node's
 * application gives. Configure the node with {@link #transport} and {@link #STORE_BYTES}, as the cases' bounds assume.
 * Test support, public so that a node with another application behind it (the Convex peer of the bench) faces the same
 * cases; used on the test thread only.
 */
public final class HostileCases
{
    /** Bytes of the node's store the cases assume ({@code Node.Context#storeCapacityBytes}). */
    public static final int STORE_BYTES = 256 * 1024;
    private static final long AWAIT_MS = 15_000;
    private static final Duration AWAIT = Duration.ofMillis(AWAIT_MS);
    private static final Duration FLOOD_TIMEOUT = Duration.ofSeconds(20);
    private static final int HASH_ITEM = 2 + 32;
    private static final int STATUS_LENGTH = 2 + 5 * HASH_ITEM;
    private static final int STATUS_NETWORK_ID_OFFSET = 2 + 2 * HASH_ITEM + 2;
    private static final int STATUS_PEER_KEY_OFFSET = 2 + 3 * HASH_ITEM + 2;

    private final Node node;
    private final AgentErrors agentErrors;
    private final boolean beliefRefsResolved;
    private boolean floodReset;

    /**
     * @param node               the node under attack, launched with {@link #transport} and {@link #STORE_BYTES}.
     * @param agentErrors        the error handler its transport reports to.
     * @param beliefRefsResolved as the node was launched ({@code Node.Context#beliefRefsResolved}): whether it parks
     *                           a BELIEF until its refs arrive, or hands it to the application at once.
     */
    public HostileCases(final Node node, final AgentErrors agentErrors, final boolean beliefRefsResolved)
    {
        this.node = node;
        this.agentErrors = agentErrors;
        this.beliefRefsResolved = beliefRefsResolved;
    }

    /**
     * The transport settings the cases assume: short frame and idle timeouts, a quick slow-consumer eviction and the
     * smallest outbound ring, on any port.
     *
     * @param transport   the node's transport context.
     * @param agentErrors its error handler.
     */
    public static void transport(final Transport.Context transport, final AgentErrors agentErrors)
    {
        transport
            .port(0)
            .idleStrategy(IdleStrategies.BACKOFF)
            .frameTimeoutNs(TimeUnit.MILLISECONDS.toNanos(500))
            .idleTimeoutNs(TimeUnit.SECONDS.toNanos(2))
            .slowConsumerEvictionNs(TimeUnit.MILLISECONDS.toNanos(500))
            .errorHandler(agentErrors);
    }

    /** Malformed input, each closing its connection with a named error counted. */
    public void malformedInputs() throws IOException
    {
        closedWithReason("garbage", bytes(0xff, 0xfe, 0xfd, 0xfc, 0x00, 0x01), TransportCounter.ERRORS);
        closedWithReason("3-byte length header", bytes(0xbf, 0xff, 0x7f, 0x06), TransportCounter.ERRORS);
        closedWithReason("non-minimal length header", bytes(0x80, 0x03, 0x0b, 0x09, 0x01), TransportCounter.ERRORS);
        closedWithReason("unknown type byte", bytes(0x03, 0x0c, 0x09, 0x01), TransportCounter.ERRORS);
        closedWithReason("truncated cell", frame(MessageType.QUERY, bytes(0x80, 0x03, 0x09)), TransportCounter.ERRORS);
        closedWithReason("deep nesting", frame(MessageType.DATA, nested(200)), TransportCounter.ERRORS);
        closedWithReason("huge claimed count",
            frame(MessageType.DATA, bytes(0x80, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x09, 0x01)), TransportCounter.ERRORS);
    }

    public void closedWithReason(final String what, final byte[] input, final CounterDescriptor family)
        throws IOException
    {
        final long errorsBefore = sum(family);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.sendRaw(input);
            socket.assertClosedWithin(AWAIT_MS);
        }
        assertTrue(sum(family) > errorsBefore, what + ": a named error is counted");
        assertStatusAnswered(what);
    }

    public void slowloris() throws Exception
    {
        final byte[] query = frame(MessageType.QUERY, NodeFrames.queryInline(1));
        try (PeerSocket socket = new PeerSocket(node))
        {
            for (int i = 0; i < query.length - 1; i++)
            {
                try
                {
                    socket.sendRaw(new byte[]{ query[i] });
                }
                catch (final IOException closed)
                {
                    break;
                }
                Thread.sleep(50); // the attack: one byte every 50 ms, slower than the frame timeout allows
            }
            socket.assertClosedWithin(AWAIT_MS);
        }
        assertEquals(1, counter(TransportCounter.CONNECTIONS_FRAME_TIMEOUT), "slowloris");
        assertStatusAnswered("slowloris");
    }

    public void silentConnection() throws IOException
    {
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.assertClosedWithin(AWAIT_MS);
        }
        assertTrue(counter(TransportCounter.CONNECTIONS_IDLE) >= 1, "silent connection");
        assertStatusAnswered("silent connection");
    }

    public void floodWithoutReading() throws IOException
    {
        final ByteBuffer frames = ByteBuffer.allocate(64 * 1024);
        final byte[] query = frame(MessageType.QUERY, NodeFrames.queryInline(1));
        while (frames.remaining() >= query.length)
        {
            frames.put(query);
        }
        frames.flip();
        floodReset = false;
        try (SocketChannel channel = SocketChannel.open(node.localAddress()))
        {
            channel.configureBlocking(false);
            Await.pumpUntil(() -> flood(channel, frames),
                () -> floodReset || counter(TransportCounter.CONNECTIONS_EVICTED) > 0 && !channelOpenOnNode(channel),
                FLOOD_TIMEOUT, () -> "the node ends a connection that floods without reading: evicted " +
                    counter(TransportCounter.CONNECTIONS_EVICTED));
        }
        assertEquals(1, counter(TransportCounter.CONNECTIONS_EVICTED), "flood without reading replies");
        assertStatusAnswered("flood without reading");
    }

    /**
     * Writes more of the flood, starting it again once all is written, so the stream stays whole frames; the work
     * done is the bytes the socket took, and a reset ends the flood.
     */
    private int flood(final SocketChannel channel, final ByteBuffer frames)
    {
        try
        {
            if (!frames.hasRemaining())
            {
                frames.rewind();
            }
            return channel.write(frames);
        }
        catch (final IOException reset)
        {
            floodReset = true;
            return 0;
        }
    }

    private static boolean channelOpenOnNode(final SocketChannel channel)
    {
        final ByteBuffer probe = ByteBuffer.allocate(1);
        try
        {
            return channel.read(probe) >= 0;
        }
        catch (final IOException reset)
        {
            return false;
        }
    }

    public void halfCloseMidFrame() throws IOException
    {
        final long before = counter(TransportCounter.CONNECTIONS_END_OF_STREAM);
        final byte[] query = frame(MessageType.QUERY, NodeFrames.queryInline(1));
        try (Socket socket = new Socket("127.0.0.1", node.localAddress().getPort()))
        {
            final OutputStream out = socket.getOutputStream();
            out.write(query, 0, query.length / 2);
            out.flush();
            socket.shutdownOutput();
            socket.setSoTimeout((int)AWAIT_MS);
            assertEquals(-1, socket.getInputStream().read(), "the node closes its side");
        }
        assertTrue(counter(TransportCounter.CONNECTIONS_END_OF_STREAM) > before,
            "half-close mid-frame counted as end of stream");
        assertStatusAnswered("half-close mid-frame");
    }

    public void unsolicitedDataFlood() throws IOException
    {
        final int cells = 1_000;
        final long before = counter(NodeCounter.DATA_STORED);
        try (PeerSocket socket = new PeerSocket(node))
        {
            final UnsafeBuffer data = new UnsafeBuffer(new byte[1000]);
            final UnsafeBuffer cell = new UnsafeBuffer(new byte[1100]);
            for (int i = 0; i < cells; i++)
            {
                data.putInt(0, i);
                final int length = CellEncoder.writeBlob(cell, 0, data, 0, data.capacity());
                socket.send(MessageType.DATA, cell, 0, length);
            }
            awaitTrue(() -> counter(NodeCounter.DATA_STORED) == before + cells,
                () -> "DATA stored: " + (counter(NodeCounter.DATA_STORED) - before) + " of " + cells);
        }
        final long storeBytes = counter(NodeCounter.STORE_BYTES, 0);
        assertTrue(storeBytes > 0 && storeBytes <= STORE_BYTES, "store bounded: " + storeBytes);
        assertStatusAnswered("unsolicited DATA flood");
    }

    public void missingDataForUnknownIds() throws IOException
    {
        final long before = counter(NodeCounter.MISSING_DATA_UNKNOWN);
        try (PeerSocket socket = new PeerSocket(node))
        {
            final byte[] hash = new byte[34];
            hash[0] = 0x31;
            hash[1] = 32;
            for (int i = 0; i < 100; i++)
            {
                hash[2] = (byte)i;
                hash[3] = 0x5a;
                socket.send(MessageType.MISSING_DATA, hash);
            }
            awaitTrue(() -> counter(NodeCounter.MISSING_DATA_UNKNOWN) == before + 100,
                () -> "MISSING_DATA counted unknown: " + (counter(NodeCounter.MISSING_DATA_UNKNOWN) - before) +
                    " of 100");
        }
        assertStatusAnswered("MISSING_DATA for unknown IDs");
    }

    public void beliefFlood() throws IOException
    {
        final AKeyPair key = AKeyPair.create(ReferencePeer.SEED_C);
        final SignedData<Belief> belief = key.signData(Belief.createSingleOrder(key));
        final byte[] signed = belief.getEncoding().getBytes();
        final int flood = 2_000;
        try (PeerSocket socket = new PeerSocket(node))
        {
            for (int i = 0; i < flood; i++)
            {
                socket.send(MessageType.BELIEF, signed);
            }
            awaitTrue(() -> beliefsAccountedFor() >= flood, this::beliefCounters);
        }
        System.out.printf("BELIEF flood of %d (cells not sent): accepted %d, ignored as seen %d, shed %d, parked %d, " +
            "not parked %d%n", flood, counter(NodeCounter.BELIEFS_ACCEPTED), counter(NodeCounter.BELIEFS_DUPLICATE),
            counter(NodeCounter.SHED_BELIEFS), counter(NodeCounter.PARKED),
            counter(NodeCounter.PARKED_REJECTED));
        assertTrue(counter(NodeCounter.PARKED) <= 16, "one connection parks at most 16");
        assertEquals(flood, beliefsAccountedFor(), "each BELIEF of the flood ended exactly one way");
        assertStatusAnswered("BELIEF flood");
    }

    private String beliefCounters()
    {
        return "accepted " + counter(NodeCounter.BELIEFS_ACCEPTED) + ", ignored " +
            counter(NodeCounter.BELIEFS_DUPLICATE) + ", shed " + counter(NodeCounter.SHED_BELIEFS) +
            ", parked " + counter(NodeCounter.PARKED) + ", not parked " +
            counter(NodeCounter.PARKED_REJECTED) + ", frames in " +
            counter(TransportCounter.FRAMES_IN, MessageType.BELIEF) +
            ", bad signature " + counter(NodeCounter.BELIEFS_BAD_SIGNATURE) + ", closed " +
            counter(TransportCounter.CONNECTIONS_CLOSED) + ", idle " + counter(TransportCounter.CONNECTIONS_IDLE) +
            ", frame timeout " + counter(TransportCounter.CONNECTIONS_FRAME_TIMEOUT);
    }

    /**
     * Every BELIEF of the flood ended one way: accepted, ignored as a repeat (or as awaiting its verdict), shed,
     * parked, refused parking, or refused by the verifier stage.
     */
    private long beliefsAccountedFor()
    {
        return counter(NodeCounter.BELIEFS_ACCEPTED) + counter(NodeCounter.BELIEFS_DUPLICATE) +
            counter(NodeCounter.SHED_BELIEFS) + counter(NodeCounter.PARKED) +
            counter(NodeCounter.PARKED_REJECTED) + counter(NodeCounter.VERIFICATIONS_REFUSED);
    }

    /**
     * The amplification attack: an untrusted connection sends beliefs whose refs it never sends (parked, if the node
     * resolves a belief's refs), then trickles DATA so that every parked belief is retried; each distinct SignedData
     * is still verified once.
     */
    public void beliefAmplification() throws IOException
    {
        final int beliefs = 16;
        final int trickle = 40;
        final long verifiedBefore = counter(NodeCounter.BELIEF_SIGNATURES_VERIFIED);
        final long parkedBefore = counter(NodeCounter.PARKED);
        final long acceptedBefore = counter(NodeCounter.BELIEFS_ACCEPTED);
        try (PeerSocket socket = new PeerSocket(node))
        {
            for (int i = 0; i < beliefs; i++)
            {
                final AKeyPair key = AKeyPair.create(seed(100 + i));
                socket.send(MessageType.BELIEF, key.signData(Belief.createSingleOrder(key)).getEncoding().getBytes());
            }
            if (beliefRefsResolved)
            {
                awaitTrue(() -> counter(NodeCounter.PARKED) == parkedBefore + beliefs, () -> "every BELIEF parked: " +
                    (counter(NodeCounter.PARKED) - parkedBefore) + " of " + beliefs);
            }
            else
            {
                // refs left to the application: each BELIEF reaches it once verified, and is never parked
                awaitTrue(() -> counter(NodeCounter.BELIEFS_ACCEPTED) == acceptedBefore + beliefs,
                    () -> "every BELIEF handed on: " + (counter(NodeCounter.BELIEFS_ACCEPTED) - acceptedBefore) +
                        " of " + beliefs);
                assertEquals(parkedBefore, counter(NodeCounter.PARKED), "no BELIEF parked");
            }
            for (int i = 0; i < trickle; i++)
            {
                final long stored = counter(NodeCounter.DATA_STORED);
                socket.send(MessageType.DATA, NodeFrames.blob(200 + i, 70 + i));
                awaitTrue(() -> counter(NodeCounter.DATA_STORED) == stored + 1, () -> "the trickled DATA stored");
            }
        }
        assertEquals(beliefs, counter(NodeCounter.BELIEF_SIGNATURES_VERIFIED) - verifiedBefore,
            "each parked belief verified once, however much DATA trickles in");
        assertStatusAnswered("belief amplification");
    }

    /**
     * An application that throws ({@link EchoPeerHandler}, on its {@link EchoPeerHandler#THROWING_QUERY_ID}), once on
     * a message the transport's lane hands it and once on a parked message the node resumes itself: each time the exception is counted and reported, the connection closed, and the lane goes
     * on serving everyone else.
     */
    public void throwingHandler() throws IOException
    {
        final long laneErrorsBefore = counter(TransportCounter.LANE_HANDLER_ERRORS, 0);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.QUERY, NodeFrames.queryInline(EchoPeerHandler.THROWING_QUERY_ID));
            socket.assertClosedWithin(AWAIT_MS);
        }
        awaitTrue(() -> counter(TransportCounter.LANE_HANDLER_ERRORS, 0) == laneErrorsBefore + 1,
            () -> "the lane counts the exception");
        assertThrownOnce("on a QUERY from the lane");

        final long resumedErrorsBefore = counter(NodeCounter.HANDLER_ERRORS);
        final byte[] form = NodeFrames.blob(400, 7);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.QUERY, NodeFrames.queryByRef(EchoPeerHandler.THROWING_QUERY_ID,
                NodeFrames.valueId(form)));
            assertArrayEquals(NodeFrames.hashCell(NodeFrames.valueId(form)),
                socket.receive(MessageType.MISSING_DATA, AWAIT_MS).payload());
            socket.send(MessageType.DATA, form);
            socket.assertClosedWithin(AWAIT_MS);
        }
        awaitTrue(() -> counter(NodeCounter.HANDLER_ERRORS) == resumedErrorsBefore + 1,
            () -> "the node counts the exception on the resumed QUERY");
        assertThrownOnce("on a resumed QUERY");
        assertStatusAnswered("a throwing handler");
    }

    private void assertThrownOnce(final String where)
    {
        final List<Throwable> raised = agentErrors.takeAll();
        assertEquals(1, raised.size(), where + ": " + raised);
        assertEquals(IllegalStateException.class, raised.get(0).getClass(), where);
        assertEquals(EchoPeerHandler.THROWN_MESSAGE, raised.get(0).getMessage(), where);
    }

    /**
     * A store-eviction flood: a trusted peer (a link the node challenged) and an untrusted client each park a QUERY
     * whose form is a vector of two blobs, sending all but the second blob; an untrusted connection then floods DATA
     * worth several times the store. When the second blobs arrive, both queries resume with nothing asked for again
     * but the second blobs: the trusted peer's cells sat in the store's trusted region, the client's were kept for
     * its parked query.
     */
    public void evictionFloodAgainstParkedMessages() throws IOException
    {
        final AKeyPair peerKey = AKeyPair.create(ReferencePeer.SEED_C);
        final Ed25519Signer signer = new Ed25519Signer();
        signer.loadKey(new UnsafeBuffer(ReferencePeer.SEED_C), 0);
        final ForkedTree trustedTree = new ForkedTree(1);
        final ForkedTree clientTree = new ForkedTree(2);
        final long keptBefore = counter(NodeCounter.CELLS_KEPT);
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            server.setSoTimeout((int)AWAIT_MS);
            final PeerLink link = node.connect("127.0.0.1", server.getLocalPort(), peerKey.getAccountKey().getBytes());
            try (PeerSocket trusted = new PeerSocket(server.accept());
                PeerSocket client = new PeerSocket(node);
                PeerSocket flooder = new PeerSocket(node))
            {
                NodeFrames.answerChallenge(trusted, new Handshake(signer), node.networkId());
                awaitTrue(link::isTrusted, () -> "the link is trusted");
                trustedTree.parkQuery(trusted, 501);
                clientTree.parkQuery(client, 502);
                assertTrue(counter(NodeCounter.CELLS_KEPT) - keptBefore >= 2, "the client's blob and vector kept");

                final long evictedBefore = counter(NodeCounter.CELLS_EVICTED);
                final int cells = 1_000;
                final long storedBefore = counter(NodeCounter.DATA_STORED);
                final UnsafeBuffer data = new UnsafeBuffer(new byte[1000]);
                final UnsafeBuffer cell = new UnsafeBuffer(new byte[1100]);
                for (int i = 0; i < cells; i++)
                {
                    data.putInt(0, 1_000_000 + i);
                    flooder.send(MessageType.DATA, cell, 0, CellEncoder.writeBlob(cell, 0, data, 0, data.capacity()));
                }
                awaitTrue(() -> counter(NodeCounter.DATA_STORED) >= storedBefore + cells,
                    () -> "the flood stored: " + (counter(NodeCounter.DATA_STORED) - storedBefore) + " of " + cells);
                final long evicted = counter(NodeCounter.CELLS_EVICTED) - evictedBefore;
                assertTrue(evicted > cells - STORE_BYTES / 1000, "the flood evicted its own kind: " + evicted);

                trustedTree.resume(trusted, 501);
                clientTree.resume(client, 502);
            }
            link.close();
        }
        assertStatusAnswered("store-eviction flood");
    }

    /**
     * A vector of two 1,000-byte blobs (by ref) and a 100-byte one (inline), sent as DATA but for the second blob,
     * with a QUERY by ref to the vector.
     */
    private static final class ForkedTree
    {
        final byte[] first;
        final byte[] second;
        final byte[] root;

        ForkedTree(final int seed)
        {
            final convex.core.data.Blob a = convex.core.data.Blob.wrap(filled(1000, seed));
            final convex.core.data.Blob b = convex.core.data.Blob.wrap(filled(1000, seed + 100));
            first = a.getEncoding().getBytes();
            second = b.getEncoding().getBytes();
            // the inline 100-byte blob makes the vector too long to be embedded, so it travels as DATA by ref
            root = convex.core.data.Vectors.of(a, b, convex.core.data.Blob.wrap(filled(100, seed + 200)))
                .getEncoding().getBytes();
        }

        void parkQuery(final PeerSocket socket, final long id) throws IOException
        {
            socket.send(MessageType.DATA, first);
            socket.send(MessageType.DATA, root);
            socket.send(MessageType.QUERY, NodeFrames.queryByRef(id, NodeFrames.valueId(root)));
            assertArrayEquals(NodeFrames.hashCell(NodeFrames.valueId(second)),
                nextMissingData(socket).payload(), "only the second blob is missing");
        }

        /** Sends the second blob; every MISSING_DATA before the RESULT may ask for it and nothing else. */
        void resume(final PeerSocket socket, final long id) throws IOException
        {
            socket.send(MessageType.DATA, second);
            final byte[] secondHash = NodeFrames.hashCell(NodeFrames.valueId(second));
            for (PeerSocket.Frame frame = socket.receive(AWAIT_MS); ; frame = socket.receive(AWAIT_MS))
            {
                if (frame.type() == MessageType.MISSING_DATA)
                {
                    assertArrayEquals(secondHash, frame.payload(), "nothing of the tree was evicted");
                }
                else if (frame.type() == MessageType.RESULT)
                {
                    final ResultDecoder result = NodeFrames.result(frame);
                    assertEquals(id, result.id());
                    assertFalse(result.hasError(), () -> "resumed: " + NodeFrames.errorName(result));
                    return;
                }
            }
        }

        /** The next MISSING_DATA, past the STATUS keepalives a link gets. */
        private static PeerSocket.Frame nextMissingData(final PeerSocket socket) throws IOException
        {
            PeerSocket.Frame frame = socket.receive(AWAIT_MS);
            while (frame.type() == MessageType.STATUS)
            {
                frame = socket.receive(AWAIT_MS);
            }
            assertEquals(MessageType.MISSING_DATA, frame.type(), "frame type");
            return frame;
        }

        private static byte[] filled(final int length, final int seed)
        {
            final byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)(seed * 31 + i * 7);
            }
            return bytes;
        }
    }

    private static byte[] seed(final int last)
    {
        final byte[] seed = new byte[32];
        seed[31] = (byte)last;
        return seed;
    }

    public void forgedChallengeAndUnsolicitedResponse() throws IOException
    {
        final AKeyPair key = AKeyPair.create(ReferencePeer.SEED_C);
        final byte[] challenge = key.signData(convex.core.data.Vectors.of(
            convex.core.data.Blob.wrap(new byte[32]),
            convex.core.data.Blob.wrap(node.networkId()),
            convex.core.data.Blob.wrap(node.publicKey()))).getEncoding().getBytes();
        challenge[40] ^= 1;
        final long rejectedBefore = counter(NodeCounter.CHALLENGES_REJECTED);
        try (PeerSocket socket = new PeerSocket(node))
        {
            socket.send(MessageType.CHALLENGE, challenge);
            awaitTrue(() -> counter(NodeCounter.CHALLENGES_REJECTED) == rejectedBefore + 1,
                () -> "the forged CHALLENGE rejected");
            final byte[] response = key.signData(convex.core.data.Vectors.of(
                convex.core.data.Blob.wrap(new byte[32]), convex.core.data.Blob.wrap(node.networkId()),
                convex.core.data.Blob.wrap(node.publicKey()), convex.core.data.Blob.wrap(new byte[32])))
                .getEncoding().getBytes();
            socket.send(MessageType.RESPONSE, response);
            socket.assertClosedWithin(AWAIT_MS);
        }
        assertEquals(1, counter(NodeCounter.RESPONSES_REJECTED));
        assertEquals(0, counter(NodeCounter.CHALLENGES_ANSWERED));
        assertStatusAnswered("forged CHALLENGE, unsolicited RESPONSE");
    }

    public void replayedTransact() throws IOException
    {
        final UnsafeBuffer signed = new UnsafeBuffer(new byte[256]);
        final int signedLength = TestCells.signedInvoke(ReferencePeer.SEED_A, 1, TestCells.DEF_X_1, signed);
        final UnsafeBuffer id = new UnsafeBuffer(new byte[32]);
        new ValueIdDigest().valueId(signed, 0, signedLength, id, 0);
        final UnsafeBuffer transact = new UnsafeBuffer(new byte[64]);
        final int transactLength = new TransactEncoder().wrap(transact, 0).id(77).transaction(id, 0).encodedLength();
        final List<String> errors = new ArrayList<>();
        for (int attempt = 0; attempt < 2; attempt++)
        {
            try (PeerSocket socket = new PeerSocket(node))
            {
                socket.send(MessageType.DATA, signed, 0, signedLength);
                socket.send(MessageType.TRANSACT, transact, 0, transactLength);
                final PeerSocket.Frame frame = socket.receive(MessageType.RESULT, AWAIT_MS);
                final ResultDecoder result = new ResultDecoder();
                result.wrap(frame.buffer(), 0, frame.payload().length);
                assertEquals(77, result.id());
                errors.add(result.hasError() ? TestCells.render(slice(frame.payload(), result.errorOffset(),
                    result.errorLength())) : null);
            }
        }
        assertEquals(Arrays.asList(null, ":SEQUENCE"), errors, "the replay is rejected");
        assertStatusAnswered("replayed TRANSACT");
    }

    /** A fresh client is served: its STATUS is answered with the node's five hashes. */
    public void assertStatusAnswered(final String after)
    {
        try (Client client = Client.connect(new Client.Context()
            .endpoint("127.0.0.1:" + node.localAddress().getPort())
            .transport(t -> t.threadingMode(ThreadingMode.INVOKER).errorHandler(agentErrors))))
        {
            final ResultCollector.Outcome outcome = new ResultCollector().await(client, client.status(), AWAIT_MS);
            TestCells.assertSuccess(outcome);
            final byte[] value = outcome.value();
            assertEquals(STATUS_LENGTH, value.length, "STATUS after " + after + ": " + ResultCollector.hex(value));
            assertEquals(0x80, value[0] & 0xff, "STATUS after " + after + " is a Vector");
            assertEquals(5, value[1], "STATUS after " + after + " has five hashes");
            assertArrayEquals(node.networkId(), Arrays.copyOfRange(value, STATUS_NETWORK_ID_OFFSET,
                STATUS_NETWORK_ID_OFFSET + CellDescriptor.VALUE_ID_LENGTH), "STATUS after " + after + ": network ID");
            assertArrayEquals(node.publicKey(), Arrays.copyOfRange(value, STATUS_PEER_KEY_OFFSET,
                STATUS_PEER_KEY_OFFSET + CellDescriptor.PUBLIC_KEY_LENGTH), "STATUS after " + after + ": peer key");
        }
    }

    public long counter(final CounterDescriptor descriptor)
    {
        return counter(descriptor, CounterDescriptor.NO_KEY);
    }

    public long counter(final CounterDescriptor descriptor, final int key)
    {
        final long value = node.counters().value(descriptor, key);
        assertTrue(value >= 0, "no counter " + descriptor);
        return value;
    }

    public long sum(final CounterDescriptor family)
    {
        final long[] total = { 0 };
        node.counters().manager().forEach((counterId, typeId, key, label) ->
        {
            if (typeId == family.typeId())
            {
                total[0] += node.counters().manager().getCounterValue(counterId);
            }
        });
        return total[0];
    }

    private static void awaitTrue(
        final java.util.function.BooleanSupplier condition, final java.util.function.Supplier<String> state)
    {
        Await.until(condition, AWAIT, state);
    }

    private static byte[] nested(final int depth)
    {
        final byte[] cell = new byte[2 * depth + 1];
        for (int i = 0; i < depth; i++)
        {
            cell[2 * i] = (byte)0x80;
            cell[2 * i + 1] = 1;
        }
        return cell;
    }

    private static byte[] bytes(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }

    /**
     * A client on its own thread that keeps four queries {@code (+ 1 2)} in flight until stopped, and tallies how each
     * ended: with the expected value (the form itself from an echo node, the Long 3 from a CVM), otherwise, or timed
     * out. Its thread owns the client and the tallies; {@link #stop} joins it and returns them.
     */
    public static final class HealthyClient implements ResultHandler
    {
        /**
         * How the healthy queries ended.
         *
         * @param sent       queries sent.
         * @param answered   RESULTs without error carrying the expected value.
         * @param other      any other RESULT.
         * @param timedOut   queries the client timed out.
         * @param endedTwice query IDs that ended more than once.
         */
        public record Tally(long sent, long answered, long other, long timedOut, long endedTwice)
        {
        }

        private static final int WINDOW = 4;
        private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(15);

        private final Node node;
        private final AgentErrors agentErrors;
        private final DirectBuffer expected;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Map<Long, Integer> endings = new HashMap<>();
        private final Thread thread = new Thread(this::run, "healthy-client");
        private long sent;
        private long answered;
        private long other;
        private long timedOut;
        private Tally tally;
        private volatile Throwable failure;

        /**
         * @param node        the node to query.
         * @param agentErrors the client's error handler.
         * @param expected    the value each RESULT must carry.
         */
        public HealthyClient(final Node node, final AgentErrors agentErrors, final DirectBuffer expected)
        {
            this.node = node;
            this.agentErrors = agentErrors;
            this.expected = expected;
        }

        /** Starts the client's thread. */
        public void start()
        {
            thread.start();
        }

        /**
         * Stops sending, waits for the queries in flight, joins the thread.
         *
         * @return how the queries ended.
         */
        public Tally stop() throws InterruptedException
        {
            running.set(false);
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertTrue(!thread.isAlive(), "healthy client stops");
            if (failure != null)
            {
                throw new AssertionError("the healthy client failed", failure);
            }
            return tally;
        }

        private void run()
        {
            try
            {
                runClient();
            }
            catch (final Throwable ex)
            {
                failure = ex;
            }
        }

        private void runClient()
        {
            try (Client client = Client.connect(new Client.Context()
                .endpoint("127.0.0.1:" + node.localAddress().getPort())
                .transport(t -> t.threadingMode(ThreadingMode.INVOKER).errorHandler(agentErrors))
                .requestTimeoutNs(TimeUnit.SECONDS.toNanos(10))))
            {
                final DirectBuffer form = TestCells.ONE_PLUS_TWO;
                while (running.get())
                {
                    int work = client.poll(this);
                    if (client.inFlight() < WINDOW &&
                        client.query(form, 0, form.capacity(), MessageFields.NULL_ADDRESS) > 0)
                    {
                        sent++;
                        work++;
                    }
                    if (work == 0)
                    {
                        LockSupport.parkNanos(200_000);
                    }
                }
                Await.pumpUntil(() -> client.poll(this), () -> client.inFlight() == 0, DRAIN_TIMEOUT,
                    () -> client.inFlight() + " healthy queries still in flight");
            }
            final long twice = endings.values().stream().filter(count -> count > 1).count();
            tally = new Tally(sent, answered, other, timedOut, twice);
        }

        @Override
        public void onResult(final long id, final DirectBuffer value, final DirectBuffer error, final boolean timedOut)
        {
            endings.merge(id, 1, Integer::sum);
            if (timedOut)
            {
                this.timedOut++;
            }
            else if (error.capacity() == 0 && expected.equals(value))
            {
                answered++;
            }
            else
            {
                other++;
            }
        }
    }
}
