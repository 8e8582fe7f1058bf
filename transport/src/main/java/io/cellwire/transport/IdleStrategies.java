package io.cellwire.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;

/**
 * Makes an idle strategy from its alias: {@code spin}, {@code adaptive} (the default), {@code backoff} or
 * {@code sleep}.
 * Stateless; each call returns a new strategy, since a strategy belongs to the one agent thread that idles with it.
 */
public final class IdleStrategies
{
    /** Busy-spin: lowest latency, burns a core. */
    public static final String SPIN = "spin";
    /** Spin, yield while the last work was under {@value #ADAPTIVE_YIELD_WINDOW_NS} ns ago, then park: the default. */
    public static final String ADAPTIVE = "adaptive";
    /** Aeron's backoff: spin, yield, then park with growing pauses, by counts of empty duty cycles. */
    public static final String BACKOFF = "backoff";
    /** Sleep 1 ms whenever idle: for tests and background nodes. */
    public static final String SLEEP = "sleep";

    /**
     * How long {@link #ADAPTIVE} keeps a thread on call after its last work: ten times a loopback round trip, so
     * sequential traffic never parks between requests, and short enough that a thread with nothing to do parks
     * within a tenth of a millisecond (docs/performance.md, "Idle strategy").
     */
    static final long ADAPTIVE_YIELD_WINDOW_NS = 100_000;

    /**
     * Aeron's own backoff: 10 spins, 20 yields. Spinning 1,000 duty cycles (about 0.5 ms) instead cut the p99 of a
     * sequential backoff client against a backoff node from 32 to 12 µs, but made a pipelined echo test on 2 cores 5×
     * slower: a thread that polls for 0.5 ms after each message starves the others when there are more than cores.
     */
    private static final int BACKOFF_MAX_SPINS = 10;
    private static final int BACKOFF_MAX_YIELDS = 20;
    private static final long BACKOFF_MIN_PARK_NS = 1_000;
    private static final long BACKOFF_MAX_PARK_NS = 1_000_000;
    private static final long SLEEP_MS = 1;

    private IdleStrategies()
    {
    }

    /**
     * A new idle strategy.
     *
     * @param alias {@code spin}, {@code adaptive}, {@code backoff} or {@code sleep}.
     * @return the strategy.
     * @throws IllegalArgumentException for any other alias.
     */
    public static IdleStrategy of(final String alias)
    {
        switch (alias)
        {
            case SPIN:
                return new BusySpinIdleStrategy();
            case BACKOFF:
                return new BackoffIdleStrategy(
                    BACKOFF_MAX_SPINS, BACKOFF_MAX_YIELDS, BACKOFF_MIN_PARK_NS, BACKOFF_MAX_PARK_NS);
            case ADAPTIVE:
                return new RecentWorkIdleStrategy(BACKOFF_MAX_SPINS, ADAPTIVE_YIELD_WINDOW_NS,
                    BACKOFF_MIN_PARK_NS, BACKOFF_MAX_PARK_NS, SystemNanoClock.INSTANCE);
            case SLEEP:
                return new SleepingMillisIdleStrategy(SLEEP_MS);
            default:
                throw new IllegalArgumentException(
                    "unknown idle strategy '" + alias + "': use spin, adaptive, backoff or sleep");
        }
    }
}
