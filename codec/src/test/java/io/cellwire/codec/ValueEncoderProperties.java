package io.cellwire.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.agrona.concurrent.UnsafeBuffer;

import convex.core.data.ABlob;
import convex.core.data.ACell;
import convex.core.data.AHashMap;
import convex.core.data.AList;
import convex.core.data.ASet;
import convex.core.data.AString;
import convex.core.data.AVector;
import convex.core.data.Blob;
import convex.core.data.Blobs;
import convex.core.data.Lists;
import convex.core.data.Maps;
import convex.core.data.Sets;
import convex.core.data.Strings;
import convex.core.data.prim.CVMChar;
import convex.core.data.prim.CVMDouble;
import convex.core.data.prim.CVMLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our encoding equals convex-core 0.7.9's for random values: the top cell byte for byte, and the set of non-embedded
 * cells the reference reaches through its refs, emitted once each, children first, each passing the strict walker.
 */
class ValueEncoderProperties
{
    private static final int MAX_BYTES = 20 * 1024;
    private static final int MAX_VECTOR = 5_000;
    private static final int MAX_HASH_COLLECTION = 300;

    private final ValueEncoder encoder = new ValueEncoder();
    private final UnsafeBuffer flat = new UnsafeBuffer(new byte[CellEncoder.MAX_FLAT_CELL_LENGTH]);

    @BeforeContainer
    static void initialiseReferenceHashing()
    {
        Reference.initialise();
    }

    @Property(tries = 2_000)
    void shouldEncodeEveryLongLikeReference(@ForAll final long value)
    {
        final int length = CellEncoder.writeLong(flat, 0, value);
        assertEquals(Reference.hex(CVMLong.create(value)), Hex.of(flat, 0, length));
        encoder.reset();
        encoder.pushLong(value);
        assertEncodesLike(CVMLong.create(value));
    }

    @Property(tries = 2_000)
    void shouldEncodeEveryDoubleLikeReference(@ForAll final double value, @ForAll final long bits)
    {
        for (final double d : new double[]{ value, Double.longBitsToDouble(bits) })
        {
            final int length = CellEncoder.writeDouble(flat, 0, d);
            assertEquals(Reference.hex(CVMDouble.create(d)), Hex.of(flat, 0, length), Double.toString(d));
        }
    }

    @Property(tries = 1_000)
    void shouldEncodeEveryCharLikeReference(@ForAll @IntRange(max = CellDescriptor.MAX_CODE_POINT) final int codePoint)
    {
        final int length = CellEncoder.writeChar(flat, 0, codePoint);
        assertEquals(Reference.hex(CVMChar.create(codePoint)), Hex.of(flat, 0, length));
    }

    @Property(tries = 300)
    void shouldEncodeStringsUpTo20KiBLikeReference(@ForAll("strings") final String value)
    {
        final AString reference = Strings.create(value);
        encoder.reset();
        encoder.pushString(value);
        assertEncodesLike(reference);
        if (CellEncoder.utf8Length(value) <= CellDescriptor.BLOB_CHUNK_LENGTH)
        {
            assertEquals(Reference.hex(reference), Hex.of(flat, 0, CellEncoder.writeString(flat, 0, value)));
        }
    }

    @Property(tries = 300)
    void shouldEncodeBlobsUpTo20KiBLikeReference(@ForAll("blobLengths") final int length, @ForAll final long seed)
    {
        final byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        final ABlob reference = Blobs.toCanonical(Blob.wrap(bytes));
        encoder.reset();
        encoder.pushBlob(new UnsafeBuffer(bytes), 0, length);
        assertEncodesLike(reference);
    }

    @Property(tries = 300)
    void shouldEncodeVectorsOfLongsLikeReference(@ForAll("vectorCounts") final int count, @ForAll final long seed)
    {
        final long[] values = randomLongs(count, seed);
        final List<CVMLong> cells = new ArrayList<>();
        for (final long value : values)
        {
            cells.add(CVMLong.create(value));
        }
        final AVector<CVMLong> reference = convex.core.data.Vectors.create(cells);
        encoder.reset();
        encoder.pushVectorOfLongs(values, 0, count);
        assertEncodesLike(reference);
    }

    @Property(tries = 150)
    void shouldEncodeListsOfLongsLikeReference(@ForAll("vectorCounts") final int count, @ForAll final long seed)
    {
        final long[] values = randomLongs(count, seed);
        final List<CVMLong> cells = new ArrayList<>();
        encoder.reset();
        for (final long value : values)
        {
            cells.add(CVMLong.create(value));
            encoder.pushLong(value);
        }
        final AList<CVMLong> reference = Lists.create(cells);
        encoder.pushList(count);
        assertEncodesLike(reference);
    }

    @Property(tries = 500)
    void shouldEncodeMapsOfLongsLikeReference(
        @ForAll @IntRange(max = MAX_HASH_COLLECTION) final int count, @ForAll final long seed)
    {
        final Random random = new Random(seed);
        final long keyRange = 1 + random.nextInt(2 * MAX_HASH_COLLECTION);
        AHashMap<ACell, ACell> reference = Maps.empty();
        encoder.reset();
        for (int i = 0; i < count; i++)
        {
            final long key = random.nextBoolean() ? random.nextLong() : random.nextLong() % keyRange;
            final long value = random.nextLong();
            reference = reference.assoc(CVMLong.create(key), CVMLong.create(value));
            encoder.pushLong(key);
            encoder.pushLong(value);
        }
        encoder.pushMap(count);
        assertEncodesLike(reference);
    }

    @Property(tries = 500)
    void shouldEncodeSetsOfLongsLikeReference(
        @ForAll @IntRange(max = MAX_HASH_COLLECTION) final int count, @ForAll final long seed)
    {
        final Random random = new Random(seed);
        final long range = 1 + random.nextInt(2 * MAX_HASH_COLLECTION);
        ASet<ACell> reference = Sets.empty();
        encoder.reset();
        for (int i = 0; i < count; i++)
        {
            final long element = random.nextBoolean() ? random.nextLong() : random.nextLong() % range;
            reference = reference.conj(CVMLong.create(element));
            encoder.pushLong(element);
        }
        encoder.pushSet(count);
        assertEncodesLike(reference);
    }

    @Property(tries = 300)
    void shouldEncodeVectorsOfSharedBlobsLikeReference(
        @ForAll @IntRange(max = 40) final int count, @ForAll final long seed)
    {
        final Random random = new Random(seed);
        final byte[][] pool = new byte[1 + random.nextInt(4)][];
        for (int i = 0; i < pool.length; i++)
        {
            pool[i] = new byte[random.nextInt(300)];
            random.nextBytes(pool[i]);
        }
        final List<ABlob> blobs = new ArrayList<>();
        encoder.reset();
        for (int i = 0; i < count; i++)
        {
            final byte[] bytes = pool[random.nextInt(pool.length)];
            blobs.add(Blob.wrap(bytes));
            encoder.pushBlob(new UnsafeBuffer(bytes), 0, bytes.length);
        }
        final AVector<ABlob> reference = convex.core.data.Vectors.create(blobs);
        encoder.pushVector(count);
        assertEncodesLike(reference);
    }

    @Provide
    Arbitrary<String> strings()
    {
        final Arbitrary<Integer> lengths = Arbitraries.oneOf(
            Arbitraries.integers().between(0, MAX_BYTES / 3),
            Arbitraries.of(0, 137, 138, 1365, 1366, 4096, 4097, 8192, 8193));
        return lengths.flatMap((length) -> Arbitraries.oneOf(
            Arbitraries.strings().ascii().ofLength(length),
            Arbitraries.strings().all().ofLength(length),
            Arbitraries.strings().withCharRange('\u0080', '\uffff').ofLength(length)));
    }

    @Provide
    Arbitrary<Integer> blobLengths()
    {
        return Arbitraries.oneOf(
            Arbitraries.integers().between(0, MAX_BYTES),
            Arbitraries.of(0, 137, 138, 4096, 4097, 8192, 8193, 16_384, 16_385, MAX_BYTES));
    }

    @Provide
    Arbitrary<Integer> vectorCounts()
    {
        return Arbitraries.oneOf(
            Arbitraries.integers().between(0, MAX_VECTOR),
            Arbitraries.integers().between(0, 64),
            Arbitraries.of(16, 17, 31, 32, 33, 255, 256, 257, 272, 4096, 4097, 4352, 4368, MAX_VECTOR));
    }

    private void assertEncodesLike(final ACell reference)
    {
        assertTrue(encoder.finish() > 0);
        Reference.assertCells(encoder.cells(), Reference.hex(reference), Reference.nonEmbeddedCells(reference), true);
        final UnsafeBuffer id = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
        encoder.cells().topValueId(id, 0);
        assertEquals(Reference.valueIdHex(reference), Hex.of(id, 0, id.capacity()), "value ID");
    }

    private static long[] randomLongs(final int count, final long seed)
    {
        final Random random = new Random(seed);
        final long[] values = new long[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = random.nextInt(3) == 0 ? random.nextLong() : random.nextInt(1000) - 500;
        }
        return values;
    }
}
