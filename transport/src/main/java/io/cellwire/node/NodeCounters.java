package io.cellwire.node;

import io.cellwire.transport.TransportCounters;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * A node's protocol counters, in the transport's counters file beside its transport counters, so {@code cellwire
 * stat} shows both; {@link NodeCounter} describes each. Every lane may bump any of them, so each update is an atomic
 * increment, except the per-lane gauges, each written by its own lane; readers use acquire loads. Made once at launch.
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
    final AtomicCounter beliefSignaturesVerified;
    final AtomicCounter transactionSignaturesVerified;
    final AtomicCounter challengeSignaturesVerified;
    final AtomicCounter verificationsRefused;
    final AtomicCounter beliefsInvalid;
    final AtomicCounter statusAnswered;
    final AtomicCounter dataStored;
    final AtomicCounter cellsEvicted;
    final AtomicCounter cellsKept;
    final AtomicCounter handlerErrors;
    final AtomicCounter transactionsNoAccount;
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
    final AtomicCounter shedQueries;
    final AtomicCounter shedTransacts;
    final AtomicCounter shedBeliefs;
    final AtomicCounter shedRepliesLost;
    final AtomicCounter[] storeBytes;
    final AtomicCounter[] parkedBytes;

    NodeCounters(final TransportCounters counters, final int lanes)
    {
        queries = counters.newCounter(NodeCounter.QUERIES);
        transactionsAdmitted = counters.newCounter(NodeCounter.TRANSACTIONS_ADMITTED);
        transactionsBadSignature = counters.newCounter(NodeCounter.TRANSACTIONS_BAD_SIGNATURE);
        transactionsWrongKey = counters.newCounter(NodeCounter.TRANSACTIONS_WRONG_KEY);
        transactionsUsedSequence = counters.newCounter(NodeCounter.TRANSACTIONS_USED_SEQUENCE);
        transactionsBadFormat = counters.newCounter(NodeCounter.TRANSACTIONS_BAD_FORMAT);
        beliefsAccepted = counters.newCounter(NodeCounter.BELIEFS_ACCEPTED);
        beliefsDuplicate = counters.newCounter(NodeCounter.BELIEFS_DUPLICATE);
        beliefsBadSignature = counters.newCounter(NodeCounter.BELIEFS_BAD_SIGNATURE);
        beliefSignaturesVerified = counters.newCounter(NodeCounter.BELIEF_SIGNATURES_VERIFIED);
        transactionSignaturesVerified = counters.newCounter(NodeCounter.TRANSACTION_SIGNATURES_VERIFIED);
        challengeSignaturesVerified = counters.newCounter(NodeCounter.CHALLENGE_SIGNATURES_VERIFIED);
        verificationsRefused = counters.newCounter(NodeCounter.VERIFICATIONS_REFUSED);
        beliefsInvalid = counters.newCounter(NodeCounter.BELIEFS_INVALID);
        statusAnswered = counters.newCounter(NodeCounter.STATUS_ANSWERED);
        dataStored = counters.newCounter(NodeCounter.DATA_STORED);
        cellsEvicted = counters.newCounter(NodeCounter.CELLS_EVICTED);
        cellsKept = counters.newCounter(NodeCounter.CELLS_KEPT);
        handlerErrors = counters.newCounter(NodeCounter.HANDLER_ERRORS);
        transactionsNoAccount = counters.newCounter(NodeCounter.TRANSACTIONS_NO_ACCOUNT);
        missingDataAnswered = counters.newCounter(NodeCounter.MISSING_DATA_ANSWERED);
        missingDataUnknown = counters.newCounter(NodeCounter.MISSING_DATA_UNKNOWN);
        missingDataSent = counters.newCounter(NodeCounter.MISSING_DATA_SENT);
        parked = counters.newCounter(NodeCounter.PARKED);
        parkedResumed = counters.newCounter(NodeCounter.PARKED_RESUMED);
        parkedExpired = counters.newCounter(NodeCounter.PARKED_EXPIRED);
        parkedRejected = counters.newCounter(NodeCounter.PARKED_REJECTED);
        resolveErrors = counters.newCounter(NodeCounter.RESOLVE_ERRORS);
        challengesSent = counters.newCounter(NodeCounter.CHALLENGES_SENT);
        challengesAnswered = counters.newCounter(NodeCounter.CHALLENGES_ANSWERED);
        challengesRejected = counters.newCounter(NodeCounter.CHALLENGES_REJECTED);
        responsesAccepted = counters.newCounter(NodeCounter.RESPONSES_ACCEPTED);
        responsesRejected = counters.newCounter(NodeCounter.RESPONSES_REJECTED);
        goodbyes = counters.newCounter(NodeCounter.GOODBYES);
        keepalivesSent = counters.newCounter(NodeCounter.KEEPALIVES_SENT);
        linksTimedOut = counters.newCounter(NodeCounter.LINKS_TIMED_OUT);
        ignored = counters.newCounter(NodeCounter.IGNORED);
        repliesLost = counters.newCounter(NodeCounter.REPLIES_LOST);
        shedQueries = counters.newCounter(NodeCounter.SHED_QUERIES);
        shedTransacts = counters.newCounter(NodeCounter.SHED_TRANSACTS);
        shedBeliefs = counters.newCounter(NodeCounter.SHED_BELIEFS);
        shedRepliesLost = counters.newCounter(NodeCounter.SHED_REPLIES_LOST);
        storeBytes = new AtomicCounter[lanes];
        parkedBytes = new AtomicCounter[lanes];
        for (int lane = 0; lane < lanes; lane++)
        {
            storeBytes[lane] = counters.newCounter(NodeCounter.STORE_BYTES, lane, Integer.toString(lane));
            parkedBytes[lane] = counters.newCounter(NodeCounter.PARKED_BYTES, lane, Integer.toString(lane));
        }
    }
}
