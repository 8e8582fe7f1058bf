package io.cellwire.store;

import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.nio.ByteOrder;

/**
 * Which missing cells were asked for lately, and from which connection, so that MISSING_DATA goes out once per
 * {@code retryIntervalNs} for each cell a parked message still needs: a peer that did not answer is asked again, for
 * as long as the message stays parked, and a flood of parked messages needing the same cell sends one request.
 * Bounded: at most {@code capacity} requests are remembered; when full, those older than the retry interval are
 * forgotten first, and while none is, new requests wait for the next retry.
 * <p>
 * A request is keyed by the first 8 bytes of the value ID mixed with the connection's id: a crafted ID that shares
 * another's prefix only delays its own request by one interval. Owned by the thread that owns the store; nothing
 * allocates after construction.
 */
public final class MissingDataRequests
{
    /** Default time after which a cell still missing is asked for again: 1 s. */
    public static final long DEFAULT_RETRY_INTERVAL_NS = 1_000_000_000L;
    /** Default most requests remembered. */
    public static final int DEFAULT_CAPACITY = 4096;

    private static final long NONE = Long.MIN_VALUE;
    private static final long CONNECTION_KEY_MULTIPLIER = 0x9E3779B97F4A7C15L;

    private final Long2LongHashMap requestedAtNs;
    private final int capacity;
    private final long retryIntervalNs;

    /**
     * Request tracking with its bounds, allocated now.
     *
     * @param capacity        most requests remembered.
     * @param retryIntervalNs how long a request holds before the same cell is asked for again.
     */
    public MissingDataRequests(final int capacity, final long retryIntervalNs)
    {
        this.capacity = capacity;
        this.retryIntervalNs = retryIntervalNs;
        requestedAtNs = new Long2LongHashMap(2 * capacity, 0.65f, NONE);
    }

    /**
     * Whether to send MISSING_DATA for one value ID to one connection now; if so, records the request.
     *
     * @param ids          holds the value ID.
     * @param offset       where its 32 bytes start.
     * @param connectionId the connection to ask.
     * @param nowNs        the clock now.
     * @return true when this cell was not asked of this connection within the retry interval.
     */
    public boolean shouldRequest(final DirectBuffer ids, final int offset, final long connectionId, final long nowNs)
    {
        final long key = ids.getLong(offset, ByteOrder.LITTLE_ENDIAN) ^ (connectionId * CONNECTION_KEY_MULTIPLIER);
        final long at = requestedAtNs.get(key);
        if (at != NONE && nowNs - at < retryIntervalNs)
        {
            return false;
        }
        if (at == NONE && requestedAtNs.size() >= capacity && forgetOld(nowNs) == 0)
        {
            return false;
        }
        requestedAtNs.put(key, nowNs);
        return true;
    }

    /** Forgets every request, e.g. once nothing is parked any more. */
    public void clear()
    {
        requestedAtNs.clear();
    }

    /** @return requests remembered now. */
    public int size()
    {
        return requestedAtNs.size();
    }

    private int forgetOld(final long nowNs)
    {
        int forgotten = 0;
        // The map hands out one cached iterator, reset on each call: sweeping allocates nothing.
        final Long2LongHashMap.KeyIterator sweep = requestedAtNs.keySet().iterator();
        while (sweep.hasNext())
        {
            final long key = sweep.nextValue();
            if (nowNs - requestedAtNs.get(key) >= retryIntervalNs)
            {
                sweep.remove();
                forgotten++;
            }
        }
        return forgotten;
    }
}
