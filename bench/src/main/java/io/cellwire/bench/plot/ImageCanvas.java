package io.cellwire.bench.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;

/**
 * A {@link ChartCanvas} over a {@link BufferedImage}, drawn with Java 2D; needs no display (run headless). Owned by
 * the rendering thread, which must {@link #finish()} it.
 */
final class ImageCanvas implements ChartCanvas
{
    private final BufferedImage image;
    private final Graphics2D graphics;

    /**
     * A white image.
     *
     * @param width  pixels.
     * @param height pixels.
     */
    ImageCanvas(final int width, final int height)
    {
        image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        graphics = image.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        graphics.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        graphics.setColor(Color.WHITE);
        graphics.fillRect(0, 0, width, height);
    }

    @Override
    public void line(final double x1, final double y1, final double x2, final double y2, final Color color,
        final double width)
    {
        graphics.setColor(color);
        graphics.setStroke(new BasicStroke((float)width));
        graphics.draw(new Line2D.Double(x1, y1, x2, y2));
    }

    @Override
    public void polyline(final double[] xs, final double[] ys, final int count, final Color color, final double width)
    {
        if (count == 0)
        {
            return;
        }
        final Path2D.Double path = new Path2D.Double();
        path.moveTo(xs[0], ys[0]);
        for (int i = 1; i < count; i++)
        {
            path.lineTo(xs[i], ys[i]);
        }
        graphics.setColor(color);
        graphics.setStroke(new BasicStroke((float)width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        graphics.draw(path);
    }

    @Override
    public void text(final double x, final double y, final String text, final int anchor, final double size,
        final Color color)
    {
        graphics.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int)Math.round(size)));
        final FontMetrics metrics = graphics.getFontMetrics();
        final int width = metrics.stringWidth(text);
        final double left = anchor == START ? x : anchor == MIDDLE ? x - width / 2.0 : x - width;
        graphics.setColor(color);
        graphics.drawString(text, (float)left, (float)y);
    }

    /**
     * Ends drawing.
     *
     * @return the image.
     */
    BufferedImage finish()
    {
        graphics.dispose();
        return image;
    }
}
