package io.cellwire.transport;

import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/** Cache lines between the object header and the consumer's field. */
@SuppressWarnings("unused")
abstract class SlotRingPadding1
{
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The consumer's position, on a cache line of its own. */
abstract class SlotRingConsumerFields extends SlotRingPadding1
{
    /** The lane thread's: the sequence it peeks at next. */
    long consumerTail;
}

/** Cache lines between the consumer's field and the producer's. */
@SuppressWarnings("unused")
abstract class SlotRingPadding2 extends SlotRingConsumerFields
{
    long p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
}

/** The producer's state, on cache lines of its own. */
abstract class SlotRingProducerFields extends SlotRingPadding2
{
    /** The poller thread's, as are the rest: free slots on the stack. */
    int freeCount;
    /** The slot claimed and not yet published, off the stack; -1 if none. */
    int claimedSlot;
    /** The sequence the producer publishes next. */
    long producerHead;
    /** Sequences below this have been released and their slots taken back. */
    long takenBack;
    long highWaterMark;
}

/** Cache lines between the producer's fields and the final ones both sides read. */
@SuppressWarnings("unused")
abstract class SlotRingPadding3 extends SlotRingProducerFields
{
    long p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
}

/**
 * A single-producer single-consumer ring of preallocated {@link SlotDescriptor#SLOT_SIZE}-byte slots: the handoff of
 * received frames from the poller (producer) to one handler lane (consumer), with no allocation and no locks.
 * <p>
 * Each sequence has an entry of 8 bytes, in a table of {@code capacity} entries: the sequence (plus one, so that a
 * zeroed entry matches none) in its high half, the offset of its slot and a released flag in its low half. The producer
 * {@link #claim claims} a free slot, fills it and {@link #publish publishes} it as sequence {@code head} with a release
 * store of its entry; the consumer {@link #peek peeks} at the entry of sequence {@code tail} with an acquire load,
 * handles the slot in place and {@link #release releases} it with a release store of the entry flagged released. So
 * a handoff moves the entry's cache line and the slot's, and neither side reads a position the other writes on every
 * frame (as a Disruptor's sequence barrier would have it): 8 entries share a line, as the elements of an array queue do.
 * Both sides also store their position, for {@link #size()} and {@link #released()} on any thread.
 * <p>
 * Slots are not taken in sequence order: the producer takes released slots back onto a stack at every claim, from the
 * entries, and claims the one on top, so a lightly loaded lane keeps reusing a few slots still in cache instead of
 * walking every slot's 8 KiB in turn (256 slots are 2 MiB, more than this machine's L2 per core).
 * <p>
 * Thread ownership: {@code claim}/{@code publish}, {@link #occupancy()}, the free-slot stack and the producer's
 * position and cache belong to the poller thread; {@code peek}/{@code release} and the consumer's position belong to
 * the lane thread. The entry of a sequence is written by the producer before the consumer may read it (release,
 * then acquire) and by the consumer, once, when it releases the slot; the producer writes it again, for the sequence
 * one lap later, only after it has read it released. {@link #size()} and {@link #released()} may be read by any thread.
 * The producer's fields, the consumer's and the final ones both read sit on cache lines of their own (the padding
 * classes above, as Agrona's queues do): sharing one, every handoff would also move the line of the object itself.
 */
public final class SlotRing extends SlotRingPadding3 implements AutoCloseable
{
    private static final int HEAD_OFFSET = 0;
    private static final int TAIL_OFFSET = 2 * BitUtil.CACHE_LINE_LENGTH;
    private static final int POSITIONS_LENGTH = 4 * BitUtil.CACHE_LINE_LENGTH;
    /** Bytes of one sequence's entry. */
    private static final int ENTRY_LENGTH = 8;
    /** Set in an entry's low half once the consumer has released the slot. */
    private static final long RELEASED = 0x8000_0000L;
    private static final long SLOT_MASK = 0x7FFF_FFFFL;

    private final UnsafeBuffer slots;
    private final UnsafeBuffer entries;
    private final UnsafeBuffer positions;
    private final int capacity;
    private final int mask;

    private final int[] freeSlots;

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
        // unaligned, so that close can free them: aligned buffers are slices, which only the collector frees
        slots = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity * SlotDescriptor.SLOT_SIZE));
        entries = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity * ENTRY_LENGTH));
        positions = new UnsafeBuffer(ByteBuffer.allocateDirect(POSITIONS_LENGTH));
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            freeSlots[i] = (capacity - 1 - i) * SlotDescriptor.SLOT_SIZE;
        }
        freeCount = capacity;
        claimedSlot = -1;
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
     * Producer: a free slot, the most recently released one first, taken off the free stack until {@link #publish}.
     * Calling it again before publish returns the same slot.
     *
     * @return the slot's offset, or -1 if the ring is full.
     */
    public int claim()
    {
        if (claimedSlot < 0)
        {
            takeBackReleased();
            if (freeCount == 0)
            {
                return -1;
            }
            claimedSlot = freeSlots[--freeCount];
        }
        return claimedSlot;
    }

    /** Producer: makes the slot {@link #claim} returned visible to the consumer. */
    public void publish()
    {
        final int slot = claimedSlot;
        claimedSlot = -1;
        entries.putLongRelease(entryIndex(producerHead), ((producerHead + 1) << 32) | slot);
        producerHead++;
        positions.putLongRelease(HEAD_OFFSET, producerHead);
        final long depth = producerHead - takenBack;
        if (depth > highWaterMark)
        {
            highWaterMark = depth;
        }
    }

    /**
     * Producer: slots published and not yet taken back, after taking back those released.
     *
     * @return 0…capacity.
     */
    public int occupancy()
    {
        takeBackReleased();
        return (int)(producerHead - takenBack);
    }

    /**
     * Consumer: the oldest published slot.
     *
     * @return the slot's offset, or -1 if the ring is empty.
     */
    public int peek()
    {
        final long entry = entries.getLongVolatile(entryIndex(consumerTail));
        return (int)(entry >>> 32) != (int)(consumerTail + 1) || (entry & RELEASED) != 0 ?
            -1 : (int)(entry & SLOT_MASK);
    }

    /** Consumer: hands the peeked slot back to the producer. */
    public void release()
    {
        final int index = entryIndex(consumerTail);
        entries.putLongRelease(index, entries.getLong(index) | RELEASED);
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

    private void takeBackReleased()
    {
        while (takenBack < producerHead)
        {
            final long entry = entries.getLongVolatile(entryIndex(takenBack));
            if ((entry & RELEASED) == 0)
            {
                return;
            }
            freeSlots[freeCount++] = (int)(entry & SLOT_MASK);
            takenBack++;
        }
    }

    private int entryIndex(final long sequence)
    {
        return (int)(sequence & mask) * ENTRY_LENGTH;
    }

    @Override
    public void close()
    {
        BufferUtil.free(slots.byteBuffer());
        BufferUtil.free(entries.byteBuffer());
        BufferUtil.free(positions.byteBuffer());
    }
}
