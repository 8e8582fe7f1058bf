package io.cellwire.bench.transport;

import java.lang.management.ManagementFactory;

/**
 * Bytes allocated so far by a set of threads, from {@code com.sun.management.ThreadMXBean}: read at the start and the
 * end of a measured window, the difference divided by messages is the allocation per message. Owned by the benchmark
 * thread; the threads it reads may be any.
 */
final class ThreadAllocation
{
    private static final com.sun.management.ThreadMXBean BEAN =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final long[] threadIds;

    /**
     * Watches threads.
     *
     * @param threads the threads whose allocations add up.
     */
    ThreadAllocation(final Thread... threads)
    {
        threadIds = new long[threads.length];
        for (int i = 0; i < threads.length; i++)
        {
            threadIds[i] = threads[i].getId();
        }
        if (!BEAN.isThreadAllocatedMemorySupported())
        {
            throw new IllegalStateException("this JVM cannot count allocated bytes per thread");
        }
        BEAN.setThreadAllocatedMemoryEnabled(true);
    }

    /**
     * The threads' allocated bytes so far, summed; a thread that has ended counts 0.
     *
     * @return bytes.
     */
    long bytes()
    {
        long sum = 0;
        for (final long id : threadIds)
        {
            final long bytes = BEAN.getThreadAllocatedBytes(id);
            sum += Math.max(0, bytes);
        }
        return sum;
    }
}
