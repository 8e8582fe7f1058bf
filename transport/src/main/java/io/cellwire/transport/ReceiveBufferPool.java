package io.cellwire.transport;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;

import java.nio.ByteBuffer;

/**
 * The receive buffers of the connections that hold unfinished input: a frame cut by the end of a read, or whole frames
 * their lane had no room for. A connection whose reads end on a frame boundary holds none; the poller reads it into
 * its one shared buffer. A buffer goes back to the pool when its connection's input is drained or the connection
 * closes, and is reused, so the receive memory of a transport is the shared buffer plus one buffer for each connection
 * that held unfinished input at the same moment, at most: the pool grows to that high-water mark and stays there.
 * <p>
 * Owned by the poller thread. A buffer is allocated only when more connections than ever before hold unfinished input
 * at once; none is allocated in a steady state.
 */
final class ReceiveBufferPool
{
    private final int bufferLength;
    private ByteBuffer[] free;
    private int freeCount;
    private int inUse;
    private int allocated;

    /**
     * An empty pool.
     *
     * @param bufferLength bytes of each buffer.
     * @param capacity     buffers it may hold free before its free list grows.
     */
    ReceiveBufferPool(final int bufferLength, final int capacity)
    {
        this.bufferLength = bufferLength;
        free = new ByteBuffer[Math.max(1, capacity)];
    }

    /**
     * Takes a buffer, cleared, allocating one if none is free.
     *
     * @return the buffer.
     */
    ByteBuffer acquire()
    {
        inUse++;
        if (freeCount > 0)
        {
            final ByteBuffer buffer = free[--freeCount];
            free[freeCount] = null;
            return buffer.clear();
        }
        allocated++;
        return BufferUtil.allocateDirectAligned(bufferLength, BitUtil.CACHE_LINE_LENGTH);
    }

    /**
     * Gives a buffer back for reuse.
     *
     * @param buffer one {@link #acquire()} returned.
     */
    void release(final ByteBuffer buffer)
    {
        inUse--;
        if (freeCount == free.length)
        {
            final ByteBuffer[] grown = new ByteBuffer[free.length * 2];
            System.arraycopy(free, 0, grown, 0, freeCount);
            free = grown;
        }
        free[freeCount++] = buffer;
    }

    /** @return buffers held by connections now. */
    int inUse()
    {
        return inUse;
    }

    /** @return buffers allocated since the pool was made: its high-water mark. */
    int allocated()
    {
        return allocated;
    }
}
