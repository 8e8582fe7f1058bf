package io.cellwire.testing;

import org.agrona.concurrent.NanoClock;

import java.time.Duration;

/**
 * {@link System#nanoTime()} plus an offset that a test moves forward: given to the code under test (e.g. a client's
 * {@code nanoClock}), it lets a test make time pass for that code at once, so that "nothing happens for a while" is
 * checked by one duty cycle after {@link #advance}, not by a sleep. Any thread may read it; the test thread advances.
 */
public final class OffsetNanoClock implements NanoClock
{
    private volatile long offsetNs;

    /**
     * Moves the clock forward.
     *
     * @param duration how far.
     */
    public void advance(final Duration duration)
    {
        offsetNs += duration.toNanos();
    }

    @Override
    public long nanoTime()
    {
        return System.nanoTime() + offsetNs;
    }
}
