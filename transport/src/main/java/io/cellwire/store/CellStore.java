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
 * One preallocated direct buffer holds three first-in-first-out {@link StoreRegion regions}, each evicting only its
 * own oldest records, so a flood into one never evicts what another holds:
 * <ul>
 *   <li><b>ordinary</b> (half the bytes and entries): cells from untrusted connections;</li>
 *   <li><b>trusted</b> (a quarter): cells from trusted connections and this side's own cells
 *   ({@link #putTrusted});</li>
 *   <li><b>kept</b> (a quarter): ordinary cells a parked message needs, moved there by {@link #keep} when the message
 *   parks, so that DATA it does not need cannot push them out while it waits.</li>
 * </ul>
 * An index from the first 8 bytes of the value ID to the record's region and position finds a cell; the full 32 bytes
 * are compared on every lookup, so a crafted 64-bit prefix collision only evicts a cell early, never returns the
 * wrong one. Nothing allocates after construction.
 * <p>
 * Owned by one thread (the handler lane that processes DATA for its connections); not thread-safe.
 */
public final class CellStore implements AutoCloseable
{
    /** What {@link #find} returns for an absent cell. */
    public static final int NOT_FOUND = -1;
    /** Default buffer size: room for about 1,000 typical cells. */
    public static final int DEFAULT_CAPACITY_BYTES = 1 << 20;
    /** Default entry limit. */
    public static final int DEFAULT_MAX_ENTRIES = 16 * 1024;
    /** Smallest entry limit: one entry for each quarter. */
    public static final int MIN_MAX_ENTRIES = 4;

    /** Smallest buffer: each quarter holds two of the largest records, so padding plus one record always fits. */
    public static final int MIN_CAPACITY_BYTES = 128 * 1024;

    private static final long NO_POSITION = -1;
    private static final float LOAD_FACTOR = 0.5f;
    private static final int ORDINARY = 0;
    private static final int TRUSTED = 1;
    private static final int KEPT = 2;

    private final UnsafeBuffer buffer;
    private final StoreRegion[] regions = new StoreRegion[3];
    private final Long2LongHashMap index;
    private final ValueIdDigest digest = new ValueIdDigest();
    private final UnsafeBuffer scratchId = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);

    private long stored;
    private long duplicates;

    /** A store with the default bounds. */
    public CellStore()
    {
        this(DEFAULT_CAPACITY_BYTES, DEFAULT_MAX_ENTRIES);
    }

    /**
     * A store with the given bounds, split between its regions: half ordinary, a quarter trusted, a quarter kept.
     *
     * @param capacityBytes buffer size, a power of two, at least 128 KiB (so each quarter holds a framed cell plus the
     *                      padding before it).
     * @param maxEntries    most cells held at once, at least 4.
     */
    public CellStore(final int capacityBytes, final int maxEntries)
    {
        if (!BitUtil.isPowerOfTwo(capacityBytes) || capacityBytes < MIN_CAPACITY_BYTES)
        {
            throw new IllegalArgumentException("capacity must be a power of two >= 128 KiB: " + capacityBytes);
        }
        if (maxEntries < MIN_MAX_ENTRIES)
        {
            throw new IllegalArgumentException("maxEntries must be at least 4: " + maxEntries);
        }
        buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(capacityBytes));
        final int half = capacityBytes / 2;
        final int quarter = capacityBytes / 4;
        final int quarterEntries = maxEntries / 4;
        regions[ORDINARY] = new StoreRegion(buffer, 0, half, maxEntries - 2 * quarterEntries, ORDINARY);
        regions[TRUSTED] = new StoreRegion(buffer, half, quarter, quarterEntries, TRUSTED);
        regions[KEPT] = new StoreRegion(buffer, half + quarter, quarter, quarterEntries, KEPT);
        final int tableCapacity = BitUtil.findNextPositivePowerOfTwo((int)(maxEntries / LOAD_FACTOR) + 1);
        index = new Long2LongHashMap(tableCapacity, LOAD_FACTOR, NO_POSITION);
    }

    /**
     * Stores a cell from an untrusted source, which a caller has already validated, under the value ID this store
     * computes from its bytes; it goes into the ordinary region.
     *
     * @param cell   the buffer holding the cell.
     * @param offset where the cell starts.
     * @param length its encoding length, at most {@link CellDescriptor#MAX_FRAMED_CELL_LENGTH}.
     * @return true if stored, false if it was already present.
     */
    public boolean put(final DirectBuffer cell, final int offset, final int length)
    {
        return put(cell, offset, length, regions[ORDINARY]);
    }

    /**
     * Stores a validated cell from a trusted connection, or one of this side's own, in the trusted region, where
     * untrusted DATA cannot evict it.
     *
     * @param cell   the buffer holding the cell.
     * @param offset where the cell starts.
     * @param length its encoding length, at most {@link CellDescriptor#MAX_FRAMED_CELL_LENGTH}.
     * @return true if stored, false if it was already present.
     */
    public boolean putTrusted(final DirectBuffer cell, final int offset, final int length)
    {
        return put(cell, offset, length, regions[TRUSTED]);
    }

    /**
     * Keeps a cell that a parked message needs: an ordinary cell moves to the kept region, out of reach of untrusted
     * DATA; a trusted or already kept cell stays where it is.
     *
     * @param valueId       the buffer holding the 32-byte ID.
     * @param valueIdOffset where it starts.
     * @return true if the cell moved.
     */
    public boolean keep(final DirectBuffer valueId, final int valueIdOffset)
    {
        final long key = key(valueId, valueIdOffset);
        final long value = index.get(key);
        final StoreRegion from = regions[ORDINARY];
        if (value == NO_POSITION || !from.owns(value) || !sameId(from.recordOffset(value), valueId, valueIdOffset))
        {
            return false;
        }
        final int record = from.recordOffset(value);
        from.released();
        regions[KEPT].append(index, key, buffer, record + StoreRegion.VALUE_ID_OFFSET, buffer,
            record + StoreRegion.HEADER_LENGTH, buffer.getInt(record + StoreRegion.LENGTH_OFFSET));
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
        final long value = index.get(key(valueId, valueIdOffset));
        if (value == NO_POSITION)
        {
            return NOT_FOUND;
        }
        final int record = regionOf(value).recordOffset(value);
        return sameId(record, valueId, valueIdOffset) ? record + StoreRegion.HEADER_LENGTH : NOT_FOUND;
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
        return buffer.getInt(cellOffset - StoreRegion.HEADER_LENGTH + StoreRegion.LENGTH_OFFSET);
    }

    /**
     * The buffer that holds the cells; read a found cell in place, before the next {@link #put}, {@link #putTrusted}
     * or {@link #keep}.
     *
     * @return the buffer.
     */
    public DirectBuffer buffer()
    {
        return buffer;
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
     * Bytes of the buffer in use, records and padding, over all regions.
     *
     * @return bytes.
     */
    public long bytesInUse()
    {
        return regions[ORDINARY].bytesInUse() + regions[TRUSTED].bytesInUse() + regions[KEPT].bytesInUse();
    }

    /**
     * Cells in the trusted region now.
     *
     * @return the count.
     */
    public int trustedCount()
    {
        return regions[TRUSTED].entries();
    }

    /**
     * Cells in the kept region now.
     *
     * @return the count.
     */
    public int keptCount()
    {
        return regions[KEPT].entries();
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
     * Cells evicted to make room, each region's oldest first, over all regions.
     *
     * @return the count.
     */
    public long evictedCount()
    {
        return regions[ORDINARY].evictedCount() + regions[TRUSTED].evictedCount() + regions[KEPT].evictedCount();
    }

    @Override
    public void close()
    {
        BufferUtil.free(buffer.byteBuffer());
    }

    private boolean put(final DirectBuffer cell, final int offset, final int length, final StoreRegion region)
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
        final long key = key(scratchId, 0);
        final long collided = index.get(key);
        if (collided != NO_POSITION)
        {
            regionOf(collided).released();
        }
        region.append(index, key, scratchId, 0, cell, offset, length);
        stored++;
        return true;
    }

    private StoreRegion regionOf(final long indexValue)
    {
        return regions[(int)(indexValue >>> 56)];
    }

    private boolean sameId(final int record, final DirectBuffer valueId, final int valueIdOffset)
    {
        for (int i = 0; i < CellDescriptor.VALUE_ID_LENGTH; i += Long.BYTES)
        {
            if (buffer.getLong(record + StoreRegion.VALUE_ID_OFFSET + i) != valueId.getLong(valueIdOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    private static long key(final DirectBuffer valueId, final int valueIdOffset)
    {
        return valueId.getLong(valueIdOffset, ByteOrder.LITTLE_ENDIAN);
    }
}
