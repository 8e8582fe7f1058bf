package io.cellwire.bench.convex;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The bytes each connection has in one lane's ring to the CVM thread, so that one connection cannot fill the ring
 * and have every other connection of the lane answered {@code :LOAD}: a connection that floods (without reading its
 * answers, say) is held to its share while the rest keep theirs. Indexed by the low 32 bits of a connection ID, its
 * index in the transport's connection table, below {@code Transport.Context#maxConnections()}; a table index a later
 * connection reuses keeps its running totals, which still give the bytes in the ring.
 * <p>
 * Thread ownership: the lane's thread (the ring's producer) adds what it writes, {@link #produced}; the CVM thread
 * (its consumer) what it reads, {@link #consumed}, published with an ordered write. Nothing allocates.
 */
final class CvmRingShares
{
    private static final long INDEX_MASK = 0xffff_ffffL;

    private final long[] producedBytes;
    private final AtomicLongArray consumedBytes;
    private final int share;

    /**
     * @param connections the transport's connection table size.
     * @param share       bytes of records one connection may have in the ring at once.
     */
    CvmRingShares(final int connections, final int share)
    {
        producedBytes = new long[connections];
        consumedBytes = new AtomicLongArray(connections);
        this.share = share;
    }

    /**
     * Lane: whether a record fits the connection's share.
     *
     * @param connectionId the connection.
     * @param length       the record's length.
     * @return true if its bytes in the ring and the record stay within the share.
     */
    boolean hasRoom(final long connectionId, final int length)
    {
        final int index = (int)(connectionId & INDEX_MASK);
        return index >= producedBytes.length ||
            producedBytes[index] - consumedBytes.get(index) + length <= share;
    }

    /** Lane: a record of the connection was written to the ring. */
    void produced(final long connectionId, final int length)
    {
        final int index = (int)(connectionId & INDEX_MASK);
        if (index < producedBytes.length)
        {
            producedBytes[index] += length;
        }
    }

    /** CVM thread: a record of the connection was read from the ring. */
    void consumed(final long connectionId, final int length)
    {
        final int index = (int)(connectionId & INDEX_MASK);
        if (index < producedBytes.length)
        {
            consumedBytes.lazySet(index, consumedBytes.get(index) + length);
        }
    }

    /** @return bytes of records one connection may have in the ring at once. */
    int share()
    {
        return share;
    }
}
