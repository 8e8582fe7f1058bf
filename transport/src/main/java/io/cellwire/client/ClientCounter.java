package io.cellwire.client;

import io.cellwire.transport.CounterDescriptor;

/**
 * The client's counters, beside its transport's in the same counters file. Type ids 1300–1399 belong to the client.
 * Immutable.
 */
public enum ClientCounter implements CounterDescriptor
{
    /** RESULTs delivered to the handler (not counting timeouts). */
    RESULTS_DELIVERED(1300, "client: results delivered"),
    /** Requests ended by the client-side timeout. */
    TIMEOUTS(1301, "client: requests timed out"),
    /** RESULTs whose ID was not in flight (late after a timeout, or repeated); dropped. */
    UNMATCHED_RESULTS(1302, "client: results unmatched (no request in flight)"),
    /** Inbound payloads that failed validation on the client thread. */
    INVALID_PAYLOADS(1303, "client: payloads invalid"),
    /** RESULTs that had to wait for DATA. */
    RESULTS_PARKED(1304, "client: results parked (waiting for DATA)"),
    /** RESULTs dropped (left to time out) because every park slot was taken. */
    PARK_REJECTIONS(1305, "client: results not parked (parking full)"),
    /** RESULTs dropped (left to time out) because their refs could not be resolved. */
    RESOLVE_ERRORS(1306, "client: results with bad refs"),
    /** MISSING_DATA requests this client sent. */
    MISSING_DATA_SENT(1307, "client: missing data requested"),
    /** MISSING_DATA requests from the peer answered with DATA. */
    MISSING_DATA_ANSWERED(1308, "client: missing data answered"),
    /** MISSING_DATA requests from the peer for cells this client does not hold. */
    MISSING_DATA_UNKNOWN(1309, "client: missing data unknown"),
    /** Nudges (a QUERY of nil, negative ID) sent to a peer that sat on requests in flight. */
    NUDGES_SENT(1310, "client: nudges sent"),
    /** RESULTs of nudges received (and dropped). */
    NUDGES_ANSWERED(1311, "client: nudges answered"),
    /** Connections closed because the peer sent nothing for the dead peer time while requests were in flight. */
    DEAD_PEER_CLOSES(1312, "client: connections closed (peer silent)");

    private final int typeId;
    private final String label;

    ClientCounter(final int typeId, final String label)
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
