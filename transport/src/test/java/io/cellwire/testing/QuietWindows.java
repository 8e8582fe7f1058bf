package io.cellwire.testing;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A thread's allocation measured over windows of load, counting only the windows in which either nothing was allocated
 * or the JIT compiled nothing: code run for the first time after warm-up (a deoptimisation, a recompilation) leaves a
 * one-off residue on the thread, always with compilation in the same window, while per-message garbage would show in
 * every window. At most {@code maxWindows} are run to count {@code windows}. For each counted window it also keeps how
 * far each gauge moved (frames, queries, …). Made and read by the test thread.
 */
public final class QuietWindows
{
    /** Bytes the thread allocated in each counted window. */
    public final long[] allocated;
    /** How far each gauge moved in each counted window: {@code progress[gauge][window]}. */
    public final long[][] progress;
    /** Windows counted; less than asked for if too many had the JIT at work. */
    public final int counted;
    /** What each discarded window allocated, for the report. */
    public final String discarded;

    private QuietWindows(final long[] allocated, final long[][] progress, final int counted, final String discarded)
    {
        this.allocated = allocated;
        this.progress = progress;
        this.counted = counted;
        this.discarded = discarded;
    }

    /**
     * Runs windows of load until {@code windows} are counted or {@code maxWindows} have run; fails if the JVM cannot
     * measure thread allocation or compilation time (rather than comparing −1 with −1).
     *
     * @param threadId   the measured thread.
     * @param windows    windows to count.
     * @param maxWindows windows to run at most.
     * @param window     runs one window of load on the calling thread.
     * @param gauges     counters read before and after each window.
     * @return the counted windows.
     */
    public static QuietWindows measure(
        final long threadId, final int windows, final int maxWindows, final Runnable window, final LongSupplier... gauges)
    {
        final com.sun.management.ThreadMXBean bean =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        assertTrue(bean.isThreadAllocatedMemorySupported(), "this JVM cannot measure thread allocation");
        bean.setThreadAllocatedMemoryEnabled(true);
        assertTrue(bean.getThreadAllocatedBytes(threadId) >= 0, "no allocation figure for the measured thread");
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        assertTrue(jit != null && jit.isCompilationTimeMonitoringSupported(), "no JIT compilation time");
        final long[] allocated = new long[windows];
        final long[][] progress = new long[gauges.length][windows];
        final long[] gaugesBefore = new long[gauges.length];
        final StringBuilder discarded = new StringBuilder();
        int counted = 0;
        for (int run = 0; counted < windows && run < maxWindows; run++)
        {
            for (int g = 0; g < gauges.length; g++)
            {
                gaugesBefore[g] = gauges[g].getAsLong();
            }
            final long compiledBefore = jit.getTotalCompilationTime();
            final long before = bean.getThreadAllocatedBytes(threadId);
            window.run();
            final long after = bean.getThreadAllocatedBytes(threadId);
            assertTrue(before >= 0 && after >= 0, "the allocation meter stopped answering");
            if (after != before && jit.getTotalCompilationTime() != compiledBefore)
            {
                discarded.append(after - before).append(" B (JIT active); ");
                continue;
            }
            allocated[counted] = after - before;
            for (int g = 0; g < gauges.length; g++)
            {
                progress[g][counted] = gauges[g].getAsLong() - gaugesBefore[g];
            }
            counted++;
        }
        return new QuietWindows(allocated, progress, counted, discarded.toString());
    }

    /** @return the counted windows' allocation, for the report. */
    public String allocatedText()
    {
        return Arrays.toString(allocated);
    }
}
