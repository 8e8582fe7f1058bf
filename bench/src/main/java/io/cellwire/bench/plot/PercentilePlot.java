package io.cellwire.bench.plot;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.LogTick;
import org.jfree.chart.axis.Tick;
import org.jfree.chart.axis.TickType;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.font.TextAttribute;
import java.awt.geom.Rectangle2D;
import java.io.File;
import java.io.IOException;
import java.text.AttributedString;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A latency-by-percentile chart of named histograms, drawn by JFreeChart as HdrHistogram's plotter draws one and
 * written as a PNG: x is the percentile on a log axis of {@code 1 / (1 - percentile)}, so that 0%, 90%, 99%, 99.9%…
 * stand equally apart and the body of the distribution takes as much room as its tail; y is the latency on a log axis;
 * one line per histogram, the legend naming each. Rendered headless. Used by {@code plot} and {@code report}; built,
 * filled and written by one thread.
 */
public final class PercentilePlot
{
    /** Extension of the chart file. */
    public static final String PNG = ".png";
    /** Percentile steps per halving of the distance to 100%, as HdrHistogram's percentile output uses. */
    static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 5;
    /** Fewest decades on the x axis: up to 99%. */
    static final int MIN_DECADES = 2;
    /** Most decades on the x axis: up to 99.99999%. */
    static final int MAX_DECADES = 7;
    /** Line colours, one per series in order: JFreeChart's own include pale yellow and cyan, faint on white. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf) };
    /** Latency ticks per decade: 1, 2 and 5 times a power of ten, so that even a narrow range has labels. */
    private static final int[] LATENCY_STEPS = { 1, 2, 5 };
    private static final double DECADE = 10;
    private static final float SERIES_WIDTH = 2f;
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final String TITLE = "Latency by percentile";
    /** Room around the chart; on the right for half the label of the tick on the right edge. */
    private static final RectangleInsets PADDING = new RectangleInsets(8, 8, 8, 32);

    static
    {
        // the chart is drawn into an image: this must hold before AWT first asks whether there is a display
        System.setProperty("java.awt.headless", "true");
    }

    private final int width;
    private final int height;
    private final String unit;
    private final List<Line> lines = new ArrayList<>();

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
     * @return true for {@code .png}, in any case.
     */
    public static boolean supports(final File file)
    {
        return file.getName().toLowerCase(Locale.ROOT).endsWith(PNG);
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
        lines.add(new Line(name, histogram, unitRatio));
        return this;
    }

    /**
     * Draws every line and writes the chart.
     *
     * @param out a {@code .png} file.
     * @throws IOException if it cannot be written.
     */
    public void write(final File out) throws IOException
    {
        if (!supports(out))
        {
            throw new IllegalArgumentException("a chart is a .png file: " + out);
        }
        ChartUtils.saveChartAsPNG(out, chart(), width, height);
    }

    /**
     * The chart of the lines added so far: each line the histogram's value at each of HdrHistogram's percentile steps.
     *
     * @return a chart whose plot is an {@link XYPlot} over an {@link XYSeriesCollection}, x and y on {@link LogAxis}.
     */
    JFreeChart chart()
    {
        // the 100% point, and any beyond the last decade, sits on the right edge rather than off the chart
        final double right = Math.pow(DECADE, decades());
        final XYSeriesCollection dataset = new XYSeriesCollection();
        double lowest = Double.POSITIVE_INFINITY;
        double highest = 0;
        for (int i = 0; i < lines.size(); i++)
        {
            final Line line = lines.get(i);
            final XYSeries points = new XYSeries(new SeriesKey(i, line.name()), false, true);
            for (final HistogramIterationValue value : line.histogram().percentiles(PERCENTILE_TICKS_PER_HALF_DISTANCE))
            {
                final double latency = value.getValueIteratedTo() / line.unitRatio();
                // a log axis has no place for 0: a latency that small is not a point of the chart
                if (latency > 0)
                {
                    points.add(Math.min(right, percentileAxisValue(value.getPercentileLevelIteratedTo())), latency,
                        false);
                    lowest = Math.min(lowest, latency);
                    highest = Math.max(highest, latency);
                }
            }
            dataset.addSeries(points);
        }

        final LogAxis percentile = new PercentileAxis();
        percentile.setRange(1, right);
        final LogAxis latency = new LatencyAxis("latency (" + unit + ")");
        if (highest > 0)
        {
            final double bottom = stepAtOrBelow(lowest);
            final double top = stepAtOrAbove(highest);
            latency.setRange(bottom, top > bottom ? top : stepAtOrAbove(Math.nextUp(bottom)));
        }

        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int i = 0; i < lines.size(); i++)
        {
            renderer.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            renderer.setSeriesStroke(i, new BasicStroke(SERIES_WIDTH, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        }
        final XYPlot plot = new XYPlot(dataset, percentile, latency, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        final JFreeChart chart = new JFreeChart(TITLE, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(PADDING);
        return chart;
    }

    /**
     * Where a percentile stands on the x axis: {@code 1 / (1 - p)}, 1 at 0%, 10 at 90%, 100 at 99%; infinite at 100%.
     *
     * @param percentile 0 to 100.
     * @return the x value.
     */
    static double percentileAxisValue(final double percentile)
    {
        return 1 / (1 - percentile / 100);
    }

    /**
     * Decades the x axis spans: enough for the highest percentile below 100% of any line, within
     * {@link #MIN_DECADES}..{@link #MAX_DECADES}.
     */
    private int decades()
    {
        double highest = 0;
        for (final Line line : lines)
        {
            for (final HistogramIterationValue value : line.histogram().percentiles(PERCENTILE_TICKS_PER_HALF_DISTANCE))
            {
                final double percentile = value.getPercentileLevelIteratedTo();
                if (percentile < 100)
                {
                    highest = Math.max(highest, Math.log10(percentileAxisValue(percentile)));
                }
            }
        }
        return (int)Math.max(MIN_DECADES, Math.min(MAX_DECADES, Math.ceil(highest)));
    }

    /**
     * The label of a decade: 0%, 90%, 99%, 99.9%, 99.99%…
     *
     * @param decade 0 for 0%, 1 for 90%, and so on.
     * @return the label.
     */
    static String percentileLabel(final int decade)
    {
        if (decade == 0)
        {
            return "0%";
        }
        if (decade == 1)
        {
            return "90%";
        }
        return decade == 2 ? "99%" : "99." + "9".repeat(decade - 2) + "%";
    }

    /** The largest of 1, 2 or 5 times a power of ten at or below a positive value. */
    private static double stepAtOrBelow(final double value)
    {
        final double decade = Math.pow(DECADE, Math.floor(Math.log10(value)));
        double step = decade;
        for (final int multiple : LATENCY_STEPS)
        {
            if (multiple * decade <= value)
            {
                step = multiple * decade;
            }
        }
        return step;
    }

    /** The smallest of 1, 2 or 5 times a power of ten at or above a positive value. */
    private static double stepAtOrAbove(final double value)
    {
        final double decade = Math.pow(DECADE, Math.floor(Math.log10(value)));
        for (final int multiple : LATENCY_STEPS)
        {
            if (multiple * decade >= value)
            {
                return multiple * decade;
            }
        }
        return decade * DECADE;
    }

    /** One line to draw. Immutable. */
    private record Line(String name, Histogram histogram, double unitRatio)
    {
    }

    /** A series' key: its legend, told apart from another line of the same legend by its place. Immutable. */
    private record SeriesKey(int index, String legend) implements Comparable<SeriesKey>
    {
        @Override
        public int compareTo(final SeriesKey other)
        {
            return Integer.compare(index, other.index);
        }

        @Override
        public String toString()
        {
            return legend;
        }
    }

    /**
     * The x axis: one tick a decade of {@code 1 / (1 - p)}, labelled with its percentile, the last one on the right
     * edge included (LogAxis, counting decades in floating point, can fall just short of it). Rendering thread.
     */
    private static final class PercentileAxis extends LogAxis
    {
        PercentileAxis()
        {
            super("percentile");
        }

        @Override
        protected List<Tick> refreshTicksHorizontal(final Graphics2D g2, final Rectangle2D dataArea,
            final RectangleEdge edge)
        {
            final List<Tick> ticks = new ArrayList<>();
            final TextAnchor anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
            for (int decade = 0; Math.pow(DECADE, decade) <= getUpperBound(); decade++)
            {
                final AttributedString label = new AttributedString(percentileLabel(decade));
                label.addAttribute(TextAttribute.FONT, getTickLabelFont());
                ticks.add(new LogTick(TickType.MAJOR, Math.pow(DECADE, decade), label, anchor));
            }
            return ticks;
        }
    }

    /**
     * The y axis: ticks at 1, 2 and 5 times each power of ten in range, labelled as plain numbers, where LogAxis would
     * put one tick a decade (none at all across a narrow range) and label it as a power. Rendering thread.
     */
    private static final class LatencyAxis extends LogAxis
    {
        LatencyAxis(final String label)
        {
            super(label);
            setNumberFormatOverride(new DecimalFormat("#,##0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        }

        @Override
        protected List<Tick> refreshTicksVertical(final Graphics2D g2, final Rectangle2D dataArea,
            final RectangleEdge edge)
        {
            final List<Tick> ticks = new ArrayList<>();
            final TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
            final int first = (int)Math.floor(Math.log10(getLowerBound()));
            final int last = (int)Math.ceil(Math.log10(getUpperBound()));
            for (int power = first; power <= last; power++)
            {
                for (final int multiple : LATENCY_STEPS)
                {
                    final double value = multiple * Math.pow(DECADE, power);
                    if (getRange().contains(value))
                    {
                        ticks.add(new LogTick(TickType.MAJOR, value, createTickLabel(value), anchor));
                    }
                }
            }
            return ticks;
        }
    }
}
