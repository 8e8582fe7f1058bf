package io.cellwire.testing;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one way a test waits: for a condition to hold, within a generous bound, failing with the caller's description
 * of what it waited for (and the state it saw) when the bound passes. Never a fixed sleep: a test waits for the event
 * it means, and one that must show something does not happen waits for a later event that must come after it.
 * <pre>
 *   Await.until(() -&gt; transport.counters().value(CONNECTIONS_ACTIVE) == 1, Await.TIMEOUT, () -&gt; "connected");
 *   Await.pumpUntil(transport::invoke, () -&gt; receiver.received.get() == count, Await.TIMEOUT, () -&gt; "echoes");
 * </pre>
 * Between checks the waiting thread backs off from a yield to parks of up to {@value #MAX_PARK_MS} ms, so a wait
 * leaves the machine's two cores to the agents it waits for. Used by the thread that waits; static, no state.
 */
public final class Await
{
    /**
     * The bound for a wait that has no reason for another: far beyond what a correct run takes on a loaded 2-core
     * machine, and within the 60 s {@code @Timeout} of a test class, so the failure names what was awaited.
     */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Longest park between two checks, in milliseconds. */
    public static final long MAX_PARK_MS = 1;

    private static final long MAX_SPINS = 0;
    private static final long MAX_YIELDS = 1;
    private static final long MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(10);
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(MAX_PARK_MS);

    private Await()
    {
    }

    /**
     * Waits until a condition holds.
     *
     * @param condition what to wait for; checked at once, then after each back-off.
     * @param timeout   how long it may take.
     * @param message   what was awaited, with the state that shows how far it got; built only on failure.
     * @throws org.opentest4j.AssertionFailedError if the condition does not hold within the timeout, or the waiting
     *                                             thread is interrupted (a test's {@code @Timeout}).
     */
    public static void until(final BooleanSupplier condition, final Duration timeout, final Supplier<String> message)
    {
        pumpUntil(() -> 0, condition, timeout, message);
    }

    /**
     * Waits until a condition holds, checking it no more often than every {@code interval}: for a condition that is
     * dear to check, e.g. one that runs a process.
     *
     * @param condition what to wait for; checked at once, then after each interval.
     * @param timeout   how long it may take.
     * @param interval  the pause between two checks.
     * @param message   what was awaited; built only on failure.
     * @throws org.opentest4j.AssertionFailedError if the condition does not hold within the timeout.
     */
    public static void until(
        final BooleanSupplier condition,
        final Duration timeout,
        final Duration interval,
        final Supplier<String> message)
    {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            checkDeadline(deadlineNs, timeout, message);
            try
            {
                Thread.sleep(interval.toMillis());
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                fail("interrupted while waiting for: " + message.get());
            }
        }
    }

    /**
     * Waits until a condition holds while the waiting thread does a duty cycle before each check: a transport's
     * {@code invoke()} in {@code INVOKER} mode, a client's {@code poll}, a step of sending. It backs off only after a
     * cycle that did no work.
     *
     * @param dutyCycle one cycle of the work that makes the condition come true; returns the work done, 0 if none.
     * @param condition what to wait for; checked after each cycle.
     * @param timeout   how long it may take.
     * @param message   what was awaited, with the state that shows how far it got; built only on failure.
     * @throws org.opentest4j.AssertionFailedError if the condition does not hold within the timeout, or the waiting
     *                                             thread is interrupted (a test's {@code @Timeout}).
     */
    public static void pumpUntil(
        final IntSupplier dutyCycle,
        final BooleanSupplier condition,
        final Duration timeout,
        final Supplier<String> message)
    {
        final IdleStrategy idle = new BackoffIdleStrategy(MAX_SPINS, MAX_YIELDS, MIN_PARK_NS, MAX_PARK_NS);
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final int work = dutyCycle.getAsInt();
            if (condition.getAsBoolean())
            {
                return;
            }
            checkDeadline(deadlineNs, timeout, message);
            idle.idle(work);
        }
    }

    private static void checkDeadline(final long deadlineNs, final Duration timeout, final Supplier<String> message)
    {
        if (Thread.currentThread().isInterrupted())
        {
            fail("interrupted while waiting for: " + message.get());
        }
        if (System.nanoTime() - deadlineNs > 0)
        {
            fail("not within " + timeout.toMillis() + " ms: " + message.get());
        }
    }
}
