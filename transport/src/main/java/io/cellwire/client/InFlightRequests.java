package io.cellwire.client;

import org.agrona.BitUtil;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.Hashing;
import org.agrona.collections.Long2LongHashMap;

import java.util.concurrent.TimeUnit;

/**
 * The client's requests awaiting their RESULT: each ID with its deadline on an Agrona {@link DeadlineTimerWheel}.
 * Owned by the client thread; nothing allocates after construction.
 */
final class InFlightRequests
{
    /** Told of each request whose deadline passed; it is no longer in flight during the call. */
    @FunctionalInterface
    interface TimeoutHandler
    {
        void onTimeout(long id);
    }

    /** The absent value of both maps. */
    private static final long NONE = -1;
    /** Timers a poll expires at most per wheel tick. */
    private static final int EXPIRY_LIMIT = 256;
    /** Wheel ticks a poll advances at most. */
    private static final int TICK_LIMIT = 64;
    /** Timer wheel tick: about 8.4 ms, so a timeout fires at most one tick late. */
    private static final long TICK_RESOLUTION_NS = 1L << 23;
    /** Ticks per wheel revolution: with the tick above, about 1.07 s per revolution. */
    private static final int TICKS_PER_WHEEL = 128;
    /** Timers per tick that the wheel holds before it grows. */
    private static final int TIMERS_PER_TICK = 64;

    private final long timeoutNs;
    private final Long2LongHashMap timerByRequest;
    private final Long2LongHashMap requestByTimer;
    private final DeadlineTimerWheel timers;
    private final DeadlineTimerWheel.TimerHandler onTimer = this::onTimer;
    private TimeoutHandler timeoutHandler;
    private long since;

    InFlightRequests(final int maxInFlight, final long timeoutNs, final long nowNs)
    {
        this.timeoutNs = timeoutNs;
        final int capacity = BitUtil.findNextPositivePowerOfTwo(2 * maxInFlight);
        timerByRequest = new Long2LongHashMap(capacity, Hashing.DEFAULT_LOAD_FACTOR, NONE);
        requestByTimer = new Long2LongHashMap(capacity, Hashing.DEFAULT_LOAD_FACTOR, NONE);
        timers = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, nowNs, TICK_RESOLUTION_NS, TICKS_PER_WHEEL,
            TIMERS_PER_TICK);
    }

    /** Starts the clock of a request handed to the transport. */
    void add(final long id, final long nowNs)
    {
        if (timerByRequest.size() == 0)
        {
            since = nowNs;
        }
        final long timerId = timers.scheduleTimer(nowNs + timeoutNs);
        timerByRequest.put(id, timerId);
        requestByTimer.put(timerId, id);
    }

    /** @return whether the request is in flight. */
    boolean contains(final long id)
    {
        return timerByRequest.containsKey(id);
    }

    /** Ends a request whose RESULT came; it must be in flight. */
    void complete(final long id)
    {
        final long timerId = timerByRequest.remove(id);
        requestByTimer.remove(timerId);
        timers.cancelTimer(timerId);
    }

    /** @return requests in flight. */
    int size()
    {
        return timerByRequest.size();
    }

    /** @return when requests last went in flight from none, {@code System.nanoTime()}. */
    long inFlightSinceNs()
    {
        return since;
    }

    /** Restarts the in-flight clock, e.g. after the connection was closed for silence. */
    void restartClock(final long nowNs)
    {
        since = nowNs;
    }

    /**
     * Ends the requests whose deadline passed, telling the handler of each.
     *
     * @return how many ended.
     */
    int expire(final long nowNs, final TimeoutHandler handler)
    {
        timeoutHandler = handler;
        int expired = 0;
        int ticks = 0;
        do
        {
            expired += timers.poll(nowNs, onTimer, EXPIRY_LIMIT);
        }
        while (timers.timerCount() > 0 && timers.currentTickTime() <= nowNs && ++ticks < TICK_LIMIT);
        timeoutHandler = null;
        return expired;
    }

    private boolean onTimer(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final long id = requestByTimer.remove(timerId);
        if (id != NONE)
        {
            timerByRequest.remove(id);
            timeoutHandler.onTimeout(id);
        }
        return true;
    }
}
