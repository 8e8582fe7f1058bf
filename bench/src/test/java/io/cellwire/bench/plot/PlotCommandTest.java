package io.cellwire.bench.plot;

import io.cellwire.bench.CliRunner;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cellwire plot} over interval logs written as loadgen writes them: PNG size, SVG lines, bad input. */
class PlotCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteReadablePngOfTheRequestedSize() throws IOException
    {
        final File fast = log("fast.hlog", 50);
        final File slow = log("slow.hlog", 400);
        final Path png = dir.resolve("chart.png");
        final CliRunner.Run run = CliRunner.run("plot", "--hlog", fast.toString(), slow.toString(),
            "--out", png.toString(), "--width", "640", "--height", "480");
        assertEquals(0, run.exitCode(), run.err());
        final BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, "ImageIO cannot read " + png);
        assertEquals(640, image.getWidth());
        assertEquals(480, image.getHeight());
    }

    @Test
    void shouldDrawOnePolylinePerLogWithItsFileNameInTheSvg() throws IOException
    {
        final File fast = log("fast.hlog", 50);
        final File slow = log("slow.hlog", 400);
        final Path svg = dir.resolve("chart.svg");
        final CliRunner.Run run = CliRunner.run("plot", "--hlog", fast.toString(), slow.toString(),
            "--out", svg.toString());
        assertEquals(0, run.exitCode(), run.err());
        final String text = Files.readString(svg, StandardCharsets.UTF_8);
        assertEquals(2, text.split("<polyline", -1).length - 1, text);
        assertTrue(text.contains(">fast.hlog</text>"), text);
        assertTrue(text.contains(">slow.hlog</text>"), text);
        assertTrue(text.contains(">99.9%</text>"), "x axis ticks to 99.9% and beyond");
        assertTrue(text.startsWith("<?xml") && text.endsWith("</svg>\n"));
    }

    @Test
    void shouldExitOneForALogWithNoIntervals() throws IOException
    {
        final Path empty = Files.writeString(dir.resolve("empty.hlog"), "#[Histogram log format version 1.3]\n");
        final CliRunner.Run run = CliRunner.run("plot", "--hlog", empty.toString(), "--out",
            dir.resolve("x.svg").toString());
        assertEquals(PlotCommand.EXIT_BAD_INPUT, run.exitCode());
        assertTrue(run.err().contains("no values"), run.err());
    }

    @Test
    void shouldLabelDecadesAsPercentiles()
    {
        assertEquals("0%", PercentileChart.percentileLabel(0));
        assertEquals("90%", PercentileChart.percentileLabel(1));
        assertEquals("99%", PercentileChart.percentileLabel(2));
        assertEquals("99.999%", PercentileChart.percentileLabel(5));
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
