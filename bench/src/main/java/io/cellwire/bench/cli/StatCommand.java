package io.cellwire.bench.cli;

import io.cellwire.transport.Transport;
import io.cellwire.transport.TransportCounters;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.nio.MappedByteBuffer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code cellwire stat}: prints the live counters of a running Cellwire transport, as AeronStat prints a media
 * driver's, from the memory-mapped file that {@link TransportCounters} writes ({@value TransportCounters#FILE_NAME}
 * in the counters directory: the metadata section, then the values section). Every allocated counter is printed as
 * {@code label: value} under a timestamp header, once a second until interrupted, or once with {@code --once}.
 * Runs on the calling thread; the file is mapped, only read, and unmapped on exit.
 */
@Command(
    name = "stat",
    description = "Prints the counters of a running Cellwire transport from its memory-mapped counters file.")
public final class StatCommand implements Callable<Integer>
{
    /** Exit code when the counters file is missing or too short. */
    public static final int EXIT_NO_COUNTERS = 1;
    /** Pause between two prints. */
    private static final long INTERVAL_MS = 1_000;
    private static final DateTimeFormatter HEADER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Spec
    private CommandSpec spec;

    @Option(names = "--counters-dir", paramLabel = "DIR",
        description = "Counters directory of the transport (default: the -D" + Transport.Context.COUNTERS_DIR_PROP +
            " property the transport reads; there is no other default, so one of the two is required).")
    private File countersDir = propertyDirectory();

    @Option(names = "--once", description = "Print the counters once and exit.")
    private boolean once;

    @Override
    public Integer call() throws InterruptedException
    {
        if (countersDir == null)
        {
            throw new ParameterException(spec.commandLine(),
                "Missing --counters-dir (the transport has no default counters directory)");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final File file = new File(countersDir, TransportCounters.FILE_NAME);
        if (!file.isFile() || file.length() < TransportCounters.METADATA_LENGTH + TransportCounters.VALUES_LENGTH)
        {
            spec.commandLine().getErr().println("stat: no counters file " + file +
                (file.isFile() ? " (too short)" : "") + ": is a transport running with this counters directory?");
            return EXIT_NO_COUNTERS;
        }
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "counters");
        try
        {
            final CountersReader reader = new CountersReader(
                new UnsafeBuffer(mapped, 0, TransportCounters.METADATA_LENGTH),
                new UnsafeBuffer(mapped, TransportCounters.METADATA_LENGTH, TransportCounters.VALUES_LENGTH));
            final StringBuilder text = new StringBuilder();
            while (true)
            {
                text.setLength(0);
                text.append(LocalDateTime.now().format(HEADER_TIME)).append(" - ").append(file).append('\n');
                appendCounters(reader, text);
                out.print(text);
                out.flush();
                if (once || Thread.currentThread().isInterrupted())
                {
                    return 0;
                }
                TimeUnit.MILLISECONDS.sleep(INTERVAL_MS);
            }
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    /**
     * Appends one {@code label: value} line per allocated counter, in counter ID order.
     *
     * @param reader the counters.
     * @param text   where the lines go.
     */
    static void appendCounters(final CountersReader reader, final StringBuilder text)
    {
        reader.forEach((counterId, typeId, keyBuffer, label) ->
            text.append(label).append(": ").append(reader.getCounterValue(counterId)).append('\n'));
    }

    private static File propertyDirectory()
    {
        final String path = System.getProperty(Transport.Context.COUNTERS_DIR_PROP);
        return path == null ? null : new File(path);
    }
}
