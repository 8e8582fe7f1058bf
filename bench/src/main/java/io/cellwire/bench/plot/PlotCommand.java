package io.cellwire.bench.plot;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code cellwire plot}: draws a latency-by-percentile chart ({@link PercentilePlot}) of HdrHistogram interval logs,
 * such as {@code loadgen --hlog} writes: each file's intervals merged into one histogram, one line per file, the
 * legend its file name; a PNG. Runs on the calling thread.
 */
@Command(
    name = "plot",
    description = "Plots latency by percentile of one or more HdrHistogram interval logs to a PNG file.")
public final class PlotCommand implements Callable<Integer>
{
    /** Exit code when a log cannot be read or holds no histogram. */
    public static final int EXIT_BAD_INPUT = 1;
    /** Precision of the merged histogram when the log's own is unknown. */
    private static final int SIGNIFICANT_DIGITS = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--hlog", required = true, arity = "1..*", paramLabel = "FILE",
        description = "HdrHistogram interval logs, one line each.")
    private List<File> hlogs;

    @Option(names = "--out", required = true, paramLabel = "FILE",
        description = "Chart to write: FILE.png.")
    private File out;

    @Option(names = "--width", paramLabel = "PX", description = "Width in pixels (default: ${DEFAULT-VALUE}).")
    private int width = 1000;

    @Option(names = "--height", paramLabel = "PX", description = "Height in pixels (default: ${DEFAULT-VALUE}).")
    private int height = 600;

    @Option(names = "--unit-ratio", paramLabel = "R",
        description = "Divide logged values by R to plot them (default: ${DEFAULT-VALUE}, loadgen's ns to us).")
    private double unitRatio = 1000;

    @Option(names = "--unit", paramLabel = "NAME", description = "Unit of the y axis (default: ${DEFAULT-VALUE}).")
    private String unit = "us";

    @Override
    public Integer call() throws IOException
    {
        if (!PercentilePlot.supports(out))
        {
            throw new ParameterException(spec.commandLine(), "--out must end in .png: " + out);
        }
        if (width < 1 || height < 1 || unitRatio <= 0)
        {
            throw new ParameterException(spec.commandLine(), "--width, --height and --unit-ratio must be positive");
        }
        final PercentilePlot plot = new PercentilePlot(width, height, unit);
        for (final File hlog : hlogs)
        {
            final Histogram merged;
            try
            {
                merged = merge(hlog);
            }
            catch (final FileNotFoundException | IllegalArgumentException ex)
            {
                spec.commandLine().getErr().println("plot: cannot read " + hlog + ": " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (merged.getTotalCount() == 0)
            {
                spec.commandLine().getErr().println("plot: no values in " + hlog);
                return EXIT_BAD_INPUT;
            }
            plot.add(hlog.getName(), merged, unitRatio);
        }
        plot.write(out);
        return 0;
    }

    /**
     * Every interval of a log in one histogram.
     *
     * @param hlog the log.
     * @return the merged histogram; empty when the log has no intervals.
     * @throws FileNotFoundException    if there is no such file.
     * @throws IllegalArgumentException if an interval is not an integer-valued histogram.
     */
    static Histogram merge(final File hlog) throws FileNotFoundException
    {
        final HistogramLogReader reader = new HistogramLogReader(hlog);
        try
        {
            final Histogram merged = new Histogram(SIGNIFICANT_DIGITS);
            EncodableHistogram interval;
            while ((interval = reader.nextIntervalHistogram()) != null)
            {
                if (!(interval instanceof Histogram))
                {
                    throw new IllegalArgumentException("not an integer histogram: " + interval.getClass().getName());
                }
                merged.add((Histogram)interval);
            }
            return merged;
        }
        finally
        {
            reader.close();
        }
    }
}
