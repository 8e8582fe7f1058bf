package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;

/**
 * Layout of one slot of a handler lane's {@link SlotRing}: a run of whole frames of one connection, copied once by
 * the poller from one scan of its input, back to back, with the facts the lane needs to walk them.
 * <pre>
 *   0                   8                   16        20        24        32                                  8256
 *   +-------------------+-------------------+---------+---------+---------+-----------------------------------+
 *   | connection id     | receive time (ns) | frames  | run     | (pad)   | frames: header, type, payload;    |
 *   |                   |                   |         | length  |         | header, type, payload; ...        |
 *   +-------------------+-------------------+---------+---------+---------+-----------------------------------+
 * </pre>
 * Each frame keeps its length header, which the poller has checked, so the lane reads its length and type from it.
 * A slot holds the largest frame (8193 bytes) alone or, say, 241 frames of 34 bytes; its size is a multiple of 64 so
 * slots never share a cache line. Stateless constants.
 */
public final class SlotDescriptor
{
    /** Offset of the connection id (long). */
    public static final int CONNECTION_ID_OFFSET = 0;
    /** Offset of the receive timestamp, {@code System.nanoTime()} when the poller read the frames (long). */
    public static final int RECEIVE_TIME_OFFSET = 8;
    /** Offset of the number of frames in the run (int). */
    public static final int FRAME_COUNT_OFFSET = 16;
    /** Offset of the run's length in bytes, every frame's header included (int). */
    public static final int RUN_LENGTH_OFFSET = 20;
    /** Offset of the first frame's bytes. */
    public static final int FRAME_OFFSET = 32;
    /** Bytes per slot: the header above and the largest frame, rounded up to 64. */
    public static final int SLOT_SIZE = (FRAME_OFFSET + FrameHeader.MAX_FRAME_SIZE + 63) & ~63;
    /** Most bytes of frames one slot holds. */
    public static final int RUN_CAPACITY = SLOT_SIZE - FRAME_OFFSET;

    private SlotDescriptor()
    {
    }
}
