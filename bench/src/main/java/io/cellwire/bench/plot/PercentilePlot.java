package io.cellwire.bench.plot;

import org.HdrHistogram.Histogram;

import javax.imageio.ImageIO;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a latency-by-percentile chart ({@link PercentileChart}) of named histograms to a file: SVG (text, by hand)
 * or PNG (Java 2D, headless, through {@code javax.imageio}) by the file's extension. Used by {@code plot} and
 * {@code report}; built, filled and written by one thread.
 */
public final class PercentilePlot
{
    /** Extension of a PNG chart. */
    public static final String PNG = ".png";
    /** Extension of an SVG chart. */
    public static final String SVG = ".svg";

    private final int width;
    private final int height;
    private final String unit;
    private final List<String> names = new ArrayList<>();
    private final List<Histogram> histograms = new ArrayList<>();
    private final List<Double> unitRatios = new ArrayList<>();

    /**
     * @param width  pixels.
     * @param height pixels.
     * @param unit   unit of the plotted latencies, for the y axis label, e.g. {@code us}.
     */
    public PercentilePlot(final int width, final int height, final String unit)
    {
        this.width = width;
        this.height = height;
        this.unit = unit;
    }

    /**
     * Whether a file name has an extension this plot can write.
     *
     * @param file the chart file.
     * @return true for {@code .png} and {@code .svg}, in any case.
     */
    public static boolean supports(final File file)
    {
        final String name = file.getName().toLowerCase(Locale.ROOT);
        return name.endsWith(PNG) || name.endsWith(SVG);
    }

    /**
     * Adds one line.
     *
     * @param name      its legend.
     * @param histogram the latencies, not empty.
     * @param unitRatio what a histogram value is divided by to give the plotted unit (1000 for ns to us).
     * @return this.
     */
    public PercentilePlot add(final String name, final Histogram histogram, final double unitRatio)
    {
        names.add(name);
        histograms.add(histogram);
        unitRatios.add(unitRatio);
        return this;
    }

    /**
     * Draws every line and writes the chart.
     *
     * @param out a {@code .png} or {@code .svg} file.
     * @throws IOException if it cannot be written.
     */
    public void write(final File out) throws IOException
    {
        if (!supports(out))
        {
            throw new IllegalArgumentException("a chart is a .png or .svg file: " + out);
        }
        final PercentileChart chart = new PercentileChart(width, height, unit);
        for (int i = 0; i < names.size(); i++)
        {
            chart.add(names.get(i), histograms.get(i), unitRatios.get(i));
        }
        if (out.getName().toLowerCase(Locale.ROOT).endsWith(SVG))
        {
            final SvgCanvas canvas = new SvgCanvas(width, height);
            chart.render(canvas);
            Files.writeString(out.toPath(), canvas.finish(), StandardCharsets.UTF_8);
        }
        else
        {
            System.setProperty("java.awt.headless", "true");
            final ImageCanvas canvas = new ImageCanvas(width, height);
            chart.render(canvas);
            if (!ImageIO.write(canvas.finish(), "png", out))
            {
                throw new IOException("no PNG writer");
            }
        }
    }
}
