package io.cellwire.codec;

import java.nio.ByteOrder;
import java.util.Arrays;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static io.cellwire.codec.CellDescriptor.VALUE_ID_LENGTH;

/**
 * The cells of one encoded value: the top cell, plus every non-embedded cell reachable from it, each once, children
 * before parents (post-order), ready to go out as one DATA frame each before the message that carries the top cell.
 * <pre>
 *   buffer():  | cell | cell | cell | ... |       one arena; a cell never moves once written
 *   child i:   childOffset(i), childLength(i), childValueId(i, ...)     i = 0 .. childCount()-1, send in this order
 *   top:       topOffset(), topLength(), topValueId(...)                the message payload
 * </pre>
 * The arena also holds the embedded cells that were copied inline into their parents; only the cells listed as
 * children or as the top are meant to be read.
 * <p>
 * Written by the {@link ValueEncoder} that owns it and read on that encoder's thread between
 * {@link ValueEncoder#finish()} and the next {@link ValueEncoder#reset()}; not thread-safe. Storage grows while it
 * warms up and is reused afterwards, so steady-state encoding allocates nothing.
 */
public final class EncodedCells
{
    private static final int FLAG_VALUE_ID_KNOWN = 1;
    private static final int NO_CELL = -1;
    private static final int MIN_TABLE_SIZE = 16;
    /** The dedup table is kept at most half full. */
    private static final int LOAD_FACTOR_DIVISOR = 2;
    private static final long HASH_MIX = 0x9e3779b97f4a7c15L;
    private static final int BYTE_MASK = 0xff;
    private static final int NIBBLE_BITS = 4;
    private static final int NIBBLE_MASK = 0xf;

    private final ExpandableArrayBuffer buffer;
    private final ValueIdDigest digest = new ValueIdDigest();
    private final UnsafeBuffer valueIds;

    private int limit;
    private int cellCount;
    private int[] offsets;
    private int[] lengths;
    private byte[] flags;
    private byte[] valueIdBytes;

    private int childCount;
    private int[] children;
    private int[] tableCells;
    private int[] tableStamps;
    private int stamp = 1;

    private int top = NO_CELL;

    EncodedCells(final int bufferCapacity, final int cellCapacity)
    {
        buffer = new ExpandableArrayBuffer(bufferCapacity);
        offsets = new int[cellCapacity];
        lengths = new int[cellCapacity];
        flags = new byte[cellCapacity];
        valueIdBytes = new byte[cellCapacity * VALUE_ID_LENGTH];
        valueIds = new UnsafeBuffer(valueIdBytes);
        children = new int[cellCapacity];
        final int tableSize =
            Math.max(MIN_TABLE_SIZE, BitUtil.findNextPositivePowerOfTwo(cellCapacity * LOAD_FACTOR_DIVISOR));
        tableCells = new int[tableSize];
        tableStamps = new int[tableSize];
    }

    /**
     * The arena that holds every cell.
     *
     * @return the buffer; offsets from the accessors below index into it.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * How many non-embedded child cells the value has, counting each distinct cell once.
     *
     * @return the number of DATA frames to send before the top cell.
     */
    public int childCount()
    {
        return childCount;
    }

    /**
     * Where a child cell starts in {@link #buffer()}.
     *
     * @param index 0 … childCount()-1, in sending order (children before parents).
     * @return the offset.
     */
    public int childOffset(final int index)
    {
        return offsets[children[index]];
    }

    /**
     * How long a child cell is.
     *
     * @param index 0 … childCount()-1.
     * @return its encoding length, always more than 140 or a SignedData.
     */
    public int childLength(final int index)
    {
        return lengths[children[index]];
    }

    /**
     * Copies the value ID of a child cell.
     *
     * @param index     0 … childCount()-1.
     * @param dst       where the 32 bytes go.
     * @param dstOffset offset in {@code dst}.
     */
    public void childValueId(final int index, final MutableDirectBuffer dst, final int dstOffset)
    {
        dst.putBytes(dstOffset, valueIds, valueIdOffset(children[index]), VALUE_ID_LENGTH);
    }

    /**
     * Whether a value has been finished since the last reset.
     *
     * @return true when the top accessors may be used.
     */
    public boolean hasTop()
    {
        return top != NO_CELL;
    }

    /**
     * Where the top cell starts in {@link #buffer()}.
     *
     * @return the offset.
     */
    public int topOffset()
    {
        return offsets[top];
    }

    /**
     * How long the top cell is.
     *
     * @return its encoding length.
     */
    public int topLength()
    {
        return lengths[top];
    }

    /**
     * Whether the top cell would be written inline in a parent's ref slot.
     *
     * @return true when at most 140 bytes and not a SignedData.
     */
    public boolean isTopEmbedded()
    {
        return isEmbedded(top);
    }

    /**
     * Copies the value ID of the top cell, hashing it on first use.
     *
     * @param dst       where the 32 bytes go.
     * @param dstOffset offset in {@code dst}.
     */
    public void topValueId(final MutableDirectBuffer dst, final int dstOffset)
    {
        dst.putBytes(dstOffset, valueIds, valueIdOffset(top), VALUE_ID_LENGTH);
    }

    /**
     * Copies the top cell, e.g. into a frame after its header.
     *
     * @param dst    the destination.
     * @param offset where the cell goes.
     * @return the number of bytes copied, or {@code INSUFFICIENT_CAPACITY}.
     */
    public int copyTop(final MutableDirectBuffer dst, final int offset)
    {
        final int length = lengths[top];
        if (!CellEncoder.fits(dst, offset, length))
        {
            return EncodeError.INSUFFICIENT_CAPACITY.code();
        }
        dst.putBytes(offset, buffer, offsets[top], length);
        return length;
    }

    void reset()
    {
        limit = 0;
        cellCount = 0;
        childCount = 0;
        top = NO_CELL;
        if (++stamp == 0)
        {
            Arrays.fill(tableStamps, 0);
            stamp = 1;
        }
    }

    ExpandableArrayBuffer arena()
    {
        return buffer;
    }

    /**
     * Makes room for a cell of at most {@code maxLength} bytes at the end of the arena.
     *
     * @return where to write it.
     */
    int claim(final int maxLength)
    {
        buffer.checkLimit(limit + maxLength);
        return limit;
    }

    /**
     * Records the cell just written at the claimed offset.
     *
     * @return its handle.
     */
    int commit(final int offset, final int length)
    {
        if (cellCount == offsets.length)
        {
            growCells();
        }
        final int cell = cellCount++;
        offsets[cell] = offset;
        lengths[cell] = length;
        flags[cell] = 0;
        limit = offset + length;
        return cell;
    }

    /**
     * Keeps claimed bytes that are not a cell (scratch input such as UTF-8 to be chunked) until the next reset.
     */
    void skip(final int offset, final int length)
    {
        limit = offset + length;
    }

    int offset(final int cell)
    {
        return offsets[cell];
    }

    int length(final int cell)
    {
        return lengths[cell];
    }

    int tag(final int cell)
    {
        return buffer.getByte(offsets[cell]) & BYTE_MASK;
    }

    boolean isEmbedded(final int cell)
    {
        return CellEncoder.isEmbedded(buffer, offsets[cell], lengths[cell]);
    }

    /**
     * How many bytes a cell takes in a ref slot.
     */
    int slotLength(final int cell)
    {
        return isEmbedded(cell) ? lengths[cell] : CellDescriptor.REF_LENGTH;
    }

    /**
     * Writes a cell into a ref slot at {@code at}, which must be claimed: inline if embedded, else as a ref, and then
     * the cell is listed as a child (once).
     *
     * @return the bytes written.
     */
    int writeSlot(final int at, final int cell)
    {
        if (isEmbedded(cell))
        {
            return writeInline(at, cell);
        }
        buffer.putByte(at, (byte)CellDescriptor.TAG_REF);
        buffer.putBytes(at + 1, valueIds, valueIdOffset(cell), VALUE_ID_LENGTH);
        addChild(cell);
        return CellDescriptor.REF_LENGTH;
    }

    /**
     * Copies a cell's full encoding to {@code at}, which must be claimed (inline fields that are not ref slots).
     *
     * @return the bytes written.
     */
    int writeInline(final int at, final int cell)
    {
        final int length = lengths[cell];
        buffer.putBytes(at, buffer, offsets[cell], length);
        return length;
    }

    /**
     * The offset of a cell's value ID in the ID store, hashing the cell on first use.
     */
    int valueIdOffset(final int cell)
    {
        final int idOffset = cell * VALUE_ID_LENGTH;
        if ((flags[cell] & FLAG_VALUE_ID_KNOWN) == 0)
        {
            digest.valueId(buffer, offsets[cell], lengths[cell], valueIdBytes, idOffset);
            flags[cell] |= FLAG_VALUE_ID_KNOWN;
        }
        return idOffset;
    }

    /**
     * Compares the value IDs of two cells as unsigned big-endian numbers; both IDs must be known.
     */
    int compareValueIds(final int a, final int b)
    {
        final int aOffset = a * VALUE_ID_LENGTH;
        final int bOffset = b * VALUE_ID_LENGTH;
        for (int i = 0; i < VALUE_ID_LENGTH; i += Long.BYTES)
        {
            final int result = Long.compareUnsigned(
                valueIds.getLong(aOffset + i, ByteOrder.BIG_ENDIAN),
                valueIds.getLong(bOffset + i, ByteOrder.BIG_ENDIAN));
            if (result != 0)
            {
                return result;
            }
        }
        return 0;
    }

    /**
     * The hex digit at position {@code digit} of a cell's value ID (0 is the high nibble of byte 0); the ID must be
     * known.
     */
    int hexDigit(final int cell, final int digit)
    {
        final int b = valueIdBytes[cell * VALUE_ID_LENGTH + (digit >> 1)];
        return (digit & 1) == 0 ? (b >> NIBBLE_BITS) & NIBBLE_MASK : b & NIBBLE_MASK;
    }

    void setTop(final int cell)
    {
        top = cell;
    }

    private void addChild(final int cell)
    {
        final int idOffset = valueIdOffset(cell);
        final int mask = tableCells.length - 1;
        int slot = (int)((valueIds.getLong(idOffset) * HASH_MIX) >>> Integer.SIZE) & mask;
        while (tableStamps[slot] == stamp)
        {
            if (compareValueIds(tableCells[slot], cell) == 0)
            {
                return;
            }
            slot = (slot + 1) & mask;
        }
        tableStamps[slot] = stamp;
        tableCells[slot] = cell;
        if (childCount == children.length)
        {
            children = Arrays.copyOf(children, childCount * 2);
        }
        children[childCount++] = cell;
        if (childCount * LOAD_FACTOR_DIVISOR > tableCells.length)
        {
            growTable();
        }
    }

    private void growTable()
    {
        final int size = tableCells.length * 2;
        tableCells = new int[size];
        tableStamps = new int[size];
        final int mask = size - 1;
        for (int i = 0; i < childCount; i++)
        {
            final int cell = children[i];
            int slot = (int)((valueIds.getLong(cell * VALUE_ID_LENGTH) * HASH_MIX) >>> Integer.SIZE) & mask;
            while (tableStamps[slot] == stamp)
            {
                slot = (slot + 1) & mask;
            }
            tableStamps[slot] = stamp;
            tableCells[slot] = cell;
        }
    }

    private void growCells()
    {
        final int capacity = offsets.length * 2;
        offsets = Arrays.copyOf(offsets, capacity);
        lengths = Arrays.copyOf(lengths, capacity);
        flags = Arrays.copyOf(flags, capacity);
        valueIdBytes = Arrays.copyOf(valueIdBytes, capacity * VALUE_ID_LENGTH);
        valueIds.wrap(valueIdBytes);
    }
}
