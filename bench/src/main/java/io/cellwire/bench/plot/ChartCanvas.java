package io.cellwire.bench.plot;

import java.awt.Color;

/**
 * What {@link PercentileChart} draws on, in pixels from the top left: lines, polylines and text. Implemented over an
 * SVG document and over a {@link java.awt.Graphics2D}. Owned by the thread that renders the chart.
 */
interface ChartCanvas
{
    /** Text anchored at its start. */
    int START = 0;
    /** Text anchored at its middle. */
    int MIDDLE = 1;
    /** Text anchored at its end. */
    int END = 2;

    /**
     * A straight line.
     *
     * @param x1    from x.
     * @param y1    from y.
     * @param x2    to x.
     * @param y2    to y.
     * @param color its colour.
     * @param width stroke width in pixels.
     */
    void line(double x1, double y1, double x2, double y2, Color color, double width);

    /**
     * A polyline through points.
     *
     * @param xs    the x of each point.
     * @param ys    the y of each point.
     * @param count how many points.
     * @param color its colour.
     * @param width stroke width in pixels.
     */
    void polyline(double[] xs, double[] ys, int count, Color color, double width);

    /**
     * One line of text with its baseline at y.
     *
     * @param x      anchor x.
     * @param y      baseline y.
     * @param text   the text.
     * @param anchor {@link #START}, {@link #MIDDLE} or {@link #END}.
     * @param size   font size in pixels.
     * @param color  its colour.
     */
    void text(double x, double y, String text, int anchor, double size, Color color);
}
