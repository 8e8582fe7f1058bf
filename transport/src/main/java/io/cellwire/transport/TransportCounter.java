package io.cellwire.transport;

/**
 * The engine's counters. Type ids 1000–1099 belong to the engine; keys: the message type for {@link #FRAMES_IN} and
 * {@link #FRAMES_OUT}, the {@code DecodeError} ordinal for {@link #ERRORS}, the lane index for the {@code LANE_}
 * families. Immutable.
 */
public enum TransportCounter implements CounterDescriptor
{
    /** Connections open now (a gauge). */
    CONNECTIONS_ACTIVE(1000, "connections: active"),
    /** Inbound connections accepted. */
    CONNECTIONS_ACCEPTED(1001, "connections: accepted"),
    /** Outbound connections opened. */
    CONNECTIONS_OPENED(1002, "connections: opened (outbound)"),
    /** Connections closed, for any reason. */
    CONNECTIONS_CLOSED(1003, "connections: closed"),
    /** Connections refused: the connection limit was reached. */
    CONNECTIONS_REJECTED(1004, "connections: rejected (limit)"),
    /** Connections closed by an I/O error. */
    CONNECTIONS_RESET(1005, "connections: reset (I/O error)"),
    /** Connections whose peer closed its end. */
    CONNECTIONS_END_OF_STREAM(1006, "connections: end of stream"),
    /** Connections closed by the idle timeout. */
    CONNECTIONS_IDLE(1007, "connections: closed idle (idle timeout)"),
    /** Connections closed because a begun frame did not complete within the frame timeout. */
    CONNECTIONS_FRAME_TIMEOUT(1008, "connections: closed mid-frame (frame timeout)"),
    /** Connections evicted as slow consumers. */
    CONNECTIONS_EVICTED(1009, "connections: evicted (slow consumer)"),
    /** Outbound connects abandoned by the connect timeout. */
    CONNECT_TIMEOUTS(1010, "connections: connect timed out"),
    /** Bytes read from sockets. */
    BYTES_IN(1011, "bytes in"),
    /** Bytes written to sockets. */
    BYTES_OUT(1012, "bytes out"),
    /** Frames read, per message type. */
    FRAMES_IN(1013, "frames in: %s"),
    /** Frames written, per message type. */
    FRAMES_OUT(1014, "frames out: %s"),
    /** Frames or payloads rejected, per {@code DecodeError}. */
    ERRORS(1015, "errors: %s"),
    /** Times a connection was held back because its lane was full. */
    LANE_PAUSES(1016, "back pressure: reads paused (lane full)"),
    /** Times an outbound queue went over 3/4 full: its ring, or its connection's share of outbound chunks. */
    OUTBOUND_BACK_PRESSURE(1017, "back pressure: outbound queue over 3/4 full"),
    /** Most slots in use at once in any lane (a gauge). */
    SLOT_HIGH_WATER_MARK(1018, "slots: high-water mark"),
    /** The poller's longest duty cycle in nanoseconds (a gauge). */
    MAX_DUTY_CYCLE_NS(1019, "poller: longest duty cycle (ns)"),
    /** Frames a lane handled, per lane. */
    LANE_FRAMES(1020, "lane %s: frames handled"),
    /** Payloads a lane rejected, per lane. */
    LANE_ERRORS(1021, "lane %s: payloads rejected"),
    /** Exceptions a lane's handler threw, per lane: each slot was released and its connection closed. */
    LANE_HANDLER_ERRORS(1022, "lane %s: handler exceptions"),
    /** Receive buffers held now by connections with unfinished input (a gauge). */
    RECEIVE_BUFFERS_IN_USE(1023, "receive buffers: in use"),
    /** Receive buffers the pool has allocated: the most connections ever holding unfinished input at once. */
    RECEIVE_BUFFERS_ALLOCATED(1024, "receive buffers: allocated"),
    /**
     * Outbound chunks holding frames that wait for their sockets now, a gauge: large frames, and small ones that found
     * their ring full.
     */
    OUTBOUND_CHUNKS_IN_USE(1025, "outbound chunks: in use"),
    /** Outbound chunks the pool has allocated: the most ever in use at once, up to its bound. */
    OUTBOUND_CHUNKS_ALLOCATED(1026, "outbound chunks: allocated"),
    /** Frames back pressured because the pool, or their connection's share of it, had no chunk. */
    OUTBOUND_CHUNKS_REFUSED(1027, "back pressure: no outbound chunk");

    private final int typeId;
    private final String label;

    TransportCounter(final int typeId, final String label)
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
