package io.cellwire.codec;

import org.agrona.DirectBuffer;

import java.util.Arrays;

import static io.cellwire.codec.CellDescriptor.VALUE_ID_LENGTH;

/**
 * Value IDs of small cells, remembered by their exact bytes: the strict walker needs the SHA3-256 of every inline map
 * key and set element to check their order (docs/wire-format.md §9 rules 8 and 9), and the same keys (Symbols of an
 * environment, Keywords, Addresses) recur from cell to cell, while one SHA3 is a whole Keccak-f[1600] permutation
 * (about 0.5 µs, even through {@link OneBlockSha3}). A direct-mapped table of {@value #ENTRIES} entries keyed by a
 * cheap hash of the bytes; a hit is confirmed byte by byte, so the cache never changes a result, only its cost. Cells
 * longer than {@value #MAX_CELL_LENGTH} bytes are hashed every time.
 * <p>
 * Owned by the thread of the walker that holds it; allocates nothing after construction.
 */
final class KeyHashCache
{
    /** Longest cell the cache keeps. */
    static final int MAX_CELL_LENGTH = 48;

    private static final int ENTRIES = 512;
    private static final long MIX = 0x9E3779B97F4A7C15L;
    private static final int MIX_SHIFT = 32;

    private final ValueIdDigest digest;
    private final byte[] cells = new byte[ENTRIES * MAX_CELL_LENGTH];
    private final int[] lengths = new int[ENTRIES];
    private final byte[] valueIds = new byte[ENTRIES * VALUE_ID_LENGTH];

    KeyHashCache(final ValueIdDigest digest)
    {
        this.digest = digest;
    }

    /**
     * Writes the value ID of a cell, from the cache when the same bytes were hashed before.
     *
     * @param buffer    holds the cell.
     * @param offset    where it starts.
     * @param length    its length.
     * @param dst       where the 32-byte value ID goes.
     * @param dstOffset where in {@code dst}.
     */
    void valueId(final DirectBuffer buffer, final int offset, final int length, final byte[] dst, final int dstOffset)
    {
        if (length > MAX_CELL_LENGTH)
        {
            digest.valueId(buffer, offset, length, dst, dstOffset);
            return;
        }
        final int entry = (int)(hash(buffer, offset, length) & (ENTRIES - 1));
        final int cellAt = entry * MAX_CELL_LENGTH;
        final int idAt = entry * VALUE_ID_LENGTH;
        if (lengths[entry] != length || !sameBytes(buffer, offset, length, cellAt))
        {
            digest.valueId(buffer, offset, length, valueIds, idAt);
            buffer.getBytes(offset, cells, cellAt, length);
            lengths[entry] = length;
        }
        System.arraycopy(valueIds, idAt, dst, dstOffset, VALUE_ID_LENGTH);
    }

    /**
     * Forgets every cell, so each is hashed again the next time it is asked for. An entry of length 0 matches no cell.
     */
    void clear()
    {
        Arrays.fill(lengths, 0);
    }

    private boolean sameBytes(final DirectBuffer buffer, final int offset, final int length, final int cellAt)
    {
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != cells[cellAt + i])
            {
                return false;
            }
        }
        return true;
    }

    private static long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        long hash = length;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            hash = (hash ^ buffer.getLong(offset + i)) * MIX;
        }
        for (; i < length; i++)
        {
            hash = (hash ^ buffer.getByte(offset + i)) * MIX;
        }
        return hash ^ (hash >>> MIX_SHIFT);
    }
}
