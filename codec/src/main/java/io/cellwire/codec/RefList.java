package io.cellwire.codec;

import org.agrona.DirectBuffer;

/**
 * A preallocated list of the dependencies of one walk, kept as offsets into the walked buffer (no copy).
 * <p>
 * Owned by the thread that walks; {@link #clear()} before reuse. Refs beyond the capacity are counted but not kept, so
 * a caller can tell a cell with too many dependencies from one it has fully enumerated.
 */
public final class RefList implements RefSink
{
    /** Most refs an 8190-byte framed cell can hold: 33 bytes each. */
    public static final int MAX_REFS_PER_FRAME = CellDescriptor.MAX_FRAMED_CELL_LENGTH / CellDescriptor.REF_LENGTH;

    private final int[] offsets;
    private DirectBuffer buffer;
    private int count;

    /** A list with room for every ref of a framed cell. */
    public RefList()
    {
        this(MAX_REFS_PER_FRAME);
    }

    /**
     * A list with room for {@code capacity} refs.
     *
     * @param capacity how many refs to keep.
     */
    public RefList(final int capacity)
    {
        offsets = new int[capacity];
    }

    @Override
    public void onRef(final DirectBuffer buffer, final int valueIdOffset)
    {
        if (count < offsets.length)
        {
            offsets[count] = valueIdOffset;
        }
        this.buffer = buffer;
        count++;
    }

    /** Forgets every ref. */
    public void clear()
    {
        count = 0;
        buffer = null;
    }

    /**
     * How many refs were seen, including any beyond the capacity.
     *
     * @return the count.
     */
    public int count()
    {
        return count;
    }

    /**
     * Whether more refs were seen than could be kept.
     *
     * @return true if some were dropped.
     */
    public boolean overflowed()
    {
        return count > offsets.length;
    }

    /**
     * Where the value ID of ref {@code index} starts in {@link #buffer()}.
     *
     * @param index 0 ≤ index &lt; min(count, capacity).
     * @return the offset.
     */
    public int valueIdOffset(final int index)
    {
        return offsets[index];
    }

    /**
     * The buffer the refs point into.
     *
     * @return the buffer of the last walk that found a ref, or null.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }
}
