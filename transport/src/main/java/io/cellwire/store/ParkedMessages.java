package io.cellwire.store;

import io.cellwire.codec.CellDescriptor;
import org.agrona.BitUtil;
import org.agrona.DeadlineTimerWheel;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Messages suspended until the DATA they refer to arrives (the seed's MISSING_DATA rule): each parked payload is
 * copied into a preallocated slot with its connection, type and a deadline on an Agrona {@link DeadlineTimerWheel}.
 * Bounded three ways: at most {@code maxMessages} messages, {@code maxBytes} payload bytes, and
 * {@code maxPerConnection} messages of any one connection, so one connection cannot take the parking of all the others;
 * past any bound {@link #park} refuses.
 * <pre>
 *   slots: | payload 0 (8192 bytes) | payload 1 | … | payload maxMessages-1 |
 * </pre>
 * Owned by one handler lane's thread; allocates nothing after construction.
 */
public final class ParkedMessages
{
    /** What {@link #park} returns when a bound is reached. */
    public static final int FULL = -1;

    private static final int SLOT_LENGTH = BitUtil.align(CellDescriptor.MAX_FRAMED_CELL_LENGTH, Long.BYTES);
    private static final long FREE = -1;
    /** Timer wheel tick, a power of two as the wheel requires: about 8.4 ms. */
    private static final long TICK_RESOLUTION_NS = 1L << 23;
    private static final int TICKS_PER_WHEEL = 512;
    /** Wheel ticks one {@link #expire} advances at most, so a long pause is caught up over a few duty cycles. */
    private static final int TICK_LIMIT = 64;

    private final int maxBytes;
    private final int maxPerConnection;
    private final long timeoutNs;
    private final UnsafeBuffer payloads;
    private final long[] connectionIds;
    private final int[] types;
    private final int[] lengths;
    private final long[] timerIds;
    private final DeadlineTimerWheel timers;
    private final DeadlineTimerWheel.TimerHandler onExpiry = this::onExpiry;
    private int count;
    private long bytes;
    private long expired;

    /**
     * Parking with its bounds, all allocated now.
     *
     * @param maxMessages      most messages parked at once.
     * @param maxPerConnection most messages of one connection parked at once.
     * @param maxBytes         most payload bytes parked at once.
     * @param timeoutNs        how long a message may stay parked.
     * @param nowNs            the clock now, {@code System.nanoTime()}.
     */
    public ParkedMessages(
        final int maxMessages, final int maxPerConnection, final int maxBytes, final long timeoutNs, final long nowNs)
    {
        this.maxBytes = maxBytes;
        this.maxPerConnection = maxPerConnection;
        this.timeoutNs = timeoutNs;
        payloads = new UnsafeBuffer(new byte[Math.max(1, maxMessages) * SLOT_LENGTH]);
        connectionIds = new long[maxMessages];
        types = new int[maxMessages];
        lengths = new int[maxMessages];
        timerIds = new long[maxMessages];
        Arrays.fill(connectionIds, FREE);
        timers = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, nowNs, TICK_RESOLUTION_NS, TICKS_PER_WHEEL,
            BitUtil.findNextPositivePowerOfTwo(Math.max(1, maxMessages)));
    }

    /**
     * Parks a payload until {@code nowNs + timeout}.
     *
     * @return the slot, or {@link #FULL}.
     */
    public int park(
        final long connectionId,
        final int type,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long nowNs)
    {
        if (bytes + length > maxBytes || length > SLOT_LENGTH)
        {
            return FULL;
        }
        int free = FULL;
        int sameConnection = 0;
        for (int slot = 0; slot < connectionIds.length; slot++)
        {
            if (connectionIds[slot] == connectionId)
            {
                sameConnection++;
            }
            else if (connectionIds[slot] == FREE && free == FULL)
            {
                free = slot;
            }
        }
        if (free == FULL || sameConnection >= maxPerConnection)
        {
            return FULL;
        }
        payloads.putBytes(free * SLOT_LENGTH, buffer, offset, length);
        connectionIds[free] = connectionId;
        types[free] = type;
        lengths[free] = length;
        timerIds[free] = timers.scheduleTimer(nowNs + timeoutNs);
        count++;
        bytes += length;
        return free;
    }

    /** Frees a slot whose message resumed or failed, and cancels its deadline. */
    public void remove(final int slot)
    {
        timers.cancelTimer(timerIds[slot]);
        free(slot);
    }

    /**
     * Discards the messages whose deadline passed.
     *
     * @return how many were discarded.
     */
    public int expire(final long nowNs)
    {
        final long before = expired;
        if (timers.timerCount() == 0)
        {
            timers.currentTickTime(nowNs);
            return 0;
        }
        int ticks = 0;
        do
        {
            timers.poll(nowNs, onExpiry, Integer.MAX_VALUE);
        }
        while (timers.timerCount() > 0 && timers.currentTickTime() <= nowNs && ++ticks < TICK_LIMIT);
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

    /** @return slots, to iterate; a free slot has {@link #isParked} false. */
    public int capacity()
    {
        return connectionIds.length;
    }

    /** @param slot a slot. @return whether a message is parked in it. */
    public boolean isParked(final int slot)
    {
        return connectionIds[slot] != FREE;
    }

    /** @param slot a parked slot. @return the connection its message came from. */
    public long connectionId(final int slot)
    {
        return connectionIds[slot];
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

    private boolean onExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        for (int slot = 0; slot < timerIds.length; slot++)
        {
            if (connectionIds[slot] != FREE && timerIds[slot] == timerId)
            {
                free(slot);
                expired++;
                break;
            }
        }
        return true;
    }

    private void free(final int slot)
    {
        connectionIds[slot] = FREE;
        count--;
        bytes -= lengths[slot];
    }
}
