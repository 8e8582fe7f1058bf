package io.cellwire.transport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;

/**
 * Makes an Agrona idle strategy from its alias: {@code spin}, {@code backoff} (the default) or {@code sleep}.
 * Stateless; each call returns a new strategy, since a strategy belongs to the one agent thread that idles with it.
 */
public final class IdleStrategies
{
    /** Busy-spin: lowest latency, burns a core. */
    public static final String SPIN = "spin";
    /** Spin for about 0.5 ms, then yield, then park with growing pauses: the default for shared machines. */
    public static final String BACKOFF = "backoff";
    /** Sleep 1 ms whenever idle: for tests and background nodes. */
    public static final String SLEEP = "sleep";

    /**
     * Spins before yielding: a duty cycle polls its sockets with a system call (about 0.5 µs), so Agrona's usual 10
     * spins would last less than one loopback round trip, and a node serving a sequential client would park between
     * requests (at least 50 µs on Linux): its p99 rose from 12 to 32 µs. A thousand spins poll for about 0.5 ms.
     */
    private static final int BACKOFF_MAX_SPINS = 1_000;
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
     * @param alias {@code spin}, {@code backoff} or {@code sleep}.
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
            case SLEEP:
                return new SleepingMillisIdleStrategy(SLEEP_MS);
            default:
                throw new IllegalArgumentException("unknown idle strategy '" + alias + "': use spin, backoff or sleep");
        }
    }
}
