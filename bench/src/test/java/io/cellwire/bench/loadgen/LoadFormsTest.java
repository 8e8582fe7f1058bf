package io.cellwire.bench.loadgen;

import io.cellwire.codec.CellWalker;
import io.cellwire.codec.RefSink;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** The cells loadgen sends: the default form against the shared vectors, and padded forms of every size. */
class LoadFormsTest
{
    private static final Path CELLS = Path.of("../codec/src/test/resources/vectors/cells.tsv");

    @Test
    void shouldEncodeOnePlusTwoAsTheVectorsDo() throws IOException
    {
        final String invoke = vector("tx.invoke.seq1");
        assertEquals("d00b01" + LoadForms.ONE_PLUS_TWO_HEX, invoke, "Invoke(#11, 1, (+ 1 2))");
        assertEquals(LoadForms.ONE_PLUS_TWO_HEX, BitUtil.toHex(bytes(new LoadForms(0).queryForm)));
    }

    @Test
    void shouldPadEveryFormToExactlyItsSizeAsOneValidCell()
    {
        final CellWalker walker = new CellWalker();
        for (int size = LoadForms.MIN_PADDED_SIZE; size <= LoadForms.MAX_PADDED_SIZE; size++)
        {
            final UnsafeBuffer form = LoadForms.paddedForm(size);
            assertEquals(size, form.capacity());
            assertEquals(size, walker.walkExact(form, 0, size, RefSink.NONE), "size " + size);
        }
    }

    @Test
    void shouldWrapTheOneSizeNoBlobHasInAVector()
    {
        assertEquals("313f", BitUtil.toHex(bytes(LoadForms.paddedForm(65))).substring(0, 4), "Blob of 63");
        assertEquals("8001313e", BitUtil.toHex(bytes(LoadForms.paddedForm(66))).substring(0, 8), "[Blob of 62]");
        assertEquals("318040", BitUtil.toHex(bytes(LoadForms.paddedForm(67))).substring(0, 6), "Blob of 64");
    }

    @Test
    void shouldRejectSizesOutsideOneFlatBlob()
    {
        assertThrows(IllegalArgumentException.class, () -> LoadForms.paddedForm(LoadForms.MIN_PADDED_SIZE - 1));
        assertThrows(IllegalArgumentException.class, () -> LoadForms.paddedForm(LoadForms.MAX_PADDED_SIZE + 1));
    }

    private static byte[] bytes(final UnsafeBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.capacity()];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static String vector(final String name) throws IOException
    {
        for (final String line : Files.readAllLines(CELLS, StandardCharsets.UTF_8))
        {
            final String[] columns = line.split("\t", -1);
            if (columns[0].equals(name))
            {
                return columns[2];
            }
        }
        return fail("no vector " + name);
    }
}
