package io.cellwire.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The golden vectors as the message tests in other packages need them. Immutable; test threads only. */
public final class MessageVectors
{
    private static final Pattern STATS_ROW = Pattern.compile("^([A-Z_]+)\\s+(\\d+)\\s+\\d+\\s+\\d+\\s+\\d+\\s+\\d+$");

    /** One captured frame. */
    public record CapturedFrame(String where, byte[] bytes)
    {
        @Override
        public String toString()
        {
            return where;
        }
    }

    private MessageVectors()
    {
    }

    /**
     * Every valid frame of cells.tsv, by row name.
     *
     * @return frames in file order.
     */
    public static Map<String, byte[]> referenceFrames()
    {
        final Map<String, byte[]> frames = new LinkedHashMap<>();
        Vectors.cells().stream().filter(Vectors.Cell::isFrame).forEach(c -> frames.put(c.name(), c.bytes()));
        return frames;
    }

    /**
     * The encoding of one cells.tsv row.
     *
     * @param name the row name.
     * @return its bytes.
     */
    public static byte[] cell(final String name)
    {
        return Vectors.cell(name).bytes();
    }

    /**
     * Every frame of the live capture.
     *
     * @return frames in capture order.
     */
    public static List<CapturedFrame> captureFrames()
    {
        return Vectors.captureFrames().stream().map(f -> new CapturedFrame(f.toString(), f.bytes())).toList();
    }

    /**
     * The frame count per message type that capture-stats.txt reports.
     *
     * @return type name to count.
     */
    public static Map<String, Integer> captureStatsCounts()
    {
        final Map<String, Integer> counts = new TreeMap<>();
        try (InputStream in = MessageVectors.class.getResourceAsStream("/vectors/capture-stats.txt"))
        {
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                final Matcher m = STATS_ROW.matcher(line.strip());
                if (m.matches() && !m.group(1).equals("ALL"))
                {
                    counts.put(m.group(1), Integer.parseInt(m.group(2)));
                }
            }
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return counts;
    }
}
