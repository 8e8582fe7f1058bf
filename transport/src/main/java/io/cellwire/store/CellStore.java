package io.cellwire.store;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.ValueIdDigest;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A bounded off-heap store of cells keyed by value ID: where DATA cells wait until the message that refers to them is
 * complete, and where MISSING_DATA requests are answered from.
 * <p>
 * Cells are appended to one preallocated direct ring; when the ring or the entry limit is full, the <b>oldest cells
 * are evicted first</b> (age order, FIFO), whatever their use. An index from the first 8 bytes of the value ID to the
 * record's position finds a cell; the full 32 bytes are compared on every lookup, so a crafted 64-bit prefix collision
 * only evicts a cell early, never returns the wrong one. Nothing allocates after construction.
 * <pre>
 *   record, 8-byte aligned:
 *   0        4        8                                        40
 *   +--------+--------+----------------------------------------+--------------------+-----+
 *   | length | 0      | value ID (32 bytes)                    | cell bytes         | pad |
 *   +--------+--------+----------------------------------------+--------------------+-----+
 *   length -1 marks padding up to the end of the ring.
 * </pre>
 * Owned by one thread (the handler lane that processes DATA for its connections); not thread-safe.
 */
public final class CellStore implements AutoCloseable
{
    /** What {@link #find} returns for an absent cell. */
    public static final int NOT_FOUND = -1;
    /** Default ring size: room for about 1,000 typical cells. */
    public static final int DEFAULT_CAPACITY_BYTES = 1 << 20;
    /** Default entry limit. */
    public static final int DEFAULT_MAX_ENTRIES = 16 * 1024;

    /** Smallest ring: two of the largest records, so padding plus one record always fits. */
    public static final int MIN_CAPACITY_BYTES = 32 * 1024;

    private static final int LENGTH_OFFSET = 0;
    private static final int VALUE_ID_OFFSET = 8;
    private static final int HEADER_LENGTH = VALUE_ID_OFFSET + CellDescriptor.VALUE_ID_LENGTH;
    private static final int ALIGNMENT = 8;
    private static final int PADDING = -1;
    private static final long NO_POSITION = -1;
    private static final float LOAD_FACTOR = 0.5f;

    private final UnsafeBuffer ring;
    private final int capacity;
    private final int mask;
    private final int maxEntries;
    private final Long2LongHashMap index;
    private final ValueIdDigest digest = new ValueIdDigest();
    private final UnsafeBuffer scratchId = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);

    private long head;
    private long tail;
    private long stored;
    private long duplicates;
    private long evicted;

    /** A store with the default bounds. */
    public CellStore()
    {
        this(DEFAULT_CAPACITY_BYTES, DEFAULT_MAX_ENTRIES);
    }

    /**
     * A store with the given bounds.
     *
     * @param capacityBytes ring size, a power of two, at least 32 KiB (so a framed cell plus the padding before it
     *                      always fits).
     * @param maxEntries    most cells held at once.
     */
    public CellStore(final int capacityBytes, final int maxEntries)
    {
        if (!BitUtil.isPowerOfTwo(capacityBytes) || capacityBytes < MIN_CAPACITY_BYTES)
        {
            throw new IllegalArgumentException("capacity must be a power of two >= 32 KiB: " + capacityBytes);
        }
        if (maxEntries < 1)
        {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        capacity = capacityBytes;
        mask = capacityBytes - 1;
        this.maxEntries = maxEntries;
        ring = new UnsafeBuffer(ByteBuffer.allocateDirect(capacityBytes));
        final int tableCapacity = BitUtil.findNextPositivePowerOfTwo((int)(maxEntries / LOAD_FACTOR) + 1);
        index = new Long2LongHashMap(tableCapacity, LOAD_FACTOR, NO_POSITION);
    }

    /**
     * Stores a cell that a caller has already validated, under the value ID this store computes from its bytes.
     *
     * @param cell   the buffer holding the cell.
     * @param offset where the cell starts.
     * @param length its encoding length, at most {@link CellDescriptor#MAX_FRAMED_CELL_LENGTH}.
     * @return true if stored, false if it was already present.
     */
    public boolean put(final DirectBuffer cell, final int offset, final int length)
    {
        if (length < 1 || length > CellDescriptor.MAX_FRAMED_CELL_LENGTH)
        {
            throw new IllegalArgumentException("cell length out of range: " + length);
        }
        digest.valueId(cell, offset, length, scratchId, 0);
        if (find(scratchId, 0) != NOT_FOUND)
        {
            duplicates++;
            return false;
        }
        while (index.size() >= maxEntries)
        {
            evictOldest();
        }
        final int recordLength = BitUtil.align(HEADER_LENGTH + length, ALIGNMENT);
        int at = (int)(head & mask);
        final int toEnd = capacity - at;
        final int needed = toEnd < recordLength ? toEnd + recordLength : recordLength;
        while (capacity - (head - tail) < needed)
        {
            evictOldest();
        }
        if (toEnd < recordLength)
        {
            ring.putInt(at + LENGTH_OFFSET, PADDING);
            head += toEnd;
            at = 0;
        }
        ring.putInt(at + LENGTH_OFFSET, length);
        ring.putInt(at + LENGTH_OFFSET + Integer.BYTES, 0);
        ring.putBytes(at + VALUE_ID_OFFSET, scratchId, 0, CellDescriptor.VALUE_ID_LENGTH);
        ring.putBytes(at + HEADER_LENGTH, cell, offset, length);
        index.put(key(scratchId, 0), head);
        head += recordLength;
        stored++;
        return true;
    }

    /**
     * Finds a cell by value ID.
     *
     * @param valueId       the buffer holding the 32-byte ID.
     * @param valueIdOffset where it starts.
     * @return the offset of the cell in {@link #buffer()}, or {@link #NOT_FOUND}.
     */
    public int find(final DirectBuffer valueId, final int valueIdOffset)
    {
        final long position = index.get(key(valueId, valueIdOffset));
        if (position == NO_POSITION)
        {
            return NOT_FOUND;
        }
        final int at = (int)(position & mask);
        for (int i = 0; i < CellDescriptor.VALUE_ID_LENGTH; i += Long.BYTES)
        {
            if (ring.getLong(at + VALUE_ID_OFFSET + i) != valueId.getLong(valueIdOffset + i))
            {
                return NOT_FOUND;
            }
        }
        return at + HEADER_LENGTH;
    }

    /**
     * Whether a cell is present.
     *
     * @param valueId       the buffer holding the 32-byte ID.
     * @param valueIdOffset where it starts.
     * @return true if {@link #find} would find it.
     */
    public boolean contains(final DirectBuffer valueId, final int valueIdOffset)
    {
        return find(valueId, valueIdOffset) != NOT_FOUND;
    }

    /**
     * The length of a cell that {@link #find} found.
     *
     * @param cellOffset what {@code find} returned.
     * @return the cell's encoding length.
     */
    public int cellLength(final int cellOffset)
    {
        return ring.getInt(cellOffset - HEADER_LENGTH + LENGTH_OFFSET);
    }

    /**
     * The ring that holds the cells; read a found cell in place, before the next {@link #put}.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return ring;
    }

    /**
     * How many cells are held now.
     *
     * @return the count.
     */
    public int size()
    {
        return index.size();
    }

    /**
     * Bytes of the ring in use, records and padding.
     *
     * @return bytes.
     */
    public long bytesInUse()
    {
        return head - tail;
    }

    /**
     * Cells stored since construction.
     *
     * @return the count.
     */
    public long storedCount()
    {
        return stored;
    }

    /**
     * Puts of cells that were already present.
     *
     * @return the count.
     */
    public long duplicateCount()
    {
        return duplicates;
    }

    /**
     * Cells evicted to make room, oldest first.
     *
     * @return the count.
     */
    public long evictedCount()
    {
        return evicted;
    }

    @Override
    public void close()
    {
        BufferUtil.free(ring.byteBuffer());
    }

    private void evictOldest()
    {
        final int at = (int)(tail & mask);
        final int length = ring.getInt(at + LENGTH_OFFSET);
        if (length == PADDING)
        {
            tail += capacity - at;
            return;
        }
        final long key = key(ring, at + VALUE_ID_OFFSET);
        if (index.get(key) == tail)
        {
            index.remove(key);
        }
        tail += BitUtil.align(HEADER_LENGTH + length, ALIGNMENT);
        evicted++;
    }

    private static long key(final DirectBuffer valueId, final int valueIdOffset)
    {
        return valueId.getLong(valueIdOffset, ByteOrder.LITTLE_ENDIAN);
    }
}
