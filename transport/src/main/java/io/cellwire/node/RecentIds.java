package io.cellwire.node;

import org.agrona.collections.LongHashSet;

/**
 * A bounded set of the most recent message keys, for ignoring BELIEFs already merged (docs/wire-format.md §8: merges
 * are idempotent, so a repeat needs no work). Holds at most {@code capacity} keys; adding one more forgets the oldest.
 * <p>
 * Owned by one handler lane's thread; allocates nothing after construction.
 */
final class RecentIds
{
    private final long[] ring;
    private final LongHashSet set;
    private int next;
    private int size;

    RecentIds(final int capacity)
    {
        ring = new long[capacity];
        set = new LongHashSet(capacity * 2);
    }

    boolean contains(final long key)
    {
        return set.contains(key);
    }

    /** Remembers a key, forgetting the oldest when full. */
    void add(final long key)
    {
        if (!set.add(key))
        {
            return;
        }
        if (size == ring.length)
        {
            set.remove(ring[next]);
        }
        else
        {
            size++;
        }
        ring[next] = key;
        next = (next + 1) % ring.length;
    }
}
