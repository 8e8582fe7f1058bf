package io.cellwire.store;

import io.cellwire.codec.CellDescriptor;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * One first-in-first-out region of a {@link CellStore}'s buffer: records are appended at the head and the oldest is
 * evicted from the tail when the region's bytes or entries run out. A region evicts only its own records, so what one
 * region holds survives any volume of puts into another.
 * <pre>
 *   record, 8-byte aligned, at base + (position &amp; mask):
 *   0        4        8                                        40
 *   +--------+--------+----------------------------------------+--------------------+-----+
 *   | length | 0      | value ID (32 bytes)                    | cell bytes         | pad |
 *   +--------+--------+----------------------------------------+--------------------+-----+
 *   length -1 marks padding up to the end of the region.
 * </pre>
 * The store's index maps the first 8 bytes of a value ID to {@code tag | position}; a record the index no longer points
 * at (its cell moved to another region, or a prefix collision replaced it) is stale and evicted without counting.
 * Owned by the store's thread.
 */
final class StoreRegion
{
    /** Bits of an index value below the region tag: the record's position in its region. */
    static final long POSITION_MASK = (1L << 56) - 1;
    static final int LENGTH_OFFSET = 0;
    static final int VALUE_ID_OFFSET = 8;
    static final int HEADER_LENGTH = VALUE_ID_OFFSET + CellDescriptor.VALUE_ID_LENGTH;

    private static final int ALIGNMENT = 8;
    private static final int PADDING = -1;

    private final UnsafeBuffer buffer;
    private final int base;
    private final int capacity;
    private final int mask;
    private final int maxEntries;
    private final long tag;

    private long head;
    private long tail;
    private int entries;
    private long evicted;

    /**
     * A region of a shared buffer.
     *
     * @param buffer     the store's buffer.
     * @param base       where the region starts in it.
     * @param capacity   its bytes, a power of two.
     * @param maxEntries most live records it holds.
     * @param id         its number, 0 to 255, carried in the index values of its records.
     */
    StoreRegion(final UnsafeBuffer buffer, final int base, final int capacity, final int maxEntries, final int id)
    {
        this.buffer = buffer;
        this.base = base;
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.maxEntries = maxEntries;
        this.tag = (long)id << 56;
    }

    /**
     * Appends a record, evicting the oldest records until it fits, and indexes it.
     *
     * @param index        the store's index, from ID prefix to {@code tag | position}.
     * @param key          the ID's prefix.
     * @param valueId      the buffer holding the 32-byte ID.
     * @param idOffset     where it starts.
     * @param cell         the buffer holding the cell (it may be this store's buffer, outside this region).
     * @param offset       where the cell starts.
     * @param length       its length.
     */
    void append(
        final Long2LongHashMap index,
        final long key,
        final DirectBuffer valueId,
        final int idOffset,
        final DirectBuffer cell,
        final int offset,
        final int length)
    {
        while (entries >= maxEntries)
        {
            evictOldest(index);
        }
        final int recordLength = BitUtil.align(HEADER_LENGTH + length, ALIGNMENT);
        int at = (int)(head & mask);
        final int toEnd = capacity - at;
        final int needed = toEnd < recordLength ? toEnd + recordLength : recordLength;
        while (capacity - (head - tail) < needed)
        {
            evictOldest(index);
        }
        if (toEnd < recordLength)
        {
            buffer.putInt(base + at + LENGTH_OFFSET, PADDING);
            head += toEnd;
            at = 0;
        }
        final int record = base + at;
        buffer.putInt(record + LENGTH_OFFSET, length);
        buffer.putInt(record + LENGTH_OFFSET + Integer.BYTES, 0);
        buffer.putBytes(record + VALUE_ID_OFFSET, valueId, idOffset, CellDescriptor.VALUE_ID_LENGTH);
        buffer.putBytes(record + HEADER_LENGTH, cell, offset, length);
        index.put(key, tag | head);
        head += recordLength;
        entries++;
    }

    /**
     * Whether an index value names a record of this region.
     *
     * @param indexValue what the store's index holds.
     * @return true if its tag is this region's.
     */
    boolean owns(final long indexValue)
    {
        return (indexValue & ~POSITION_MASK) == tag;
    }

    /**
     * Where a record starts in the store's buffer.
     *
     * @param indexValue what the store's index holds for it.
     * @return the record's offset.
     */
    int recordOffset(final long indexValue)
    {
        return base + (int)(indexValue & POSITION_MASK & mask);
    }

    /** A live record of this region became stale: its cell moved to another region. */
    void released()
    {
        entries--;
    }

    /** Bytes in use, records and padding. */
    long bytesInUse()
    {
        return head - tail;
    }

    /** Live records. */
    int entries()
    {
        return entries;
    }

    /** Live records evicted to make room. */
    long evictedCount()
    {
        return evicted;
    }

    private void evictOldest(final Long2LongHashMap index)
    {
        final int at = (int)(tail & mask);
        final int length = buffer.getInt(base + at + LENGTH_OFFSET);
        if (length == PADDING)
        {
            tail += capacity - at;
            return;
        }
        final long key = buffer.getLong(base + at + VALUE_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
        if (index.get(key) == (tag | tail))
        {
            index.remove(key);
            entries--;
            evicted++;
        }
        tail += BitUtil.align(HEADER_LENGTH + length, ALIGNMENT);
    }
}
