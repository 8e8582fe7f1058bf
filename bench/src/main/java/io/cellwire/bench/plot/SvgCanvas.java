package io.cellwire.bench.plot;

import java.awt.Color;
import java.util.Locale;

/**
 * A {@link ChartCanvas} that writes an SVG 1.1 document as text, one element per call. Owned by the rendering thread.
 */
final class SvgCanvas implements ChartCanvas
{
    private static final String[] ANCHORS = { "start", "middle", "end" };

    private final StringBuilder svg = new StringBuilder();

    /**
     * Starts a document with a white background.
     *
     * @param width  pixels.
     * @param height pixels.
     */
    SvgCanvas(final int width, final int height)
    {
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" " +
                "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" font-family=\"sans-serif\">%n",
                width, height, width, height))
            .append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#ffffff\"/>%n", width, height));
    }

    @Override
    public void line(final double x1, final double y1, final double x2, final double y2, final Color color,
        final double width)
    {
        svg.append(String.format(Locale.ROOT,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"/>%n",
            x1, y1, x2, y2, hex(color), width));
    }

    @Override
    public void polyline(final double[] xs, final double[] ys, final int count, final Color color, final double width)
    {
        svg.append("<polyline fill=\"none\" stroke=\"").append(hex(color))
            .append(String.format(Locale.ROOT, "\" stroke-width=\"%.1f\" points=\"", width));
        for (int i = 0; i < count; i++)
        {
            svg.append(String.format(Locale.ROOT, i == 0 ? "%.1f,%.1f" : " %.1f,%.1f", xs[i], ys[i]));
        }
        svg.append("\"/>\n");
    }

    @Override
    public void text(final double x, final double y, final String text, final int anchor, final double size,
        final Color color)
    {
        svg.append(String.format(Locale.ROOT,
            "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" font-size=\"%.0f\" fill=\"%s\">", x, y, ANCHORS[anchor],
            size, hex(color)))
            .append(escape(text)).append("</text>\n");
    }

    /**
     * Ends the document.
     *
     * @return the SVG text.
     */
    String finish()
    {
        return svg.append("</svg>\n").toString();
    }

    private static String hex(final Color color)
    {
        return String.format(Locale.ROOT, "#%02x%02x%02x", color.getRed(), color.getGreen(), color.getBlue());
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
