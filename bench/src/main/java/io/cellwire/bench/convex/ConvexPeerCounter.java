package io.cellwire.bench.convex;

import io.cellwire.transport.CounterDescriptor;

/**
 * The Convex peer's counters, beside the node's and the engine's in the same counters file, so {@code cellwire stat}
 * shows them too. Type ids 1200–1299 belong to the peer. Immutable.
 */
public enum ConvexPeerCounter implements CounterDescriptor
{
    /** Lanes: QUERY answered :LOAD because the lane's ring to the CVM thread, or the connection's share of it, was full. */
    QUERIES_SHED(1200, "cvm: QUERY answered :LOAD (ring or share full)"),
    /** Lanes: TRANSACT answered :LOAD because the lane's ring to the CVM thread, or the connection's share of it, was full. */
    TRANSACTS_SHED(1201, "cvm: TRANSACT answered :LOAD (ring or share full)"),
    /** Lanes: BELIEF dropped because the lane's ring to the CVM thread, or the connection's share of it, was full. */
    BELIEFS_DROPPED(1202, "cvm: BELIEF dropped (ring or share full)"),
    /** Lanes: DATA dropped because the lane's ring to the CVM thread, or the connection's share of it, was full. */
    DATA_DROPPED(1203, "cvm: DATA dropped (ring or share full)"),
    /** Lanes: MISSING_DATA dropped because the lane's ring to the CVM thread, or the connection's share of it, was full. */
    MISSING_DATA_DROPPED(1204, "cvm: MISSING_DATA dropped (ring or share full)"),
    /** CVM: queries run and answered. */
    QUERIES_ANSWERED(1205, "cvm: queries answered"),
    /** CVM: transactions queued for a block. */
    TRANSACTIONS_SUBMITTED(1206, "cvm: transactions submitted"),
    /** CVM: transaction results sent once their block was in consensus. */
    TRANSACTION_RESULTS(1207, "cvm: transaction results sent"),
    /** CVM: requests answered with an error before the CVM ran them (:FORMAT, :MISSING). */
    REQUESTS_REFUSED(1208, "cvm: requests refused (:FORMAT, :MISSING)"),
    /** CVM: beliefs accepted and offered to the next merge. */
    BELIEFS_RECEIVED(1209, "cvm: beliefs received"),
    /** CVM: beliefs that lacked a cell, kept to retry when DATA comes (the latest per connection). */
    BELIEFS_PENDING(1210, "cvm: beliefs awaiting data"),
    /** CVM: beliefs or cells that did not decode, or beliefs whose signature did not verify. */
    BELIEFS_REJECTED(1211, "cvm: beliefs or cells rejected"),
    /** CVM: DATA cells kept in the CVM's store. */
    CELLS_RECEIVED(1212, "cvm: data cells received"),
    /** CVM: DATA cells that lacked a child, kept to retry (the oldest dropped when full). */
    CELLS_PENDING(1213, "cvm: data cells awaiting children"),
    /** CVM: MISSING_DATA sent for a cell a belief or a cell lacks. */
    MISSING_DATA_SENT(1214, "cvm: missing data requested"),
    /** CVM: MISSING_DATA answered with DATA from the CVM's store. */
    MISSING_DATA_ANSWERED(1215, "cvm: missing data answered"),
    /** CVM: MISSING_DATA for a cell the CVM's store does not hold either. */
    MISSING_DATA_UNKNOWN(1216, "cvm: missing data unknown"),
    /** CVM: merges that changed this peer's belief. */
    BELIEF_UPDATES(1217, "cvm: belief updates"),
    /** CVM: broadcasts of this peer's belief, changed or repeated while consensus is behind. */
    BELIEF_BROADCASTS(1218, "cvm: belief broadcasts"),
    /** CVM: frames the transport refused (outbound ring full, connection gone). */
    SENDS_FAILED(1219, "cvm: sends failed"),
    /** CVM: blocks of this peer's order in consensus (a gauge). */
    CONSENSUS_POINT(1220, "cvm: consensus point"),
    /** CVM: messages dropped because convex threw on them (reported to the error handler). */
    ERRORS(1221, "cvm: messages dropped on an engine exception");

    private final int typeId;
    private final String label;

    ConvexPeerCounter(final int typeId, final String label)
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
