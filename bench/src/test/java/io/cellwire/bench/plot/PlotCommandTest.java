package io.cellwire.bench.plot;

import io.cellwire.bench.CliRunner;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire plot} over interval logs written as loadgen writes them: PNG size and series colours, the chart's
 * series and log axes, bad input.
 */
class PlotCommandTest
{
    /** Pixels of a series colour a 2-pixel line across the chart leaves at the least. */
    private static final int MIN_SERIES_PIXELS = 200;
    /** Per channel, how far an antialiased pixel may be from its series colour and still count as the line. */
    private static final int COLOUR_TOLERANCE = 24;
    private static final double NS_PER_US = 1000.0;

    @TempDir
    Path dir;

    @Test
    void shouldWriteReadablePngOfTheRequestedSize() throws IOException
    {
        final BufferedImage image = plotFastAndSlow(640, 480);
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
    }

    @Test
    void shouldDrawEachLogInItsOwnColour() throws IOException
    {
        final BufferedImage image = plotFastAndSlow(1000, 600);
        assertTrue(pixels(image, PercentilePlot.PALETTE[0]) > MIN_SERIES_PIXELS, "first log's line");
        assertTrue(pixels(image, PercentilePlot.PALETTE[1]) > MIN_SERIES_PIXELS, "second log's line");
        assertEquals(0, pixels(image, PercentilePlot.PALETTE[2]), "no third line");
    }

    @Test
    void shouldPlotEachLogAtItsPercentilesOnLogAxes() throws IOException
    {
        final PercentilePlot plot = new PercentilePlot(1000, 600, "us")
            .add("fast.hlog", PlotCommand.merge(log("fast.hlog", 50)), NS_PER_US)
            .add("slow.hlog", PlotCommand.merge(log("slow.hlog", 400)), NS_PER_US);
        final XYPlot chart = (XYPlot)plot.chart().getPlot();
        final LogAxis percentile = assertInstanceOf(LogAxis.class, chart.getDomainAxis());
        final LogAxis latency = assertInstanceOf(LogAxis.class, chart.getRangeAxis());
        final XYDataset dataset = chart.getDataset();

        assertEquals(2, dataset.getSeriesCount());
        assertEquals("fast.hlog", dataset.getSeriesKey(0).toString());
        assertEquals("slow.hlog", dataset.getSeriesKey(1).toString());
        assertEquals(1.0, percentile.getLowerBound(), "0% at the left edge");
        assertTrue(percentile.getUpperBound() >= PercentilePlot.percentileAxisValue(99.9), "x axis to 99.9% and on");
        assertEquals(20.0, latency.getLowerBound(), 1e-9, "the 1-2-5 step below the fastest 25 us");
        assertEquals(5000.0, latency.getUpperBound(), 1e-9, "the 1-2-5 step above the slowest 4 ms");
        assertSeries(dataset, 0, percentile.getUpperBound(), 25, 500);
        assertSeries(dataset, 1, percentile.getUpperBound(), 200, 4000);
    }

    @Test
    void shouldPlaceEachDecadeOfPercentileOneStepFurther()
    {
        assertEquals(1.0, PercentilePlot.percentileAxisValue(0), 1e-9);
        assertEquals(10.0, PercentilePlot.percentileAxisValue(90), 1e-9);
        assertEquals(1000.0, PercentilePlot.percentileAxisValue(99.9), 1e-6);
    }

    @Test
    void shouldLabelDecadesAsPercentiles()
    {
        assertEquals("0%", PercentilePlot.percentileLabel(0));
        assertEquals("90%", PercentilePlot.percentileLabel(1));
        assertEquals("99%", PercentilePlot.percentileLabel(2));
        assertEquals("99.999%", PercentilePlot.percentileLabel(5));
    }

    @Test
    void shouldExitOneForALogWithNoIntervals() throws IOException
    {
        final Path empty = Files.writeString(dir.resolve("empty.hlog"), "#[Histogram log format version 1.3]\n");
        final CliRunner.Run run = CliRunner.run("plot", "--hlog", empty.toString(), "--out",
            dir.resolve("x.png").toString());
        assertEquals(PlotCommand.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("no values"), run.err());
    }

    @Test
    void shouldRejectAChartThatIsNotPng() throws IOException
    {
        final CliRunner.Run run = CliRunner.run("plot", "--hlog", log("fast.hlog", 50).toString(), "--out",
            dir.resolve("chart.svg").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--out must end in .png"), run.err());
    }

    /**
     * One line from the 0% point at the left edge to the 100% point at the right, latency never falling, the body
     * (below 90%) drawn with several points, not squeezed into one.
     */
    private static void assertSeries(
        final XYDataset dataset, final int series, final double right, final double minUs, final double maxUs)
    {
        final int count = dataset.getItemCount(series);
        assertEquals(1.0, dataset.getXValue(series, 0), "starts at 0%");
        assertEquals(right, dataset.getXValue(series, count - 1), "ends at the right edge");
        assertEquals(minUs, dataset.getYValue(series, 0), minUs / 100, "fastest");
        assertEquals(maxUs, dataset.getYValue(series, count - 1), maxUs / 100, "slowest");
        int body = 0;
        for (int i = 0; i < count; i++)
        {
            if (dataset.getXValue(series, i) < PercentilePlot.percentileAxisValue(90))
            {
                body++;
            }
            if (i > 0)
            {
                assertTrue(dataset.getYValue(series, i) >= dataset.getYValue(series, i - 1), "point " + i);
                assertTrue(dataset.getXValue(series, i) >= dataset.getXValue(series, i - 1), "point " + i);
            }
        }
        assertTrue(body >= 5, body + " points below 90%");
    }

    private BufferedImage plotFastAndSlow(final int width, final int height) throws IOException
    {
        final File fast = log("fast.hlog", 50);
        final File slow = log("slow.hlog", 400);
        final Path png = dir.resolve("chart.png");
        final CliRunner.Run run = CliRunner.run("plot", "--hlog", fast.toString(), slow.toString(),
            "--out", png.toString(), "--width", String.valueOf(width), "--height", String.valueOf(height));
        assertEquals(0, run.exitCode(), run.err());
        final BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO cannot read " + png);
        return image;
    }

    private static int pixels(final BufferedImage image, final Color colour)
    {
        int count = 0;
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                final Color pixel = new Color(image.getRGB(x, y));
                if (Math.abs(pixel.getRed() - colour.getRed()) <= COLOUR_TOLERANCE &&
                    Math.abs(pixel.getGreen() - colour.getGreen()) <= COLOUR_TOLERANCE &&
                    Math.abs(pixel.getBlue() - colour.getBlue()) <= COLOUR_TOLERANCE)
                {
                    count++;
                }
            }
        }
        return count;
    }

    /** Three one-second intervals of 10,000 latencies in ns around {@code medianUs}, with a 10x tail. */
    private File log(final String name, final long medianUs) throws IOException
    {
        final File file = dir.resolve(name).toFile();
        final HistogramLogWriter writer = new HistogramLogWriter(file);
        try
        {
            writer.outputLogFormatVersion();
            writer.outputStartTime(0);
            writer.outputLegend();
            final Histogram interval = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
            for (int second = 0; second < 3; second++)
            {
                interval.reset();
                for (int i = 0; i < 10_000; i++)
                {
                    final long us = i % 1000 == 0 ? medianUs * 10 : medianUs / 2 + i % medianUs;
                    interval.recordValue(TimeUnit.MICROSECONDS.toNanos(us));
                }
                interval.setStartTimeStamp(second * 1000L);
                interval.setEndTimeStamp((second + 1) * 1000L);
                writer.outputIntervalHistogram(interval);
            }
        }
        finally
        {
            writer.close();
        }
        return file;
    }
}
