package io.cellwire.transport;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A single-producer single-consumer ring of preallocated {@link SlotDescriptor#SLOT_SIZE}-byte slots: the handoff of
 * received frames from the poller (producer) to one handler lane (consumer), with no allocation and no locks.
 * <p>
 * The producer {@link #claim claims} the slot at {@code head}, fills it and {@link #publish publishes} it with a
 * release store of {@code head + 1}; the consumer {@link #peek peeks} the slot at {@code tail} once an acquire load of
 * {@code head} shows it, handles it in place and {@link #release releases} it with a release store of
 * {@code tail + 1}. Each side caches the other's position and refreshes it only when the ring looks full or empty.
 * The two positions live 128 bytes apart in their own buffer so they never share a cache line.
 * <p>
 * Thread ownership: {@code claim}/{@code publish} and the producer cache belong to the poller thread;
 * {@code peek}/{@code release} and the consumer cache belong to the lane thread. {@link #size()} may be read by any.
 */
public final class SlotRing implements AutoCloseable
{
    private static final int HEAD_OFFSET = 0;
    private static final int TAIL_OFFSET = 2 * BitUtil.CACHE_LINE_LENGTH;
    private static final int POSITIONS_LENGTH = 4 * BitUtil.CACHE_LINE_LENGTH;

    private final UnsafeBuffer slots;
    private final UnsafeBuffer positions;
    private final int capacity;
    private final int mask;

    private long producerHead;
    private long producerTailCache;
    private long highWaterMark;

    private long consumerTail;
    private long consumerHeadCache;

    /**
     * A ring of {@code capacity} slots.
     *
     * @param capacity number of slots, a power of two.
     */
    public SlotRing(final int capacity)
    {
        if (!BitUtil.isPowerOfTwo(capacity))
        {
            throw new IllegalArgumentException("slot count must be a power of two: " + capacity);
        }
        this.capacity = capacity;
        mask = capacity - 1;
        slots = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity * SlotDescriptor.SLOT_SIZE));
        positions = new UnsafeBuffer(ByteBuffer.allocateDirect(POSITIONS_LENGTH));
    }

    /**
     * The slot memory; offsets from {@link #claim} and {@link #peek} index into it.
     *
     * @return the buffer.
     */
    public UnsafeBuffer buffer()
    {
        return slots;
    }

    /**
     * Producer: the next free slot.
     *
     * @return the slot's offset, or -1 if the ring is full.
     */
    public int claim()
    {
        if (producerHead - producerTailCache >= capacity)
        {
            producerTailCache = positions.getLongVolatile(TAIL_OFFSET);
            if (producerHead - producerTailCache >= capacity)
            {
                return -1;
            }
        }
        return (int)(producerHead & mask) * SlotDescriptor.SLOT_SIZE;
    }

    /** Producer: makes the claimed slot visible to the consumer. */
    public void publish()
    {
        producerHead++;
        positions.putLongRelease(HEAD_OFFSET, producerHead);
        final long depth = producerHead - producerTailCache;
        if (depth > highWaterMark)
        {
            highWaterMark = depth;
        }
    }

    /**
     * Consumer: the oldest published slot.
     *
     * @return the slot's offset, or -1 if the ring is empty.
     */
    public int peek()
    {
        if (consumerTail >= consumerHeadCache)
        {
            consumerHeadCache = positions.getLongVolatile(HEAD_OFFSET);
            if (consumerTail >= consumerHeadCache)
            {
                return -1;
            }
        }
        return (int)(consumerTail & mask) * SlotDescriptor.SLOT_SIZE;
    }

    /** Consumer: hands the peeked slot back to the producer. */
    public void release()
    {
        consumerTail++;
        positions.putLongRelease(TAIL_OFFSET, consumerTail);
    }

    /**
     * Slots published and not yet released.
     *
     * @return 0…capacity.
     */
    public int size()
    {
        final long tail = positions.getLongVolatile(TAIL_OFFSET);
        final long head = positions.getLongVolatile(HEAD_OFFSET);
        return (int)(head - tail);
    }

    /**
     * Number of slots.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * Producer: the most slots ever in use at once, as the producer saw it.
     *
     * @return the high-water mark.
     */
    public long highWaterMark()
    {
        return highWaterMark;
    }

    @Override
    public void close()
    {
        BufferUtil.free(slots.byteBuffer());
        BufferUtil.free(positions.byteBuffer());
    }
}
