package io.cellwire.node;

import convex.api.Convex;
import convex.core.ErrorCodes;
import convex.core.Result;
import convex.core.State;
import convex.core.crypto.AKeyPair;
import convex.core.data.ABlob;
import convex.core.data.ACell;
import convex.core.data.AVector;
import convex.core.data.Address;
import convex.core.data.Blob;
import convex.core.data.Hash;
import convex.core.data.SignedData;
import convex.core.data.Vectors;
import convex.core.data.prim.CVMLong;
import convex.core.init.Init;
import convex.core.lang.Reader;
import convex.core.transactions.ATransaction;
import convex.core.transactions.Invoke;
import convex.net.Connection;
import convex.peer.ConnectionManager;
import io.cellwire.codec.message.MessageType;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.TransportCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our {@link Node} against the 0.7.9 reference, in this JVM on 127.0.0.1: the reference client
 * ({@code convex.api.Convex}) gets STATUS, QUERY (echo) and TRANSACT answered (admitted, bad signature, reused
 * sequence); a reference peer linked to our node as a peer accepts our RESPONSE to its CHALLENGE, answers ours, and
 * sends BELIEF and DATA frames that our node validates; MISSING_DATA from it is answered.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeLiveTest
{
    private static final long AWAIT_MS = 20_000;
    /** How long to wait for the reference's BELIEF before sending another transaction. */
    private static final long RESUBMIT_NS = TimeUnit.SECONDS.toNanos(4);
    private static final Duration THREADS_END_TIMEOUT = Duration.ofSeconds(10);
    private static final Address GENESIS = Address.create(11);

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private final Set<Thread> threadsBefore = ReferencePeer.liveThreads();
    private Node node;
    private ReferencePeer peer;
    private Convex convex;

    @AfterEach
    void closeAll()
    {
        if (convex != null)
        {
            convex.close();
        }
        if (peer != null)
        {
            peer.close();
        }
        if (node != null)
        {
            node.close();
        }
        Await.until(() -> leaked().isEmpty(), THREADS_END_TIMEOUT, () -> "threads left running: " + leaked());
    }

    @Test
    void referenceClientShouldGetStatusQueryAndTransactAnswered() throws Exception
    {
        ReferencePeer.initialiseHash();
        node = Node.launch(EchoPeerHandler.nodeContext().keySeed(ReferencePeer.SEED_A)
            .transport(t -> t.port(0).idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors)));
        final AKeyPair keyA = AKeyPair.create(ReferencePeer.SEED_A);
        convex = Convex.connect(new InetSocketAddress("127.0.0.1", node.localAddress().getPort()), GENESIS, keyA);

        final Result status = convex.requestStatusSync(AWAIT_MS);
        assertFalse(status.isError(), status.toString());
        final AVector<ACell> vector = status.getValue();
        assertEquals(5, vector.count());
        assertArrayEquals(node.networkId(), ((ABlob)vector.get(2)).getBytes());
        assertArrayEquals(node.publicKey(), ((ABlob)vector.get(3)).getBytes());

        final ACell form = Reader.read("(+ 1 2)");
        final Result query = convex.querySync(form, AWAIT_MS);
        assertFalse(query.isError(), query.toString());
        assertEquals(form, query.getValue(), "the demo node echoes the form");

        final ATransaction first = Invoke.create(GENESIS, 1, Reader.read("(def x 1)"));
        final Result admitted = convex.transactSync(first, AWAIT_MS);
        assertFalse(admitted.isError(), admitted.toString());
        assertEquals(CVMLong.create(1), admitted.getValue(), "the demo node answers the sequence number");

        final ATransaction reused = Invoke.create(GENESIS, 1, Reader.read("(def y 2)"));
        final Result sequence = convex.transactSync(reused, AWAIT_MS);
        assertEquals(ErrorCodes.SEQUENCE, sequence.getErrorCode(), sequence.toString());

        final ATransaction second = Invoke.create(GENESIS, 2, Reader.read("(def y 2)"));
        final SignedData<ATransaction> forged = SignedData.create(keyA.getAccountKey(),
            keyA.signData(first).getSignature(), second.getRef());
        final Result signature = convex.transactSync(forged, AWAIT_MS);
        assertEquals(ErrorCodes.SIGNATURE, signature.getErrorCode(), signature.toString());

        assertEquals(1, node.counters().value(NodeCounter.TRANSACTIONS_ADMITTED));
        assertEquals(1, node.counters().value(NodeCounter.TRANSACTIONS_USED_SEQUENCE));
        assertEquals(1, node.counters().value(NodeCounter.TRANSACTIONS_BAD_SIGNATURE));
        assertEquals(1, node.counters().value(NodeCounter.QUERIES));
    }

    @Test
    void referencePeerShouldTrustOurNodeAndBeTrustedByIt() throws Exception
    {
        ReferencePeer.initialiseHash();
        final AKeyPair keyA = AKeyPair.create(ReferencePeer.SEED_A);
        final AKeyPair keyB = AKeyPair.create(ReferencePeer.SEED_B);
        final State genesis = Init.createState(List.of(keyA.getAccountKey(), keyB.getAccountKey()));
        peer = ReferencePeer.start(keyA, genesis);
        node = Node.launch(EchoPeerHandler.nodeContext().keySeed(ReferencePeer.SEED_B)
            .networkId(genesis.getHash().getBytes())
            .transport(t -> t.port(0).idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors)));
        assertArrayEquals(keyB.getAccountKey().getBytes(), node.publicKey());

        final ConnectionManager manager = peer.server.getConnectionManager();
        final Connection toNode =
            manager.connectToPeer(new InetSocketAddress("127.0.0.1", node.localAddress().getPort()));
        assertNotNull(toNode, "the reference peer links to our node after reading our STATUS");
        manager.requestChallenge(keyB.getAccountKey(), toNode, peer.server.getPeer());
        await(toNode::isTrusted, "the reference peer trusts our node after our RESPONSE");
        // 0.7.9 may challenge again on the same link before it trusts it; each CHALLENGE gets its RESPONSE, now
        // signed on the verifier stage, so the count is awaited, not read at the first trust
        await(() -> node.counters().value(NodeCounter.CHALLENGES_ANSWERED) ==
            node.counters().value(TransportCounter.FRAMES_IN, MessageType.CHALLENGE),
            "every CHALLENGE the reference peer sent answered");
        assertTrue(node.counters().value(NodeCounter.CHALLENGES_ANSWERED) >= 1);
        assertEquals(0, node.counters().value(NodeCounter.CHALLENGES_REJECTED));

        final PeerLink link = node.connect("127.0.0.1", peer.port(), keyA.getAccountKey().getBytes());
        await(link::isTrusted, "our node trusts the reference peer after its RESPONSE");
        assertEquals(1, node.counters().value(NodeCounter.RESPONSES_ACCEPTED));
        assertEquals(0, node.counters().value(NodeCounter.RESPONSES_REJECTED));

        convex = Convex.connect(new InetSocketAddress("127.0.0.1", peer.port()), GENESIS, keyA);
        // the reference broadcasts its belief when it changes, and one broadcast can miss the link it trusted just
        // before (seen once in a full suite run): while no BELIEF has come, another transaction makes a new belief
        final long[] sent = { 1 };
        final long[] sentNs = { System.nanoTime() };
        convex.transact(Invoke.create(GENESIS, 1, Reader.read("(def x 1)")));
        Await.pumpUntil(() ->
            {
                if (System.nanoTime() - sentNs[0] < RESUBMIT_NS)
                {
                    return 0;
                }
                sentNs[0] = System.nanoTime();
                sent[0]++;
                try
                {
                    convex.transact(Invoke.create(GENESIS, sent[0], Reader.read("(def x " + sent[0] + ")")));
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
                return 1;
            },
            () -> node.counters().value(NodeCounter.BELIEFS_ACCEPTED) >= 1, Duration.ofMillis(AWAIT_MS),
            () -> "a BELIEF from the reference peer after " + sent[0] + " transactions; BELIEF frames in: " +
                node.counters().value(TransportCounter.FRAMES_IN, MessageType.BELIEF));
        assertTrue(node.counters().value(NodeCounter.DATA_STORED) >= 1);
        assertEquals(0, node.counters().value(NodeCounter.BELIEFS_BAD_SIGNATURE));
        assertEquals(0, node.counters().value(NodeCounter.BELIEFS_INVALID));

        final long unknownBefore = node.counters().value(NodeCounter.MISSING_DATA_UNKNOWN);
        toNode.sendMissingData(Hash.wrap(new byte[32]));
        await(() -> node.counters().value(NodeCounter.MISSING_DATA_UNKNOWN) == unknownBefore + 1,
            "MISSING_DATA for a cell our node does not have is counted unknown");
        final byte[] zero = new byte[32];
        final Hash statusVector = Vectors.of(Blob.wrap(zero), Blob.wrap(zero), Blob.wrap(node.networkId()),
            Blob.wrap(node.publicKey()), Blob.wrap(zero)).getHash();
        toNode.sendMissingData(statusVector);
        await(() -> node.counters().value(NodeCounter.MISSING_DATA_ANSWERED) == 1,
            "MISSING_DATA for our STATUS vector is answered with DATA from the store");
    }

    private static void await(final BooleanSupplier condition, final String what)
    {
        Await.until(condition, Duration.ofMillis(AWAIT_MS), () -> what);
    }

    private Set<Thread> leaked()
    {
        final Set<Thread> now = new HashSet<>(ReferencePeer.liveThreads());
        now.removeAll(threadsBefore);
        now.removeIf(thread -> thread.getName().startsWith("junit-"));
        return now;
    }
}
