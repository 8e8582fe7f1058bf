package io.cellwire.bench.plot;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A latency-by-percentile chart, as HdrHistogram's plotter draws one: x is the percentile on a log scale of
 * {@code 1 / (1 - percentile)} (ticks at 0%, 90%, 99%, 99.9%, …), y the latency on a linear scale from 0; one
 * polyline per histogram, the legend naming each. Built and rendered by one thread.
 */
final class PercentileChart
{
    /** Percentile steps per halving of the distance to 100%, as HdrHistogram's percentile output uses. */
    static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 5;
    /** Fewest decades on the x axis: up to 99%. */
    static final int MIN_DECADES = 2;
    /** Most decades on the x axis: up to 99.99999%. */
    static final int MAX_DECADES = 7;
    /** Grid lines wanted on the y axis, about. */
    private static final int Y_TICKS = 5;
    /** Head room above the largest latency. */
    private static final double Y_HEADROOM = 1.05;
    private static final double MARGIN_LEFT = 80;
    private static final double MARGIN_RIGHT = 30;
    private static final double MARGIN_TOP = 40;
    private static final double MARGIN_BOTTOM = 60;
    private static final double FONT_SIZE = 13;
    private static final double TITLE_SIZE = 16;
    private static final double LEGEND_LINE_HEIGHT = 18;
    private static final double LEGEND_SWATCH = 24;
    private static final double TICK_LENGTH = 5;
    private static final double SERIES_WIDTH = 2;
    private static final Color AXIS = Color.BLACK;
    private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf) };

    private final int width;
    private final int height;
    private final String unit;
    private final List<String> names = new ArrayList<>();
    private final List<double[]> percentiles = new ArrayList<>();
    private final List<double[]> values = new ArrayList<>();

    /**
     * @param width  pixels.
     * @param height pixels.
     * @param unit   unit of the latencies, for the y axis label, e.g. {@code us}.
     */
    PercentileChart(final int width, final int height, final String unit)
    {
        this.width = width;
        this.height = height;
        this.unit = unit;
    }

    /**
     * Adds one line.
     *
     * @param name      its legend.
     * @param histogram the latencies.
     * @param unitRatio what a histogram value is divided by to give the plotted unit (1000 for ns to us).
     */
    void add(final String name, final Histogram histogram, final double unitRatio)
    {
        final List<double[]> points = new ArrayList<>();
        for (final HistogramIterationValue value : histogram.percentiles(PERCENTILE_TICKS_PER_HALF_DISTANCE))
        {
            points.add(new double[]{ value.getPercentileLevelIteratedTo(), value.getValueIteratedTo() / unitRatio });
        }
        final double[] p = new double[points.size()];
        final double[] v = new double[points.size()];
        for (int i = 0; i < p.length; i++)
        {
            p[i] = points.get(i)[0];
            v[i] = points.get(i)[1];
        }
        names.add(name);
        percentiles.add(p);
        values.add(v);
    }

    /**
     * Draws the chart.
     *
     * @param canvas where.
     */
    void render(final ChartCanvas canvas)
    {
        final int decades = decades();
        final double yMax = yMax();
        final double left = MARGIN_LEFT;
        final double right = width - MARGIN_RIGHT;
        final double top = MARGIN_TOP;
        final double bottom = height - MARGIN_BOTTOM;
        final double plotWidth = right - left;
        final double plotHeight = bottom - top;

        canvas.text(width / 2.0, MARGIN_TOP / 2 + TITLE_SIZE / 2, "Latency by percentile", ChartCanvas.MIDDLE,
            TITLE_SIZE, AXIS);
        final double yStep = niceStep(yMax / Y_TICKS);
        for (double tick = 0; tick <= yMax + yStep / 2; tick += yStep)
        {
            final double y = bottom - tick / yMax * plotHeight;
            canvas.line(left, y, right, y, GRID, 1);
            canvas.line(left - TICK_LENGTH, y, left, y, AXIS, 1);
            canvas.text(left - 2 * TICK_LENGTH, y + FONT_SIZE / 3, number(tick), ChartCanvas.END, FONT_SIZE, AXIS);
        }
        for (int decade = 0; decade <= decades; decade++)
        {
            final double x = left + decade / (double)decades * plotWidth;
            canvas.line(x, top, x, bottom, GRID, 1);
            canvas.line(x, bottom, x, bottom + TICK_LENGTH, AXIS, 1);
            canvas.text(x, bottom + TICK_LENGTH + FONT_SIZE, percentileLabel(decade), ChartCanvas.MIDDLE, FONT_SIZE,
                AXIS);
        }
        canvas.line(left, bottom, right, bottom, AXIS, 1);
        canvas.line(left, top, left, bottom, AXIS, 1);
        canvas.text((left + right) / 2, height - FONT_SIZE, "percentile", ChartCanvas.MIDDLE, FONT_SIZE, AXIS);
        canvas.text(MARGIN_LEFT / 2 - FONT_SIZE, top - FONT_SIZE, "latency (" + unit + ")", ChartCanvas.START,
            FONT_SIZE, AXIS);

        for (int s = 0; s < names.size(); s++)
        {
            final Color color = PALETTE[s % PALETTE.length];
            final double[] p = percentiles.get(s);
            final double[] v = values.get(s);
            final double[] xs = new double[p.length];
            final double[] ys = new double[p.length];
            for (int i = 0; i < p.length; i++)
            {
                xs[i] = left + Math.min(decades, decadesOf(p[i])) / decades * plotWidth;
                ys[i] = bottom - v[i] / yMax * plotHeight;
            }
            canvas.polyline(xs, ys, p.length, color, SERIES_WIDTH);
            final double legendY = top + (s + 1) * LEGEND_LINE_HEIGHT;
            canvas.line(left + TICK_LENGTH * 2, legendY - FONT_SIZE / 3, left + TICK_LENGTH * 2 + LEGEND_SWATCH,
                legendY - FONT_SIZE / 3, color, SERIES_WIDTH * 2);
            canvas.text(left + TICK_LENGTH * 3 + LEGEND_SWATCH, legendY, names.get(s), ChartCanvas.START, FONT_SIZE,
                AXIS);
        }
    }

    /** Decades the x axis spans: enough for the highest percentile below 100% of any line. */
    int decades()
    {
        double highest = 0;
        for (final double[] p : percentiles)
        {
            for (final double percentile : p)
            {
                if (percentile < 100)
                {
                    highest = Math.max(highest, decadesOf(percentile));
                }
            }
        }
        return (int)Math.max(MIN_DECADES, Math.min(MAX_DECADES, Math.ceil(highest)));
    }

    /** {@code log10(1 / (1 - p))}: 0 at 0%, 1 at 90%, 2 at 99%; infinite at 100%. */
    private static double decadesOf(final double percentile)
    {
        return percentile >= 100 ? Double.POSITIVE_INFINITY : -Math.log10(1 - percentile / 100);
    }

    private double yMax()
    {
        double max = 0;
        for (final double[] v : values)
        {
            for (final double value : v)
            {
                max = Math.max(max, value);
            }
        }
        if (max <= 0)
        {
            return 1;
        }
        final double step = niceStep(max * Y_HEADROOM / Y_TICKS);
        return Math.ceil(max * Y_HEADROOM / step) * step;
    }

    /** The 1, 2 or 5 times a power of ten at or above a raw step. */
    static double niceStep(final double raw)
    {
        final double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        final double fraction = raw / magnitude;
        final double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    /** The label of a decade: 0%, 90%, 99%, 99.9%, 99.99%… */
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

    private static String number(final double value)
    {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) :
            String.format(Locale.ROOT, "%.2f", value);
    }
}
