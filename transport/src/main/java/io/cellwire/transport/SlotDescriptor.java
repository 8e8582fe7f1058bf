package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;

/**
 * Layout of one slot of a handler lane's {@link SlotRing}: a received frame, copied once by the poller, with the
 * facts the lane needs to handle it.
 * <pre>
 *   0                   8                   16        20        24        28        32                    8256
 *   +-------------------+-------------------+---------+---------+---------+---------+---------------------+
 *   | connection id     | receive time (ns) | type    | frame   | header  | (pad)   | frame: header, type,|
 *   |                   |                   |         | length  | length  |         | payload             |
 *   +-------------------+-------------------+---------+---------+---------+---------+---------------------+
 * </pre>
 * A slot holds the largest frame (8193 bytes); its size is a multiple of 64 so slots never share a cache line.
 * Stateless constants.
 */
public final class SlotDescriptor
{
    /** Offset of the connection id (long). */
    public static final int CONNECTION_ID_OFFSET = 0;
    /** Offset of the receive timestamp, {@code System.nanoTime()} when the poller read the frame (long). */
    public static final int RECEIVE_TIME_OFFSET = 8;
    /** Offset of the message type (int). */
    public static final int TYPE_OFFSET = 16;
    /** Offset of the whole frame's length, header included (int). */
    public static final int FRAME_LENGTH_OFFSET = 20;
    /** Offset of the frame header's length, 1 or 2 (int). */
    public static final int HEADER_LENGTH_OFFSET = 24;
    /** Offset of the frame bytes. */
    public static final int FRAME_OFFSET = 32;
    /** Bytes per slot: the header above and the largest frame, rounded up to 64. */
    public static final int SLOT_SIZE = (FRAME_OFFSET + FrameHeader.MAX_FRAME_SIZE + 63) & ~63;

    private SlotDescriptor()
    {
    }
}
