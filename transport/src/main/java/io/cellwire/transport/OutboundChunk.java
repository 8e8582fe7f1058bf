package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * Room for one large outbound frame, taken from the transport's {@link OutboundChunks} by the thread that sends the
 * frame and given back by the poller once the socket has taken it.
 * <p>
 * Thread ownership: between a take and its release, the taker writes {@link #buffer} and then publishes the chunk by
 * committing a reference to it in a connection's outbound ring; from then on the poller alone reads it, writing the
 * socket from {@link #view} (a duplicate only the poller touches), and releases it. The free queue of the pool is the
 * handoff back.
 */
final class OutboundChunk
{
    /** Bytes of a chunk: the longest frame, rounded up to a cache line. */
    static final int LENGTH = BitUtil.align(FrameHeader.MAX_FRAME_SIZE, BitUtil.CACHE_LINE_LENGTH);

    final int index;
    final UnsafeBuffer buffer;
    final ByteBuffer view;

    OutboundChunk(final int index)
    {
        this.index = index;
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(LENGTH, BitUtil.CACHE_LINE_LENGTH);
        buffer = new UnsafeBuffer(memory);
        view = memory.duplicate();
    }
}
