package io.cellwire.store;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.RefList;
import io.cellwire.codec.RefSink;
import org.agrona.DirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Decides whether a message is complete: follows its refs through the {@link CellStore}, transitively, and lists the
 * value IDs that are missing (what MISSING_DATA must ask for). A ref that resolves to a cell which would have been
 * embedded is rejected ({@code EMBEDDED_AS_REF}, docs/wire-format.md §9 rule 5).
 * <p>
 * Work is bounded: at most {@code maxIds} distinct IDs are visited per call. IDs are told apart by all 32 bytes: a
 * set of 8-byte prefixes is only the fast path, so a crafted ID sharing another's prefix is still followed and named.
 * Owned by the thread that owns the store; nothing allocates after construction.
 */
public final class DependencyResolver implements RefSink
{
    /** Default bound on distinct IDs followed per message: a 4 MB value in 4 KB chunks. */
    public static final int DEFAULT_MAX_IDS = 1024;

    private static final int ID = CellDescriptor.VALUE_ID_LENGTH;

    private final CellStore store;
    private final CellWalker walker = new CellWalker();
    private final int maxIds;
    private final UnsafeBuffer pending;
    private final UnsafeBuffer missing;
    /** Every distinct ID queued by this call, 32 bytes each, in arrival order. */
    private final UnsafeBuffer visited;
    /** The 8-byte prefixes of {@link #visited}: a prefix not in here is a new ID without comparing. */
    private final LongHashSet seen;
    private int visitedCount;
    private int pendingCount;
    private int missingCount;
    private boolean overflow;

    /**
     * A resolver over a store.
     *
     * @param store  the store to look cells up in.
     * @param maxIds most distinct IDs to follow per call.
     */
    public DependencyResolver(final CellStore store, final int maxIds)
    {
        this.store = store;
        this.maxIds = maxIds;
        pending = new UnsafeBuffer(new byte[maxIds * ID]);
        missing = new UnsafeBuffer(new byte[maxIds * ID]);
        visited = new UnsafeBuffer(new byte[maxIds * ID]);
        seen = new LongHashSet(maxIds * 2);
    }

    /**
     * Follows a message's refs.
     *
     * @param refs the refs a decoder found in the message.
     * @return the number of missing cells (0: the message is complete), or a negative {@link DecodeError} code:
     * {@code EMBEDDED_AS_REF}, or {@code COUNT_TOO_LARGE} when more than {@code maxIds} IDs would be followed.
     */
    public int resolve(final RefList refs)
    {
        pendingCount = 0;
        visitedCount = 0;
        missingCount = 0;
        overflow = false;
        seen.clear();
        final DirectBuffer buffer = refs.buffer();
        for (int i = 0; i < refs.count(); i++)
        {
            onRef(buffer, refs.valueIdOffset(i));
        }
        while (pendingCount > 0 && !overflow)
        {
            pendingCount--;
            final int at = pendingCount * ID;
            final int cell = store.find(pending, at);
            if (cell == CellStore.NOT_FOUND)
            {
                missing.putBytes(missingCount * ID, pending, at, ID);
                missingCount++;
                continue;
            }
            final int length = store.cellLength(cell);
            final int tag = store.buffer().getByte(cell) & 0xff;
            final int targetCheck = CellWalker.checkRefTarget(tag, length);
            if (targetCheck < 0)
            {
                return targetCheck;
            }
            walker.walk(store.buffer(), cell, cell + length, this);
        }
        return overflow ? DecodeError.COUNT_TOO_LARGE.code() : missingCount;
    }

    /**
     * How many cells the last {@link #resolve} found missing.
     *
     * @return the count.
     */
    public int missingCount()
    {
        return missingCount;
    }

    /**
     * The missing value IDs, 32 bytes each, back to back.
     *
     * @return the buffer; ID {@code i} starts at {@code 32 * i}.
     */
    public DirectBuffer missingIds()
    {
        return missing;
    }

    /**
     * Keeps every cell the last {@link #resolve} found ({@link CellStore#keep}): called when the message parks, so the
     * part of it that has arrived stays while the rest is awaited.
     *
     * @return how many cells moved to the store's kept region.
     */
    public int keepFound()
    {
        int moved = 0;
        for (int at = 0; at < visitedCount * ID; at += ID)
        {
            if (store.keep(visited, at))
            {
                moved++;
            }
        }
        return moved;
    }

    /** Queues a ref to follow, once per distinct ID; called by the walker for the refs of each stored cell. */
    @Override
    public void onRef(final DirectBuffer buffer, final int valueIdOffset)
    {
        if (!seen.add(buffer.getLong(valueIdOffset, ByteOrder.LITTLE_ENDIAN)) && isVisited(buffer, valueIdOffset))
        {
            return;
        }
        if (visitedCount == maxIds)
        {
            overflow = true;
            return;
        }
        visited.putBytes(visitedCount * ID, buffer, valueIdOffset, ID);
        visitedCount++;
        pending.putBytes(pendingCount * ID, buffer, valueIdOffset, ID);
        pendingCount++;
    }

    /** Whether an ID whose prefix was seen is one already queued; a scan, taken only on a prefix match. */
    private boolean isVisited(final DirectBuffer buffer, final int valueIdOffset)
    {
        for (int at = 0; at < visitedCount * ID; at += ID)
        {
            boolean same = true;
            for (int i = 0; i < ID && same; i += Long.BYTES)
            {
                same = visited.getLong(at + i) == buffer.getLong(valueIdOffset + i);
            }
            if (same)
            {
                return true;
            }
        }
        return false;
    }
}
