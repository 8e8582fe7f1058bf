package io.cellwire.transport;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.locks.LockSupport;

/**
 * Idles by how recent the last work was: a few spins, then {@link Thread#yield()} until {@code yieldWindowNs} have
 * passed without work, then parks with pauses doubling from {@code minParkNs} to {@code maxParkNs}.
 * <p>
 * Why: a park costs the kernel's timer slack (about 50 µs on Linux) however short the pause asked for, so a thread
 * that parks between two requests a few microseconds apart adds that to the next one. Aeron's backoff parks after a
 * fixed count of empty duty cycles, which sequential traffic reaches now and then; this one stays on call for a span
 * of time instead. It yields rather than spins while it waits: with more runnable threads than cores a yield hands the
 * core to one that has work, where spinning for the same span starved them.
 * <p>
 * Owned by the one agent thread that idles with it; allocates nothing.
 */
public final class RecentWorkIdleStrategy implements IdleStrategy
{
    /** What the next empty duty cycle does. */
    enum Phase
    {
        SPIN, YIELD, PARK
    }

    private static final long NOT_YIELDING = Long.MIN_VALUE;

    private final int maxSpins;
    private final long yieldWindowNs;
    private final long minParkNs;
    private final long maxParkNs;
    private final NanoClock clock;

    private int spins;
    private long yieldingSinceNs = NOT_YIELDING;
    private long parkNs;

    /**
     * @param maxSpins      empty duty cycles spun before yielding.
     * @param yieldWindowNs how long to go on yielding once the spins are spent.
     * @param minParkNs     the first park's pause.
     * @param maxParkNs     the longest pause.
     * @param clock         the clock the window is measured with.
     */
    public RecentWorkIdleStrategy(
        final int maxSpins,
        final long yieldWindowNs,
        final long minParkNs,
        final long maxParkNs,
        final NanoClock clock)
    {
        if (maxSpins < 0 || yieldWindowNs < 0 || minParkNs < 1 || maxParkNs < minParkNs)
        {
            throw new IllegalArgumentException("need maxSpins >= 0, yieldWindowNs >= 0, 1 <= minParkNs <= maxParkNs");
        }
        this.maxSpins = maxSpins;
        this.yieldWindowNs = yieldWindowNs;
        this.minParkNs = minParkNs;
        this.maxParkNs = maxParkNs;
        this.clock = clock;
        this.parkNs = minParkNs;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            reset();
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        switch (phase())
        {
            case SPIN:
                spins++;
                Thread.onSpinWait();
                break;
            case YIELD:
                Thread.yield();
                break;
            default:
                LockSupport.parkNanos(parkNs);
                parkNs = Math.min(parkNs << 1, maxParkNs);
                break;
        }
    }

    /**
     * What this empty duty cycle does; the first one past the spins starts the window.
     *
     * @return the phase.
     */
    Phase phase()
    {
        if (spins < maxSpins)
        {
            return Phase.SPIN;
        }
        final long nowNs = clock.nanoTime();
        if (yieldingSinceNs == NOT_YIELDING)
        {
            yieldingSinceNs = nowNs;
        }
        return nowNs - yieldingSinceNs < yieldWindowNs ? Phase.YIELD : Phase.PARK;
    }

    /** @return the pause of the next park. */
    long parkNs()
    {
        return parkNs;
    }

    @Override
    public void reset()
    {
        spins = 0;
        yieldingSinceNs = NOT_YIELDING;
        parkNs = minParkNs;
    }

    @Override
    public String alias()
    {
        return IdleStrategies.ADAPTIVE;
    }
}
