package io.cellwire.bench.convex;

import io.cellwire.transport.TransportCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The Convex peer's counters in the node's counters file, one per {@link ConvexPeerCounter}. The lane counters may be
 * bumped by every lane, so each update is an atomic increment; the CVM counters are written by the CVM thread only.
 * Made once, on the thread that launches the node, before its agents start.
 */
final class ConvexPeerCounters
{
    final AtomicCounter queriesShed;
    final AtomicCounter transactsShed;
    final AtomicCounter beliefsDropped;
    final AtomicCounter dataDropped;
    final AtomicCounter missingDataDropped;
    final AtomicCounter queriesAnswered;
    final AtomicCounter transactionsSubmitted;
    final AtomicCounter transactionResults;
    final AtomicCounter requestsRefused;
    final AtomicCounter beliefsReceived;
    final AtomicCounter beliefsPending;
    final AtomicCounter beliefsRejected;
    final AtomicCounter cellsReceived;
    final AtomicCounter cellsPending;
    final AtomicCounter missingDataSent;
    final AtomicCounter missingDataAnswered;
    final AtomicCounter missingDataUnknown;
    final AtomicCounter beliefUpdates;
    final AtomicCounter beliefBroadcasts;
    final AtomicCounter sendsFailed;
    final AtomicCounter consensusPoint;
    final AtomicCounter errors;

    ConvexPeerCounters(final TransportCounters counters)
    {
        queriesShed = counters.newCounter(ConvexPeerCounter.QUERIES_SHED);
        transactsShed = counters.newCounter(ConvexPeerCounter.TRANSACTS_SHED);
        beliefsDropped = counters.newCounter(ConvexPeerCounter.BELIEFS_DROPPED);
        dataDropped = counters.newCounter(ConvexPeerCounter.DATA_DROPPED);
        missingDataDropped = counters.newCounter(ConvexPeerCounter.MISSING_DATA_DROPPED);
        queriesAnswered = counters.newCounter(ConvexPeerCounter.QUERIES_ANSWERED);
        transactionsSubmitted = counters.newCounter(ConvexPeerCounter.TRANSACTIONS_SUBMITTED);
        transactionResults = counters.newCounter(ConvexPeerCounter.TRANSACTION_RESULTS);
        requestsRefused = counters.newCounter(ConvexPeerCounter.REQUESTS_REFUSED);
        beliefsReceived = counters.newCounter(ConvexPeerCounter.BELIEFS_RECEIVED);
        beliefsPending = counters.newCounter(ConvexPeerCounter.BELIEFS_PENDING);
        beliefsRejected = counters.newCounter(ConvexPeerCounter.BELIEFS_REJECTED);
        cellsReceived = counters.newCounter(ConvexPeerCounter.CELLS_RECEIVED);
        cellsPending = counters.newCounter(ConvexPeerCounter.CELLS_PENDING);
        missingDataSent = counters.newCounter(ConvexPeerCounter.MISSING_DATA_SENT);
        missingDataAnswered = counters.newCounter(ConvexPeerCounter.MISSING_DATA_ANSWERED);
        missingDataUnknown = counters.newCounter(ConvexPeerCounter.MISSING_DATA_UNKNOWN);
        beliefUpdates = counters.newCounter(ConvexPeerCounter.BELIEF_UPDATES);
        beliefBroadcasts = counters.newCounter(ConvexPeerCounter.BELIEF_BROADCASTS);
        sendsFailed = counters.newCounter(ConvexPeerCounter.SENDS_FAILED);
        consensusPoint = counters.newCounter(ConvexPeerCounter.CONSENSUS_POINT);
        errors = counters.newCounter(ConvexPeerCounter.ERRORS);
    }
}
