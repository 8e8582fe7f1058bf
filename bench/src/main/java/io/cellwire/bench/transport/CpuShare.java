package io.cellwire.bench.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much of the machine's CPU other processes used while a phase ran, from Linux {@code /proc/stat} (all CPUs)
 * less {@code /proc/self/stat} (this JVM): a benchmark sharing 2 cores with a stranger's busy thread measures the
 * scheduler, not the transport, and the report says so. Where {@code /proc} is missing the share is NaN.
 * Owned by the benchmark thread; each instance is one window, started at construction.
 */
final class CpuShare
{
    private static final Path MACHINE = Path.of("/proc/stat");
    private static final Path SELF = Path.of("/proc/self/stat");
    private static final int IDLE_FIELD = 4;
    private static final int IOWAIT_FIELD = 5;
    private static final int UTIME_FIELD = 14;
    private static final int STIME_FIELD = 15;
    private static final double PERCENT = 100.0;

    private final long[] start;

    CpuShare()
    {
        start = sample();
    }

    /**
     * Other processes' share of all CPUs since construction.
     *
     * @return percent of the machine (100 = every core busy with others), or NaN if unknown.
     */
    double othersPercent()
    {
        final long[] end = sample();
        if (start == null || end == null || end[1] <= start[1])
        {
            return Double.NaN;
        }
        final long busy = end[0] - start[0];
        final long total = end[1] - start[1];
        final long self = end[2] - start[2];
        return Math.max(0, busy - self) * PERCENT / total;
    }

    /** @return {busy, total} jiffies of all CPUs and this process's jiffies, or null. */
    private static long[] sample()
    {
        try
        {
            final String machine = Files.readString(MACHINE, StandardCharsets.US_ASCII);
            final String[] cpu = machine.substring(0, machine.indexOf('\n')).trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < cpu.length; i++)
            {
                final long value = Long.parseLong(cpu[i]);
                total += value;
                if (i == IDLE_FIELD || i == IOWAIT_FIELD)
                {
                    idle += value;
                }
            }
            final String self = Files.readString(SELF, StandardCharsets.US_ASCII);
            final String[] fields = self.substring(self.lastIndexOf(')') + 2).trim().split("\\s+");
            final int offset = 3;
            final long selfJiffies = Long.parseLong(fields[UTIME_FIELD - offset]) +
                Long.parseLong(fields[STIME_FIELD - offset]);
            return new long[]{ total - idle, total, selfJiffies };
        }
        catch (final IOException | RuntimeException e)
        {
            return null;
        }
    }
}
