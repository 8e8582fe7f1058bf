package io.cellwire.transport;

import org.agrona.concurrent.status.AtomicCounter;
import org.jctools.queues.MpmcArrayQueue;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transport's pool of outbound chunks: frames of {@link OutboundWriter#COPY_THRESHOLD} bytes or more travel in a
 * chunk, with only a reference to it in their connection's outbound ring, so a connection's ring need hold small
 * frames only (16 KiB by default) and the memory for large ones is shared by every connection and held only while a
 * frame waits for its socket. Chunks are allocated on first need, up to a bound, and reused: in a steady state nothing
 * is allocated.
 * <p>
 * Thread ownership: any thread takes a chunk (a lane or application thread sending a large frame, or a small one
 * that found its ring full); the poller gives chunks back as the socket takes their frames, and a sender gives back
 * one it could not queue. The free list is a JCTools multi-producer, multi-consumer queue; the allocation count is
 * claimed with a compare-and-set, and a chunk reaches the poller through the ring record that refers to it, which is
 * committed after the chunk is written.
 */
final class OutboundChunks
{
    private final OutboundChunk[] chunks;
    private final MpmcArrayQueue<OutboundChunk> free;
    private final AtomicInteger allocated = new AtomicInteger();
    private final AtomicCounter inUseCounter;
    private final AtomicCounter allocatedCounter;
    private final AtomicCounter refusedCounter;

    /**
     * An empty pool.
     *
     * @param maxChunks most chunks it allocates.
     * @param counters  where chunks in use, allocated and refused are counted.
     */
    OutboundChunks(final int maxChunks, final TransportCounters counters)
    {
        chunks = new OutboundChunk[maxChunks];
        free = new MpmcArrayQueue<>(Math.max(2, maxChunks));
        inUseCounter = counters.outboundChunksInUse;
        allocatedCounter = counters.outboundChunksAllocated;
        refusedCounter = counters.outboundChunksRefused;
    }

    /**
     * Takes a free chunk, allocating one while fewer than the bound exist.
     *
     * @return the chunk, or null when every chunk is in use (counted as refused).
     */
    OutboundChunk take()
    {
        OutboundChunk chunk = free.poll();
        if (chunk == null)
        {
            chunk = allocate();
            if (chunk == null)
            {
                refusedCounter.increment();
                return null;
            }
        }
        inUseCounter.increment();
        return chunk;
    }

    /**
     * Gives a chunk back for reuse.
     *
     * @param chunk one {@link #take()} returned, not given back before.
     */
    void release(final OutboundChunk chunk)
    {
        inUseCounter.decrement();
        // the queue has room for every chunk there is, so the offer cannot fail
        free.offer(chunk);
    }

    /**
     * The chunk with an index, for the poller reading a ring record that refers to it.
     *
     * @param index the chunk's index.
     * @return the chunk.
     */
    OutboundChunk chunk(final int index)
    {
        return chunks[index];
    }

    /** Counts a refusal that was the connection's share, not the pool, running out. */
    void countRefused()
    {
        refusedCounter.increment();
    }

    private OutboundChunk allocate()
    {
        int index;
        do
        {
            index = allocated.get();
            if (index == chunks.length)
            {
                return null;
            }
        }
        while (!allocated.compareAndSet(index, index + 1));
        final OutboundChunk chunk = new OutboundChunk(index);
        chunks[index] = chunk;
        allocatedCounter.increment();
        return chunk;
    }
}
