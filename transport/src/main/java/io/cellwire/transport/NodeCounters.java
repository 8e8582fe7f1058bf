package io.cellwire.transport;

import org.agrona.concurrent.status.AtomicCounter;

/**
 * A node's protocol counters, in the transport's counters file beside its transport counters, so {@code cellwire
 * stat} shows both. Every lane may bump any of them, so each update is an atomic increment, except the per-lane
 * gauges, each written by its own lane; readers use acquire loads. Made once at launch.
 */
final class NodeCounters
{
    final AtomicCounter queries;
    final AtomicCounter transactionsAdmitted;
    final AtomicCounter transactionsBadSignature;
    final AtomicCounter transactionsWrongKey;
    final AtomicCounter transactionsUsedSequence;
    final AtomicCounter transactionsBadFormat;
    final AtomicCounter beliefsAccepted;
    final AtomicCounter beliefsDuplicate;
    final AtomicCounter beliefsBadSignature;
    final AtomicCounter beliefsInvalid;
    final AtomicCounter statusAnswered;
    final AtomicCounter dataStored;
    final AtomicCounter missingDataAnswered;
    final AtomicCounter missingDataUnknown;
    final AtomicCounter missingDataSent;
    final AtomicCounter parked;
    final AtomicCounter parkedResumed;
    final AtomicCounter parkedExpired;
    final AtomicCounter parkedRejected;
    final AtomicCounter resolveErrors;
    final AtomicCounter challengesSent;
    final AtomicCounter challengesAnswered;
    final AtomicCounter challengesRejected;
    final AtomicCounter responsesAccepted;
    final AtomicCounter responsesRejected;
    final AtomicCounter goodbyes;
    final AtomicCounter keepalivesSent;
    final AtomicCounter linksTimedOut;
    final AtomicCounter ignored;
    final AtomicCounter repliesLost;
    final AtomicCounter[] storeBytes;
    final AtomicCounter[] parkedBytes;

    NodeCounters(final TransportCounters counters, final int lanes)
    {
        queries = counters.newCounter("node: queries handled");
        transactionsAdmitted = counters.newCounter("node: transactions admitted");
        transactionsBadSignature = counters.newCounter("node: transactions rejected :SIGNATURE (bad signature)");
        transactionsWrongKey = counters.newCounter("node: transactions rejected :SIGNATURE (wrong key)");
        transactionsUsedSequence = counters.newCounter("node: transactions rejected :SEQUENCE");
        transactionsBadFormat = counters.newCounter("node: transactions rejected :FORMAT");
        beliefsAccepted = counters.newCounter("node: beliefs accepted");
        beliefsDuplicate = counters.newCounter("node: beliefs ignored (recently seen)");
        beliefsBadSignature = counters.newCounter("node: beliefs rejected (bad signature)");
        beliefsInvalid = counters.newCounter("node: beliefs rejected (not a Belief)");
        statusAnswered = counters.newCounter("node: status answered");
        dataStored = counters.newCounter("node: data cells stored");
        missingDataAnswered = counters.newCounter("node: missing data answered");
        missingDataUnknown = counters.newCounter("node: missing data unknown");
        missingDataSent = counters.newCounter("node: missing data requested");
        parked = counters.newCounter("node: messages parked");
        parkedResumed = counters.newCounter("node: parked messages resumed");
        parkedExpired = counters.newCounter("node: parked messages expired");
        parkedRejected = counters.newCounter("node: messages not parked (parking full)");
        resolveErrors = counters.newCounter("node: messages with bad refs");
        challengesSent = counters.newCounter("trust: challenges sent");
        challengesAnswered = counters.newCounter("trust: challenges answered");
        challengesRejected = counters.newCounter("trust: challenges rejected");
        responsesAccepted = counters.newCounter("trust: responses accepted (peer trusted)");
        responsesRejected = counters.newCounter("trust: responses rejected");
        goodbyes = counters.newCounter("node: goodbyes");
        keepalivesSent = counters.newCounter("trust: link keepalives sent");
        linksTimedOut = counters.newCounter("trust: links closed (nothing read within link timeout)");
        ignored = counters.newCounter("node: frames ignored (RESULT, COMMAND)");
        repliesLost = counters.newCounter("node: replies lost (outbound ring full)");
        storeBytes = new AtomicCounter[lanes];
        parkedBytes = new AtomicCounter[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            storeBytes[lane] = counters.newCounter("lane " + lane + ": store bytes in use");
            parkedBytes[lane] = counters.newCounter("lane " + lane + ": parked bytes");
        }
    }
}
