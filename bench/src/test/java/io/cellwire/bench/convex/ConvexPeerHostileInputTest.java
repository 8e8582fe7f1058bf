package io.cellwire.bench.convex;

import convex.core.data.prim.CVMLong;
import io.cellwire.node.HostileCases;
import io.cellwire.node.NodeCounter;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.testing.Await;
import io.cellwire.transport.TransportCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hostile inputs of the transport's {@code HostileInputTest} ({@link HostileCases}) against a {@link ConvexPeer},
 * a one-peer network of key A, with the CVM behind its node: each case is dealt with by the node as it is with the
 * echo application, checked by the same counters, and what passes the node and reaches the CVM thread is accounted
 * for by the peer's counters ({@link ConvexPeerCounter}); meanwhile a healthy client keeps four queries
 * {@code (+ 1 2)} in flight and every one is answered with the Long 3: none lost, none timed out. The node leaves a
 * belief's refs to the CVM ({@code beliefRefsResolved(false)}), so beliefs are not parked by the node but kept by the
 * CVM thread until their cells come. The throwing-application case is the echo application's own and is not run.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ConvexPeerHostileInputTest
{
    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final UnsafeBuffer THREE = new UnsafeBuffer(CVMLong.create(3).getEncoding().getBytes());
    /** DATA cells of the unsolicited flood, MISSING_DATA of the unknown-ID case, as {@link HostileCases} sends. */
    private static final int DATA_FLOOD = 1_000;
    private static final int UNKNOWN_IDS = 100;
    private static final int AMPLIFYING_BELIEFS = 16;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private ConvexPeer peer;
    private HostileCases cases;
    private HostileCases.HealthyClient healthy;

    @BeforeEach
    void launch()
    {
        ReferencePeer.initialiseHash();
        final ConvexPeer.Context context = new ConvexPeer.Context()
            .keySeed(ReferencePeer.SEED_A)
            .transport(t -> HostileCases.transport(t.host("127.0.0.1"), agentErrors));
        context.node().storeCapacityBytes(HostileCases.STORE_BYTES);
        peer = ConvexPeer.launch(context);
        cases = new HostileCases(peer.node(), agentErrors, false);
        healthy = new HostileCases.HealthyClient(peer.node(), agentErrors, THREE);
        healthy.start();
    }

    @AfterEach
    void close() throws InterruptedException
    {
        try
        {
            healthy.stop();
        }
        finally
        {
            peer.close();
        }
    }

    @Test
    void shouldDealWithEachHostileConnectionWithTheCvmBehindAndAnswerEveryHealthyQueryWithThree() throws Exception
    {
        cases.malformedInputs();
        cases.slowloris();
        cases.silentConnection();
        cases.floodWithoutReading();
        cases.halfCloseMidFrame();

        final long cellsBefore = cvm(ConvexPeerCounter.CELLS_RECEIVED) + cvm(ConvexPeerCounter.DATA_DROPPED);
        cases.unsolicitedDataFlood();
        awaitTrue(() -> cvm(ConvexPeerCounter.CELLS_RECEIVED) + cvm(ConvexPeerCounter.DATA_DROPPED) ==
            cellsBefore + DATA_FLOOD, () -> "each DATA of the flood kept by the CVM or dropped: " + cvmCounters());

        final long unknownBefore = cvm(ConvexPeerCounter.MISSING_DATA_UNKNOWN);
        final long missingDroppedBefore = cvm(ConvexPeerCounter.MISSING_DATA_DROPPED);
        final long answeredBefore = cvm(ConvexPeerCounter.MISSING_DATA_ANSWERED);
        cases.missingDataForUnknownIds();
        // unknown to the node's store, each reaches the CVM (onMissingData), whose store lacks it too
        awaitTrue(() -> cvm(ConvexPeerCounter.MISSING_DATA_UNKNOWN) - unknownBefore +
            cvm(ConvexPeerCounter.MISSING_DATA_DROPPED) - missingDroppedBefore == UNKNOWN_IDS,
            () -> "each unknown MISSING_DATA counted unknown by the CVM or dropped: " + cvmCounters());
        assertEquals(answeredBefore, cvm(ConvexPeerCounter.MISSING_DATA_ANSWERED), "none answered");

        final long beliefsBefore = beliefsAtCvm();
        final long acceptedBefore = node(NodeCounter.BELIEFS_ACCEPTED);
        cases.beliefFlood();
        awaitTrue(() -> beliefsAtCvm() - beliefsBefore == node(NodeCounter.BELIEFS_ACCEPTED) - acceptedBefore,
            () -> "each BELIEF the node handed on ended one way at the CVM: " + cvmCounters());
        assertTrue(node(NodeCounter.BELIEFS_ACCEPTED) - acceptedBefore <= 2,
            "the flood's one SignedData handed on once (twice if it was awaiting its verdict): " +
                (node(NodeCounter.BELIEFS_ACCEPTED) - acceptedBefore));

        final long amplifyingBefore = beliefsAtCvm();
        final long verifiedBefore = node(NodeCounter.BELIEF_SIGNATURES_VERIFIED);
        cases.beliefAmplification();
        awaitTrue(() -> beliefsAtCvm() - amplifyingBefore == AMPLIFYING_BELIEFS,
            () -> "each amplifying BELIEF ended one way at the CVM: " + cvmCounters());
        assertEquals(AMPLIFYING_BELIEFS, node(NodeCounter.BELIEF_SIGNATURES_VERIFIED) - verifiedBefore,
            "each verified once by the node");

        cases.forgedChallengeAndUnsolicitedResponse();

        final long resultsBefore = cvm(ConvexPeerCounter.TRANSACTION_RESULTS);
        cases.replayedTransact();
        // the CVM counts a result once it has sent it
        awaitTrue(() -> cvm(ConvexPeerCounter.TRANSACTION_RESULTS) == resultsBefore + 1,
            () -> "the first TRANSACT committed by the CVM: " + cvmCounters());
        assertEquals(1, node(NodeCounter.TRANSACTIONS_USED_SEQUENCE), "its replay refused by the node");

        cases.evictionFloodAgainstParkedMessages();

        final HostileCases.HealthyClient.Tally tally = healthy.stop();
        System.out.printf("healthy client against the Convex peer: %d queries sent, %d answered 3, %d other, " +
            "%d timed out; %s%n", tally.sent(), tally.answered(), tally.other(), tally.timedOut(), cvmCounters());
        assertTrue(tally.sent() > 100, "the healthy client ran: " + tally.sent());
        assertEquals(tally.sent(), tally.answered(), "every healthy query answered with 3");
        assertEquals(0, tally.timedOut());
        assertEquals(0, tally.endedTwice());
        assertEquals(0, cvm(ConvexPeerCounter.ERRORS), "no engine exception");
    }

    /** BELIEFs that reached the CVM thread, each one way: accepted, kept for its cells, rejected, or dropped. */
    private long beliefsAtCvm()
    {
        return cvm(ConvexPeerCounter.BELIEFS_RECEIVED) + cvm(ConvexPeerCounter.BELIEFS_PENDING) +
            cvm(ConvexPeerCounter.BELIEFS_REJECTED) + cvm(ConvexPeerCounter.BELIEFS_DROPPED);
    }

    private String cvmCounters()
    {
        final StringBuilder b = new StringBuilder();
        for (final ConvexPeerCounter counter : ConvexPeerCounter.values())
        {
            b.append(counter.label()).append(' ').append(cvm(counter)).append(", ");
        }
        return b.toString();
    }

    private long cvm(final ConvexPeerCounter counter)
    {
        return value(counter);
    }

    private long node(final NodeCounter counter)
    {
        return value(counter);
    }

    private long value(final io.cellwire.transport.CounterDescriptor descriptor)
    {
        final TransportCounters counters = peer.node().counters();
        final long value = counters.value(descriptor);
        assertTrue(value >= 0, "no counter " + descriptor);
        return value;
    }

    private static void awaitTrue(final BooleanSupplier condition, final Supplier<String> state)
    {
        Await.until(condition, AWAIT, state);
    }
}
