package io.cellwire.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever the walker accepts, the printer renders on one capped line without throwing; collections come out in
 * element order with their tree nodes and prefixes flattened.
 */
class CellPrinterProperties
{
    private static final int UNCAPPED = 1_000_000;
    private static final List<byte[]> SEEDS = Vectors.cells().stream()
        .filter(Vectors.Cell::isCell)
        .map(Vectors.Cell::bytes)
        .filter(b -> b.length > 0 && b.length < 8192)
        .toList();

    private final CellWalker walker = new CellWalker();
    private final CellPrinter printer = new CellPrinter();
    private final CellPrinter uncapped = new CellPrinter(UNCAPPED);
    private final ValueEncoder encoder = new ValueEncoder();

    @Property(tries = 3_000)
    void shouldRenderEveryMutatedCellTheWalkerAccepts(@ForAll("mutatedCells") final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int length = walker.walk(buffer, 0, bytes.length, RefSink.NONE);
        if (length > 0)
        {
            final String text = printer.print(buffer, 0, length, new StringBuilder()).toString();
            assertTrue(!text.isEmpty() && text.length() <= CellPrinter.DEFAULT_MAX_LENGTH + 1, text);
            assertTrue(text.chars().noneMatch(c -> c == '\t' || c == '\n' || c == '\r'), text);
        }
    }

    @Property(tries = 64)
    void shouldRenderEmbeddedVectorsAndListsInOrder(@ForAll @IntRange(min = 0, max = 63) final int count)
    {
        final StringBuilder items = new StringBuilder();
        for (int i = 0; i < count; i++)
        {
            items.append(i == 0 ? "" : " ").append(i);
        }
        assertEquals("[" + items + "]", render(encodeLongs(count, false)));
        assertEquals("(" + items + ")", render(encodeLongs(count, true)));
    }

    @Property(tries = 100)
    void shouldKeepElementOrderAcrossRefParts(
        @ForAll @IntRange(min = 64, max = 2000) final int count, @ForAll final boolean list)
    {
        final String text = render(encodeLongs(count, list));
        final String[] tokens = text.substring(1, text.length() - 1).split(" ");
        long previous = -1;
        for (final String token : tokens)
        {
            if (!token.startsWith("#ref:"))
            {
                final long value = Long.parseLong(token);
                assertTrue(value > previous, text);
                previous = value;
            }
        }
        final String first = tokens[0];
        final String last = tokens[tokens.length - 1];
        if (!first.startsWith("#ref:"))
        {
            assertEquals("0", first, text);
        }
        if (!last.startsWith("#ref:"))
        {
            assertEquals(String.valueOf(count - 1), last, text);
        }
    }

    @Property(tries = 100)
    void shouldPairMapKeysWithTheirValuesAcrossTreeNodes(@ForAll @IntRange(min = 0, max = 400) final int count)
    {
        encoder.reset();
        for (int i = 0; i < count; i++)
        {
            encoder.pushLong(i);
            encoder.pushLong(10L * i);
        }
        encoder.pushMap(count);
        final String text = render(finish());
        assertTrue(text.startsWith("{") && text.endsWith("}"), text);
        final Set<Long> keys = new HashSet<>();
        for (final String entry : text.substring(1, text.length() - 1).split(", "))
        {
            if (entry.isEmpty() || entry.startsWith("#ref:"))
            {
                continue;
            }
            final String[] kv = entry.split(" ");
            final long key = Long.parseLong(kv[0]);
            assertEquals(10 * key, Long.parseLong(kv[1]), text);
            assertTrue(keys.add(key), text);
        }
        if (!text.contains("#ref:"))
        {
            assertEquals(count, keys.size(), text);
        }
    }

    @Provide
    Arbitrary<byte[]> mutatedCells()
    {
        final Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        return Arbitraries.oneOf(
            seed,
            seed.flatMap(b -> Arbitraries.integers().between(0, b.length * 8 - 1).map(bit -> flip(b, bit))),
            seed.flatMap(b -> Arbitraries.integers().between(1, b.length).map(n -> java.util.Arrays.copyOf(b, n))));
    }

    private UnsafeBuffer encodeLongs(final int count, final boolean list)
    {
        encoder.reset();
        for (int i = 0; i < count; i++)
        {
            encoder.pushLong(i);
        }
        final int result = list ? encoder.pushList(count) : encoder.pushVector(count);
        assertTrue(result > 0, "encode: " + result);
        return finish();
    }

    private UnsafeBuffer finish()
    {
        final int length = encoder.finish();
        assertTrue(length > 0, "finish: " + length);
        final EncodedCells cells = encoder.cells();
        final byte[] top = new byte[cells.topLength()];
        cells.buffer().getBytes(cells.topOffset(), top);
        return new UnsafeBuffer(top);
    }

    private String render(final UnsafeBuffer cell)
    {
        final int length = walker.walkExact(cell, 0, cell.capacity(), RefSink.NONE);
        assertEquals(cell.capacity(), length, "walk: " + (length < 0 ? DecodeError.of(length) : length));
        return uncapped.print(cell, 0, length, new StringBuilder()).toString();
    }

    private static byte[] flip(final byte[] bytes, final int bit)
    {
        final byte[] copy = bytes.clone();
        copy[bit >> 3] ^= (byte)(1 << (bit & 7));
        return copy;
    }
}
