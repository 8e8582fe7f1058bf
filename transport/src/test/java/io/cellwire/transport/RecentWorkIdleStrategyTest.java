package io.cellwire.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link RecentWorkIdleStrategy} on a hand-moved clock: spins first, yields inside the window counted from the first
 * empty cycle past the spins, parks with doubling pauses after it, and work starts it over.
 */
class RecentWorkIdleStrategyTest
{
    private static final int SPINS = 3;
    private static final long WINDOW_NS = 100_000;
    private static final long MIN_PARK_NS = 1_000;
    private static final long MAX_PARK_NS = 4_000;

    private long nowNs = 5_000_000;
    private final RecentWorkIdleStrategy idle =
        new RecentWorkIdleStrategy(SPINS, WINDOW_NS, MIN_PARK_NS, MAX_PARK_NS, () -> nowNs);

    @Test
    void shouldSpinThenYieldForTheWindowThenPark()
    {
        for (int i = 0; i < SPINS; i++)
        {
            assertEquals(RecentWorkIdleStrategy.Phase.SPIN, idle.phase());
            idle.idle(0);
        }
        assertEquals(RecentWorkIdleStrategy.Phase.YIELD, idle.phase(), "the first cycle past the spins opens it");
        nowNs += WINDOW_NS - 1;
        idle.idle(0);
        assertEquals(RecentWorkIdleStrategy.Phase.YIELD, idle.phase(), "1 ns before the window closes");
        nowNs += 1;
        assertEquals(RecentWorkIdleStrategy.Phase.PARK, idle.phase());
    }

    @Test
    void shouldDoubleThePauseUpToTheLongestAndStartOverOnWork()
    {
        idle.reset();
        for (int i = 0; i < SPINS; i++)
        {
            idle.idle(0);
        }
        idle.idle(0);
        nowNs += WINDOW_NS;
        assertEquals(MIN_PARK_NS, idle.parkNs());
        idle.idle(0);
        assertEquals(2 * MIN_PARK_NS, idle.parkNs());
        idle.idle(0);
        idle.idle(0);
        assertEquals(MAX_PARK_NS, idle.parkNs(), "capped");

        idle.idle(1);
        assertEquals(MIN_PARK_NS, idle.parkNs());
        assertEquals(RecentWorkIdleStrategy.Phase.SPIN, idle.phase(), "work starts the spins over");
        for (int i = 0; i < SPINS; i++)
        {
            idle.idle(0);
        }
        assertEquals(RecentWorkIdleStrategy.Phase.YIELD, idle.phase(), "and the window, from now");
    }

    @Test
    void shouldRefuseAMaxPauseBelowTheFirst()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new RecentWorkIdleStrategy(SPINS, WINDOW_NS, MAX_PARK_NS, MIN_PARK_NS, () -> nowNs));
    }

    @Test
    void shouldBeMadeFromItsAlias()
    {
        assertEquals(IdleStrategies.ADAPTIVE, IdleStrategies.of(IdleStrategies.ADAPTIVE).alias());
    }
}
