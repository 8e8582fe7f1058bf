package io.cellwire.bench.transport;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the numbers were measured on: cores, CPU model, JVM, OS and the load average. Immutable; read once by the
 * benchmark thread.
 */
public final class MachineInfo
{
    public final int cores;
    final String cpu;
    final String jvm;
    final String os;

    private MachineInfo(final int cores, final String cpu, final String jvm, final String os)
    {
        this.cores = cores;
        this.cpu = cpu;
        this.jvm = jvm;
        this.os = os;
    }

    /**
     * Reads this machine.
     *
     * @return its description.
     */
    public static MachineInfo current()
    {
        final String jvm = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") +
            " (" + System.getProperty("java.vendor") + ")";
        final String os = System.getProperty("os.name") + " " + System.getProperty("os.version") + " " +
            System.getProperty("os.arch");
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), cpuModel(), jvm, os);
    }

    /**
     * The 1-minute load average now.
     *
     * @return the load, or a negative value where the OS does not tell.
     */
    public static double loadAverage()
    {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String cpuModel()
    {
        try
        {
            final List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (final String line : lines)
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException e)
        {
            return System.getProperty("os.arch");
        }
        return System.getProperty("os.arch");
    }

    /**
     * One line for the top of the report.
     *
     * @return e.g. {@code machine: 2 cores (AMD EPYC), OpenJDK 64-Bit Server VM 17.0.15, Linux 6.1 amd64}.
     */
    public String line()
    {
        return "machine: " + cores + " cores (" + cpu + "), " + jvm + ", " + os;
    }
}
