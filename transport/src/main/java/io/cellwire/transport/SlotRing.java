package io.cellwire.transport;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/**
 * A single-producer single-consumer ring of preallocated {@link SlotDescriptor#SLOT_SIZE}-byte slots: the handoff of
 * received frames from the poller (producer) to one handler lane (consumer), with no allocation and no locks.
 * <p>
 * The producer {@link #claim claims} a free slot, fills it and {@link #publish publishes} it as sequence {@code head}
 * with a release store of {@code head + 1}; the consumer {@link #peek peeks} the slot of sequence {@code tail} once an
 * acquire load of {@code head} shows it, handles it in place and {@link #release releases} it with a release store of
 * {@code tail + 1}. The consumer caches {@code head} and refreshes it only when the ring looks empty. The two positions
 * live 128 bytes apart in their own buffer so they never share a cache line.
 * <p>
 * Sequences map to slots through a table the producer fills before each publish, not by {@code sequence % capacity}:
 * the producer takes released slots back onto a stack and claims the one on top. When producer and consumer share a
 * thread (a {@code SHARED} or {@code INVOKER} transport) it takes them back at every claim, so the top is the slot
 * released last and a lightly loaded lane keeps reusing a few slots still in cache, instead of walking every slot's
 * 8 KiB in turn (256 slots are 2 MiB, more than this machine's L2 per core). Across two threads it takes them back
 * only when the stack is empty, as a plain ring would: reading the consumer's position and reusing the slot it has
 * just read would pull both cache lines across cores on every frame.
 * <p>
 * Thread ownership: {@code claim}/{@code publish}, the free-slot stack and the producer's position belong to the
 * poller thread; {@code peek}/{@code release} and the consumer's cache belong to the lane thread. The sequence-to-slot
 * table is written by the producer before the release store of {@code head} that publishes its entry and read by the
 * consumer after the acquire load that shows it; the producer rewrites an entry only after the acquire load of
 * {@code tail} shows its slot released. {@link #size()} may be read by any thread.
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
    private final boolean sameThread;

    private final int[] slotOfSequence;
    private final int[] freeSlots;
    private int freeCount;
    private long producerHead;
    private long producerTailCache;
    private long highWaterMark;

    private long consumerTail;
    private long consumerHeadCache;

    /**
     * A ring of {@code capacity} slots.
     *
     * @param capacity   number of slots, a power of two.
     * @param sameThread whether the producer and the consumer run on one thread.
     */
    public SlotRing(final int capacity, final boolean sameThread)
    {
        if (!BitUtil.isPowerOfTwo(capacity))
        {
            throw new IllegalArgumentException("slot count must be a power of two: " + capacity);
        }
        this.capacity = capacity;
        this.sameThread = sameThread;
        mask = capacity - 1;
        slots = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity * SlotDescriptor.SLOT_SIZE));
        positions = new UnsafeBuffer(ByteBuffer.allocateDirect(POSITIONS_LENGTH));
        slotOfSequence = new int[capacity];
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            freeSlots[i] = (capacity - 1 - i) * SlotDescriptor.SLOT_SIZE;
        }
        freeCount = capacity;
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
     * Producer: a free slot, on one thread the most recently released one. Calling it again before {@link #publish}
     * may return another slot; publish publishes the one the latest call returned.
     *
     * @return the slot's offset, or -1 if the ring is full.
     */
    public int claim()
    {
        if (sameThread || freeCount == 0)
        {
            final long tail = positions.getLongVolatile(TAIL_OFFSET);
            while (producerTailCache < tail)
            {
                freeSlots[freeCount++] = slotOfSequence[(int)(producerTailCache++ & mask)];
            }
        }
        return freeCount == 0 ? -1 : freeSlots[freeCount - 1];
    }

    /** Producer: makes the slot the latest {@link #claim} returned visible to the consumer. */
    public void publish()
    {
        slotOfSequence[(int)(producerHead & mask)] = freeSlots[--freeCount];
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
        return slotOfSequence[(int)(consumerTail & mask)];
    }

    /** Consumer: hands the peeked slot back to the producer. */
    public void release()
    {
        consumerTail++;
        positions.putLongRelease(TAIL_OFFSET, consumerTail);
    }

    /**
     * Slots released since the ring was made: the lane's progress.
     *
     * @return the count; any thread.
     */
    public long released()
    {
        return positions.getLongVolatile(TAIL_OFFSET);
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
