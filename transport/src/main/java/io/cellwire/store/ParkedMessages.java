package io.cellwire.store;

import io.cellwire.codec.CellDescriptor;
import org.agrona.BitUtil;
import org.agrona.DeadlineTimerWheel;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Messages suspended until the DATA they refer to arrives (MISSING_DATA in docs/wire-format.md §8), shared by the node
 * (which parks QUERY, TRANSACT and BELIEF payloads, owned by their connection) and the client (which parks RESULT
 * payloads, owned by their request). Each parked payload is copied into a preallocated slot with its owner, type and a
 * deadline on an Agrona {@link DeadlineTimerWheel}. Bounded three ways: at most {@code maxMessages} messages,
 * {@code maxBytes} payload bytes, and {@code maxPerOwner} messages of any one owner, so one connection cannot take the
 * parking of all the others; past any bound {@link #park} refuses.
 * <p>
 * Parked messages are kept in arrival order ({@link #slotAt}), so a caller that retries them in that order resumes
 * each owner's messages in the order they came.
 * <pre>
 *   slots: | payload 0 (8192 bytes) | payload 1 | … | payload maxMessages-1 |
 *   order: | slot of the oldest | … | slot of the newest |   (count() entries)
 * </pre>
 * Owned by one thread (a handler lane's, or the client's); allocates nothing after construction.
 */
public final class ParkedMessages
{
    /** What {@link #park} returns when a bound is reached. */
    public static final int FULL = -1;

    /** Told of each parked message whose deadline passed, before its slot is freed. */
    @FunctionalInterface
    public interface ExpiryHandler
    {
        /**
         * A parked message expired; its slot is still readable during the call.
         *
         * @param parked the parking.
         * @param slot   the expired message's slot.
         */
        void onExpired(ParkedMessages parked, int slot);
    }

    private static final int SLOT_LENGTH = BitUtil.align(CellDescriptor.MAX_FRAMED_CELL_LENGTH, Long.BYTES);
    private static final long FREE = Long.MIN_VALUE;
    /** Timer wheel tick, a power of two as the wheel requires: about 8.4 ms. */
    private static final long TICK_RESOLUTION_NS = 1L << 23;
    private static final int TICKS_PER_WHEEL = 512;
    /** Wheel ticks one {@link #expire} advances at most, so a long pause is caught up over a few duty cycles. */
    private static final int TICK_LIMIT = 64;

    private final int maxBytes;
    private final int maxPerOwner;
    private final long timeoutNs;
    private final UnsafeBuffer payloads;
    private final long[] owners;
    private final int[] types;
    private final int[] lengths;
    private final long[] timerIds;
    private final int[] order;
    private final DeadlineTimerWheel timers;
    private final DeadlineTimerWheel.TimerHandler onTimer = this::onTimer;
    private ExpiryHandler expiryHandler;
    private int count;
    private long bytes;
    private long expired;

    /**
     * Parking with its bounds, all allocated now.
     *
     * @param maxMessages most messages parked at once.
     * @param maxPerOwner most messages of one owner parked at once.
     * @param maxBytes    most payload bytes parked at once.
     * @param timeoutNs   how long a message may stay parked.
     * @param nowNs       the clock now, {@code System.nanoTime()}.
     */
    public ParkedMessages(
        final int maxMessages, final int maxPerOwner, final int maxBytes, final long timeoutNs, final long nowNs)
    {
        this.maxBytes = maxBytes;
        this.maxPerOwner = maxPerOwner;
        this.timeoutNs = timeoutNs;
        payloads = new UnsafeBuffer(new byte[Math.max(1, maxMessages) * SLOT_LENGTH]);
        owners = new long[maxMessages];
        types = new int[maxMessages];
        lengths = new int[maxMessages];
        timerIds = new long[maxMessages];
        order = new int[maxMessages];
        Arrays.fill(owners, FREE);
        timers = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, nowNs, TICK_RESOLUTION_NS, TICKS_PER_WHEEL,
            BitUtil.findNextPositivePowerOfTwo(Math.max(1, maxMessages)));
    }

    /**
     * Parks a payload until {@code nowNs + timeout}, behind every message parked before it.
     *
     * @param owner  who the message belongs to: a connection id, a request id; never {@link Long#MIN_VALUE}.
     * @param type   its message type.
     * @param buffer holds the payload.
     * @param offset where it starts.
     * @param length its length, at most one framed cell.
     * @param nowNs  the clock now.
     * @return the slot, or {@link #FULL}.
     */
    public int park(
        final long owner, final int type, final DirectBuffer buffer, final int offset, final int length,
        final long nowNs)
    {
        if (bytes + length > maxBytes || length > SLOT_LENGTH || count == owners.length ||
            countOf(owner) >= maxPerOwner)
        {
            return FULL;
        }
        int free = 0;
        while (owners[free] != FREE)
        {
            free++;
        }
        payloads.putBytes(free * SLOT_LENGTH, buffer, offset, length);
        owners[free] = owner;
        types[free] = type;
        lengths[free] = length;
        timerIds[free] = timers.scheduleTimer(nowNs + timeoutNs);
        order[count++] = free;
        bytes += length;
        return free;
    }

    /**
     * Frees a slot whose message resumed or failed, and cancels its deadline.
     *
     * @param slot a parked slot.
     */
    public void remove(final int slot)
    {
        timers.cancelTimer(timerIds[slot]);
        free(slot);
    }

    /**
     * Discards the messages whose deadline passed, telling the handler of each first.
     *
     * @param nowNs   the clock now.
     * @param handler told of each expired message, or null.
     * @return how many were discarded.
     */
    public int expire(final long nowNs, final ExpiryHandler handler)
    {
        final long before = expired;
        if (timers.timerCount() == 0)
        {
            timers.currentTickTime(nowNs);
            return 0;
        }
        expiryHandler = handler;
        int ticks = 0;
        do
        {
            timers.poll(nowNs, onTimer, Integer.MAX_VALUE);
        }
        while (timers.timerCount() > 0 && timers.currentTickTime() <= nowNs && ++ticks < TICK_LIMIT);
        expiryHandler = null;
        return (int)(expired - before);
    }

    /** @return messages parked now. */
    public int count()
    {
        return count;
    }

    /** @return payload bytes parked now. */
    public long bytes()
    {
        return bytes;
    }

    /**
     * The slot of the i-th oldest parked message.
     *
     * @param i 0 for the oldest, up to {@link #count()} - 1.
     * @return its slot.
     */
    public int slotAt(final int i)
    {
        return order[i];
    }

    /**
     * Messages an owner has parked now.
     *
     * @param owner the owner.
     * @return the count.
     */
    public int countOf(final long owner)
    {
        int parked = 0;
        for (int i = 0; i < count; i++)
        {
            if (owners[order[i]] == owner)
            {
                parked++;
            }
        }
        return parked;
    }

    /**
     * The slot of an owner's oldest parked message.
     *
     * @param owner the owner.
     * @return its slot, or {@link #FULL} when the owner has none parked.
     */
    public int oldestOf(final long owner)
    {
        for (int i = 0; i < count; i++)
        {
            if (owners[order[i]] == owner)
            {
                return order[i];
            }
        }
        return FULL;
    }

    /** @param slot a parked slot. @return who its message belongs to. */
    public long owner(final int slot)
    {
        return owners[slot];
    }

    /** @param slot a parked slot. @return its message type. */
    public int type(final int slot)
    {
        return types[slot];
    }

    /** @param slot a parked slot. @return where its payload starts in {@link #buffer()}. */
    public int offset(final int slot)
    {
        return slot * SLOT_LENGTH;
    }

    /** @param slot a parked slot. @return its payload length. */
    public int length(final int slot)
    {
        return lengths[slot];
    }

    /** @return the buffer holding every parked payload. */
    public DirectBuffer buffer()
    {
        return payloads;
    }

    private boolean onTimer(final TimeUnit timeUnit, final long now, final long timerId)
    {
        for (int i = 0; i < count; i++)
        {
            final int slot = order[i];
            if (timerIds[slot] == timerId)
            {
                if (expiryHandler != null)
                {
                    expiryHandler.onExpired(this, slot);
                }
                free(slot);
                expired++;
                break;
            }
        }
        return true;
    }

    private void free(final int slot)
    {
        owners[slot] = FREE;
        bytes -= lengths[slot];
        int i = 0;
        while (order[i] != slot)
        {
            i++;
        }
        System.arraycopy(order, i + 1, order, i, count - i - 1);
        count--;
    }
}
