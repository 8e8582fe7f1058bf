package io.cellwire.fuzz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The seed frames the mutators start from: every frame of the live 0.7.9 capture (the 6,830 rows of the codec's
 * {@code capture-*.tsv} test vectors, on the class path from the codec's test classes or its test-jar), in capture
 * order, so that a window of consecutive frames holds DATA cells before the messages that refer to them.
 * <p>
 * Immutable once loaded; safe to share between threads as long as nobody writes into the arrays.
 */
public final class FuzzCorpus
{
    /** Class-path directory of the capture: the codec's test vectors. */
    public static final String CAPTURE_DIRECTORY = "/vectors/";
    /** Files of the capture: every frame of a live 0.7.9 network of three peers and a client. */
    public static final List<String> CAPTURES = List.of("capture-client.tsv", "capture-peers.tsv", "capture-sync.tsv");
    /** Column of the capture files that holds the frame hex. */
    public static final String FRAME_COLUMN = "frame_hex";

    private final byte[][] frames;

    private FuzzCorpus(final byte[][] frames)
    {
        this.frames = frames;
    }

    /**
     * Loads the capture from the class path.
     *
     * @return the corpus.
     * @throws UncheckedIOException if a capture file is missing or unreadable.
     */
    public static FuzzCorpus bundledCapture()
    {
        final List<byte[]> frames = new ArrayList<>();
        for (final String name : CAPTURES)
        {
            readFrames(CAPTURE_DIRECTORY + name, frames);
        }
        return new FuzzCorpus(frames.toArray(new byte[0][]));
    }

    /**
     * How many frames there are.
     *
     * @return the count.
     */
    public int size()
    {
        return frames.length;
    }

    /**
     * One frame; callers must not write into it.
     *
     * @param index 0 ≤ index &lt; {@link #size()}.
     * @return the frame bytes.
     */
    public byte[] frame(final int index)
    {
        return frames[index];
    }

    private static void readFrames(final String resource, final List<byte[]> frames)
    {
        try (InputStream stream = FuzzCorpus.class.getResourceAsStream(resource))
        {
            if (stream == null)
            {
                throw new IOException("missing capture " + resource);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            final int column = columnIndex(reader.readLine(), resource);
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                if (!line.isEmpty())
                {
                    frames.add(HexFormat.of().parseHex(line.split("\t", -1)[column]));
                }
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static int columnIndex(final String header, final String resource) throws IOException
    {
        if (header != null)
        {
            final String[] names = header.split("\t", -1);
            for (int i = 0; i < names.length; i++)
            {
                if (names[i].equals(FRAME_COLUMN))
                {
                    return i;
                }
            }
        }
        throw new IOException("no column " + FRAME_COLUMN + " in " + resource);
    }
}
