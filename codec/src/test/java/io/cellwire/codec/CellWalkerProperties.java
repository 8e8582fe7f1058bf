package io.cellwire.codec;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile bytes never make the walker throw or read past its limit: random bytes, and valid cells mutated by bit flips,
 * truncation and splicing. The buffer is exactly the input, so any read beyond it would throw.
 */
class CellWalkerProperties
{
    private static final List<byte[]> SEEDS = Vectors.cells().stream()
        .filter(Vectors.Cell::isCell)
        .map(Vectors.Cell::bytes)
        .filter(b -> b.length > 0 && b.length < 8192)
        .toList();

    private final CellWalker walker = new CellWalker();
    private final RefList refs = new RefList();

    @Property(tries = 5_000)
    void shouldNeverThrowOnRandomBytes(@ForAll("randomBytes") final byte[] bytes)
    {
        walkAndCheck(bytes);
    }

    @Property(tries = 5_000)
    void shouldNeverThrowOnMutatedValidCells(@ForAll("mutatedCells") final byte[] bytes)
    {
        walkAndCheck(bytes);
    }

    private void walkAndCheck(final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        refs.clear();
        final int result = walker.walk(buffer, 0, bytes.length, refs);
        assertTrue(result <= bytes.length, "a cell cannot be longer than its input");
        if (result < 0)
        {
            DecodeError.of(result);
        }
        for (int i = 0; i < Math.min(refs.count(), RefList.MAX_REFS_PER_FRAME); i++)
        {
            assertTrue(refs.valueIdOffset(i) + 32 <= bytes.length, "a ref lies inside the input");
        }
    }

    @Provide
    Arbitrary<byte[]> randomBytes()
    {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(300);
    }

    @Provide
    Arbitrary<byte[]> mutatedCells()
    {
        final Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        return Arbitraries.oneOf(
            seed.flatMap(b -> Arbitraries.integers().between(0, b.length * 8 - 1).map(bit -> flip(b, bit))),
            seed.flatMap(b -> Arbitraries.integers().between(0, b.length - 1).map(n -> java.util.Arrays.copyOf(b, n))),
            seed.flatMap(a -> seed.flatMap(b -> Arbitraries.integers().between(0, Math.min(a.length, b.length) - 1)
                .map(cut -> splice(a, b, cut)))));
    }

    private static byte[] flip(final byte[] bytes, final int bit)
    {
        final byte[] copy = bytes.clone();
        copy[bit >> 3] ^= (byte)(1 << (bit & 7));
        return copy;
    }

    private static byte[] splice(final byte[] a, final byte[] b, final int cut)
    {
        final byte[] out = new byte[cut + b.length - cut];
        System.arraycopy(a, 0, out, 0, cut);
        System.arraycopy(b, cut, out, cut, b.length - cut);
        return out;
    }
}
