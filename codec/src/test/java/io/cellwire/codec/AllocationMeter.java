package io.cellwire.codec;

import java.lang.management.ManagementFactory;

/**
 * Measures the bytes the calling thread allocates while it runs a workload, with
 * {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}.
 * <p>
 * A steady state that allocates nothing reads 0. The JIT can, rarely, deoptimise a method in the middle of a window and
 * rematerialise a few scalar-replaced objects (tens of bytes, once); so the meter takes the smallest of a few windows.
 * Any real per-operation allocation shows in every window and is never hidden. Test threads only.
 */
public final class AllocationMeter
{
    private static final int WINDOWS = 3;

    private AllocationMeter()
    {
    }

    /**
     * Runs {@code warmUp} rounds, then measures {@link #WINDOWS} windows of {@code rounds} rounds each.
     *
     * @param workload one round of the steady-state work.
     * @param warmUp   rounds to run before measuring.
     * @param rounds   rounds per measured window.
     * @return the fewest bytes allocated in one window.
     */
    public static long minAllocatedBytes(final Runnable workload, final int warmUp, final int rounds)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        for (int i = 0; i < warmUp; i++)
        {
            workload.run();
        }
        long least = Long.MAX_VALUE;
        for (int window = 0; window < WINDOWS; window++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            for (int i = 0; i < rounds; i++)
            {
                workload.run();
            }
            least = Math.min(least, threads.getThreadAllocatedBytes(threadId) - before);
        }
        return least;
    }
}
