package io.cellwire.transport;

import org.agrona.DirectBuffer;

/**
 * The hook that decides what happens to a whole frame that finds its lane full (or, from a connection that is not
 * prioritized, finds only the reserved slots free). The engine knows frames, not messages: a protocol installs this
 * hook to answer or drop what it can afford to, and every other frame waits.
 * <p>
 * Called on the poller's thread, inside its duty cycle: it must not block, must not allocate, and should do no more
 * than decode a header and write a short reply with {@link Connection#offer}.
 */
@FunctionalInterface
public interface LaneFullHandler
{
    /** The frame waits: the poller stops reading the connection until its lane has room (TCP pushes back). */
    int WAIT = 0;
    /** The hook dealt with the frame (answered or dropped it): the poller consumes it. */
    int CONSUMED = 1;

    /**
     * Deals with one frame that has no slot.
     *
     * @param connection   the connection the frame came from.
     * @param buffer       the receive buffer holding the frame.
     * @param frameOffset  where the frame (its length header) starts.
     * @param frameLength  the whole frame's length, header included.
     * @param headerLength the length header's bytes.
     * @param type         the frame's message type.
     * @return {@link #WAIT}, {@link #CONSUMED}, or a negative {@code DecodeError} code: the payload is malformed, the
     * error is counted and the connection closed.
     */
    int onLaneFull(
        Connection connection, DirectBuffer buffer, int frameOffset, int frameLength, int headerLength, int type);
}
