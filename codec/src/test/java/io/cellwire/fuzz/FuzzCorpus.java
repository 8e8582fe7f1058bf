package io.cellwire.fuzz;

import io.cellwire.codec.FrameHeader;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The seed inputs the mutators start from. {@link #bundledCapture()}: every frame of the live 0.7.9 capture (the 6,830
 * rows of the codec's {@code capture-*.tsv} test vectors, on the class path from the codec's test classes or its
 * test-jar), in capture order, so that a window of consecutive frames holds DATA cells before the messages that refer
 * to them. {@link #bundledCells()}: bare cells, for the targets that fuzz a cell reader rather than framing.
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
    /** The golden vectors executed on the 0.7.9 jar: cells, frames and invalid inputs with the reference's verdict. */
    public static final String GOLDEN_CELLS = "cells.tsv";
    /** Column of {@link #GOLDEN_CELLS} that holds the hex. */
    public static final String GOLDEN_HEX_COLUMN = "hex_encoding";
    /** Column of {@link #GOLDEN_CELLS} that says what a row holds. */
    public static final String GOLDEN_KIND_COLUMN = "kind";
    /** {@link #GOLDEN_KIND_COLUMN} of a row that holds a whole frame, header and type byte included. */
    public static final String KIND_FRAME = "frame";
    /** {@link #GOLDEN_KIND_COLUMN}s of rows that hold no cell: bare frame headers and invalid frames. */
    public static final List<String> KINDS_WITHOUT_CELL = List.of("frame-header", "invalid-frame");

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
     * Loads bare cells from the class path: the payload cell of every capture frame, in capture order, then every cell
     * of the golden vectors, the invalid ones (with the reference's verdict in their note) included and a frame row
     * taken as its payload.
     *
     * @return the corpus; each of its inputs is one cell, or what was meant to be one.
     * @throws UncheckedIOException if a vector file is missing or unreadable.
     */
    public static FuzzCorpus bundledCells()
    {
        final List<byte[]> cells = new ArrayList<>();
        for (final byte[] frame : bundledCapture().frames)
        {
            cells.add(payload(frame));
        }
        final List<String[]> rows = new ArrayList<>();
        final String resource = CAPTURE_DIRECTORY + GOLDEN_CELLS;
        final String[] header = readRows(resource, rows);
        final int hex = columnIndex(header, GOLDEN_HEX_COLUMN, resource);
        final int kind = columnIndex(header, GOLDEN_KIND_COLUMN, resource);
        for (final String[] row : rows)
        {
            if (!KINDS_WITHOUT_CELL.contains(row[kind]))
            {
                final byte[] bytes = HexFormat.of().parseHex(row[hex]);
                cells.add(KIND_FRAME.equals(row[kind]) ? payload(bytes) : bytes);
            }
        }
        return new FuzzCorpus(cells.toArray(new byte[0][]));
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
        final List<String[]> rows = new ArrayList<>();
        final int column = columnIndex(readRows(resource, rows), FRAME_COLUMN, resource);
        for (final String[] row : rows)
        {
            frames.add(HexFormat.of().parseHex(row[column]));
        }
    }

    /** The payload of a well-formed frame: what follows its 1- or 2-byte header and its type byte. */
    private static byte[] payload(final byte[] frame)
    {
        final int offset = FrameHeader.payloadOffset(new UnsafeBuffer(frame), 0, frame.length);
        if (offset < 0)
        {
            throw new IllegalStateException("not a well-formed frame: " + HexFormat.of().formatHex(frame));
        }
        return Arrays.copyOfRange(frame, offset, frame.length);
    }

    /** Reads a tab-separated resource into {@code rows}, skipping empty lines; returns its header row. */
    private static String[] readRows(final String resource, final List<String[]> rows)
    {
        try (InputStream stream = FuzzCorpus.class.getResourceAsStream(resource))
        {
            if (stream == null)
            {
                throw new IOException("missing vectors " + resource);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            final String header = reader.readLine();
            if (header == null)
            {
                throw new IOException("empty vectors " + resource);
            }
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                if (!line.isEmpty())
                {
                    rows.add(line.split("\t", -1));
                }
            }
            return header.split("\t", -1);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static int columnIndex(final String[] names, final String name, final String resource)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        throw new UncheckedIOException(new IOException("no column " + name + " in " + resource));
    }
}
