package io.cellwire.client;

/**
 * What the client thread counts, read through the {@link Client}'s accessors. Plain fields: written and read by the
 * client thread only.
 */
final class ClientCounters
{
    long resultsDelivered;
    long timeouts;
    long unmatchedResults;
    long invalidPayloads;
    long resultsParked;
    long parkRejections;
    long resolveErrors;
    long missingDataSent;
    long missingDataAnswered;
    long missingDataUnknown;
    long nudgesSent;
    long nudgesAnswered;
    long deadPeerCloses;
}
