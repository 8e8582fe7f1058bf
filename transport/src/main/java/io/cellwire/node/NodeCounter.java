package io.cellwire.node;

import io.cellwire.transport.CounterDescriptor;

/**
 * The node's protocol counters, beside the engine's in the same counters file. Type ids 1100–1199 belong to the node;
 * the {@code lane %s} families are keyed by lane index. Immutable.
 */
public enum NodeCounter implements CounterDescriptor
{
    /** Node: queries handled. */
    QUERIES(1100, "node: queries handled"),
    /** Node: transactions admitted. */
    TRANSACTIONS_ADMITTED(1101, "node: transactions admitted"),
    /** Node: transactions rejected :SIGNATURE (bad signature). */
    TRANSACTIONS_BAD_SIGNATURE(1102, "node: transactions rejected :SIGNATURE (bad signature)"),
    /** Node: transactions rejected :SIGNATURE (wrong key). */
    TRANSACTIONS_WRONG_KEY(1103, "node: transactions rejected :SIGNATURE (wrong key)"),
    /** Node: transactions rejected :SEQUENCE. */
    TRANSACTIONS_USED_SEQUENCE(1104, "node: transactions rejected :SEQUENCE"),
    /** Node: transactions rejected :FORMAT. */
    TRANSACTIONS_BAD_FORMAT(1105, "node: transactions rejected :FORMAT"),
    /** Node: beliefs accepted. */
    BELIEFS_ACCEPTED(1106, "node: beliefs accepted"),
    /** Node: beliefs ignored (recently seen). */
    BELIEFS_DUPLICATE(1107, "node: beliefs ignored (recently seen)"),
    /** BELIEF signatures the verifier stage checked (each distinct SignedData once). */
    BELIEF_SIGNATURES_VERIFIED(1136, "verifier: belief signatures verified"),
    /** TRANSACT signatures the verifier stage checked (each distinct SignedData once). */
    TRANSACTION_SIGNATURES_VERIFIED(1137, "verifier: transaction signatures verified"),
    /** CHALLENGE signatures the verifier stage checked. */
    CHALLENGE_SIGNATURES_VERIFIED(1143, "verifier: challenge signatures verified"),
    /** Messages the verifier stage refused: the connection's share or the worker's ring was full (:LOAD, or dropped).
     * */
    VERIFICATIONS_REFUSED(1138, "verifier: refused (share or ring full)"),
    /** Node: beliefs rejected (bad signature). */
    BELIEFS_BAD_SIGNATURE(1108, "node: beliefs rejected (bad signature)"),
    /** Node: beliefs rejected (not a Belief). */
    BELIEFS_INVALID(1109, "node: beliefs rejected (not a Belief)"),
    /** Node: status answered. */
    STATUS_ANSWERED(1110, "node: status answered"),
    /** Store: cells evicted to make room (each store region evicts only its own oldest). */
    CELLS_EVICTED(1139, "store: cells evicted"),
    /** Store: cells a parked message needs, moved out of reach of untrusted DATA. */
    CELLS_KEPT(1140, "store: cells kept for parked messages"),
    /** Node: exceptions from the application on a parked or verified message (its connection closed). */
    HANDLER_ERRORS(1141, "node: handler exceptions on resumed messages"),
    /** Node: transactions rejected :NOBODY (the account table has no room for their origin). */
    TRANSACTIONS_NO_ACCOUNT(1142, "node: transactions rejected :NOBODY (account table full)"),
    /** Node: data cells stored. */
    DATA_STORED(1111, "node: data cells stored"),
    /** Node: missing data answered. */
    MISSING_DATA_ANSWERED(1112, "node: missing data answered"),
    /** Node: missing data unknown. */
    MISSING_DATA_UNKNOWN(1113, "node: missing data unknown"),
    /** Node: missing data requested. */
    MISSING_DATA_SENT(1114, "node: missing data requested"),
    /** Node: messages parked. */
    PARKED(1115, "node: messages parked"),
    /** Node: parked messages resumed. */
    PARKED_RESUMED(1116, "node: parked messages resumed"),
    /** Node: parked messages expired. */
    PARKED_EXPIRED(1117, "node: parked messages expired"),
    /** Node: messages not parked (parking full). */
    PARKED_REJECTED(1118, "node: messages not parked (parking full)"),
    /** Node: messages with bad refs. */
    RESOLVE_ERRORS(1119, "node: messages with bad refs"),
    /** Trust: challenges sent. */
    CHALLENGES_SENT(1120, "trust: challenges sent"),
    /** Trust: challenges answered. */
    CHALLENGES_ANSWERED(1121, "trust: challenges answered"),
    /** Trust: challenges rejected. */
    CHALLENGES_REJECTED(1122, "trust: challenges rejected"),
    /** Trust: responses accepted (peer trusted). */
    RESPONSES_ACCEPTED(1123, "trust: responses accepted (peer trusted)"),
    /** Trust: responses rejected. */
    RESPONSES_REJECTED(1124, "trust: responses rejected"),
    /** Node: goodbyes. */
    GOODBYES(1125, "node: goodbyes"),
    /** Trust: link keepalives sent. */
    KEEPALIVES_SENT(1126, "trust: link keepalives sent"),
    /** Trust: links closed (nothing read within link timeout). */
    LINKS_TIMED_OUT(1127, "trust: links closed (nothing read within link timeout)"),
    /** Node: frames ignored (RESULT, COMMAND). */
    IGNORED(1128, "node: frames ignored (RESULT, COMMAND)"),
    /** Node: replies lost (outbound ring full). */
    REPLIES_LOST(1129, "node: replies lost (outbound ring full)"),
    /** Shed: QUERY answered :LOAD. */
    SHED_QUERIES(1130, "shed: QUERY answered :LOAD"),
    /** Shed: TRANSACT answered :LOAD. */
    SHED_TRANSACTS(1131, "shed: TRANSACT answered :LOAD"),
    /** Shed: BELIEF dropped. */
    SHED_BELIEFS(1132, "shed: BELIEF dropped"),
    /** Shed: :LOAD reply lost (outbound ring full). */
    SHED_REPLIES_LOST(1133, "shed: :LOAD reply lost (outbound ring full)"),
    /** Lane N: store bytes in use. */
    STORE_BYTES(1134, "lane %s: store bytes in use"),
    /** Lane N: parked bytes. */
    PARKED_BYTES(1135, "lane %s: parked bytes");

    private final int typeId;
    private final String label;

    NodeCounter(final int typeId, final String label)
    {
        this.typeId = typeId;
        this.label = label;
    }

    @Override
    public int typeId()
    {
        return typeId;
    }

    @Override
    public String label()
    {
        return label;
    }
}
