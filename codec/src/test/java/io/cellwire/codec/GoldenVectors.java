package io.cellwire.codec;

import org.agrona.BitUtil;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The golden vectors of {@code vectors/cells.tsv} (columns {@code name kind hex_encoding value_id_hex embedded note}),
 * loaded once. Test helper; immutable after class initialisation, so safe from any thread.
 */
final class GoldenVectors
{
    /** One row of {@code cells.tsv}; {@link #encoding()} returns a fresh copy that a test may change. */
    record Row(String name, String kind, byte[] encoding, String valueIdHex, String embedded, String note)
    {
        @Override
        public byte[] encoding()
        {
            return encoding.clone();
        }
    }

    private static final String RESOURCE = "/vectors/cells.tsv";
    private static final int COLUMNS = 6;
    private static final Map<String, Row> ROWS = load();

    private GoldenVectors()
    {
    }

    static Row row(final String name)
    {
        final Row row = ROWS.get(name);
        if (row == null)
        {
            throw new IllegalArgumentException("no golden vector named " + name);
        }
        return row;
    }

    static List<Row> rows()
    {
        return Collections.unmodifiableList(new ArrayList<>(ROWS.values()));
    }

    private static Map<String, Row> load()
    {
        final Map<String, Row> rows = new LinkedHashMap<>();
        try (InputStream in = GoldenVectors.class.getResourceAsStream(RESOURCE);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
        {
            reader.readLine();
            String line;
            while ((line = reader.readLine()) != null)
            {
                if (line.isEmpty())
                {
                    continue;
                }
                final String[] f = line.split("\t", COLUMNS);
                rows.put(f[0], new Row(f[0], f[1], BitUtil.fromHex(f[2]), f[3], f[4], f[5]));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return rows;
    }
}
