package io.cellwire.codec;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The golden vectors bundled in test resources (copied from the reference's executions); immutable once loaded. */
final class Vectors
{
    private static final Pattern REFS = Pattern.compile("\\brefs=(\\d+)");
    private static final List<Cell> CELLS = loadCells();

    /** One row of cells.tsv. */
    record Cell(String name, String kind, String hex, String valueId, String embedded, String note)
    {
        byte[] bytes()
        {
            return HexFormat.of().parseHex(hex);
        }

        UnsafeBuffer buffer()
        {
            return new UnsafeBuffer(bytes());
        }

        boolean isInvalid()
        {
            return kind.equals("invalid") || kind.equals("invalid-frame");
        }

        boolean isFrame()
        {
            return kind.equals("frame");
        }

        boolean isCell()
        {
            return !isInvalid() && !isFrame() && !kind.equals("frame-header");
        }

        /** The walker's dependency count recorded by the vector generator, or -1. */
        int refs()
        {
            return refCount(note);
        }

        @Override
        public String toString()
        {
            return name;
        }
    }

    /** One frame of a capture-*.tsv file. */
    record Frame(String file, int line, String hex, String type, String note)
    {
        byte[] bytes()
        {
            return HexFormat.of().parseHex(hex);
        }

        int refs()
        {
            return refCount(note);
        }

        @Override
        public String toString()
        {
            return file + ":" + line + " " + type;
        }
    }

    private Vectors()
    {
    }

    static int refCount(final String note)
    {
        final Matcher m = REFS.matcher(note);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    static List<Cell> cells()
    {
        return CELLS;
    }

    private static List<Cell> loadCells()
    {
        final List<Cell> cells = new ArrayList<>();
        for (final String[] row : rows("cells.tsv"))
        {
            cells.add(new Cell(row[0], row[1], row[2], row[3], row[4], row.length > 5 ? row[5] : ""));
        }
        return List.copyOf(cells);
    }

    static Cell cell(final String name)
    {
        return cells().stream().filter(c -> c.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no row " + name));
    }

    static List<Frame> captureFrames()
    {
        final List<Frame> frames = new ArrayList<>();
        for (final String file : List.of("capture-client.tsv", "capture-peers.tsv", "capture-sync.tsv"))
        {
            int line = 1;
            for (final String[] row : rows(file))
            {
                line++;
                frames.add(new Frame(file, line, row[3], row[4], row.length > 5 ? row[5] : ""));
            }
        }
        return frames;
    }

    private static List<String[]> rows(final String file)
    {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + file))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing test resource /vectors/" + file);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            final List<String[]> rows = new ArrayList<>();
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine())
            {
                if (!line.isEmpty())
                {
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }
}
