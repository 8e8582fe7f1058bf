package io.cellwire.client;

import io.cellwire.transport.TransportCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A client's counters, in its transport's counters (the counters file when the transport has a counters directory)
 * beside the transport's own, so {@code cellwire stat} shows both; {@link ClientCounter} describes each. Thread
 * ownership: only the client thread writes them, so each update is a release store of one more
 * ({@link AtomicCounter#incrementRelease()}), no atomic read-modify-write; readers on any thread, or in another
 * process, use volatile loads ({@link AtomicCounter#get()}). Made once, before the transport's agents start.
 */
final class ClientCounters
{
    final AtomicCounter resultsDelivered;
    final AtomicCounter timeouts;
    final AtomicCounter unmatchedResults;
    final AtomicCounter invalidPayloads;
    final AtomicCounter resultsParked;
    final AtomicCounter parkRejections;
    final AtomicCounter resolveErrors;
    final AtomicCounter missingDataSent;
    final AtomicCounter missingDataAnswered;
    final AtomicCounter missingDataUnknown;
    final AtomicCounter nudgesSent;
    final AtomicCounter nudgesAnswered;
    final AtomicCounter deadPeerCloses;

    ClientCounters(final TransportCounters counters)
    {
        resultsDelivered = counters.newCounter(ClientCounter.RESULTS_DELIVERED);
        timeouts = counters.newCounter(ClientCounter.TIMEOUTS);
        unmatchedResults = counters.newCounter(ClientCounter.UNMATCHED_RESULTS);
        invalidPayloads = counters.newCounter(ClientCounter.INVALID_PAYLOADS);
        resultsParked = counters.newCounter(ClientCounter.RESULTS_PARKED);
        parkRejections = counters.newCounter(ClientCounter.PARK_REJECTIONS);
        resolveErrors = counters.newCounter(ClientCounter.RESOLVE_ERRORS);
        missingDataSent = counters.newCounter(ClientCounter.MISSING_DATA_SENT);
        missingDataAnswered = counters.newCounter(ClientCounter.MISSING_DATA_ANSWERED);
        missingDataUnknown = counters.newCounter(ClientCounter.MISSING_DATA_UNKNOWN);
        nudgesSent = counters.newCounter(ClientCounter.NUDGES_SENT);
        nudgesAnswered = counters.newCounter(ClientCounter.NUDGES_ANSWERED);
        deadPeerCloses = counters.newCounter(ClientCounter.DEAD_PEER_CLOSES);
    }
}
