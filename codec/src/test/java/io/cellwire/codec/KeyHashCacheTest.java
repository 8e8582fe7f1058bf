package io.cellwire.codec;

import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * The key hash cache gives exactly the SHA3-256 of the bytes asked for, whether it hits, misses, or two cells share an
 * entry, and for cells too long to cache.
 */
class KeyHashCacheTest
{
    @Test
    void shouldAlwaysGiveTheDigestOfTheExactBytes()
    {
        final ValueIdDigest reference = new ValueIdDigest();
        final KeyHashCache cache = new KeyHashCache(new ValueIdDigest());
        final SplittableRandom random = new SplittableRandom(42);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
        final byte[] expected = new byte[32];
        final byte[] actual = new byte[32];
        for (int i = 0; i < 200_000; i++)
        {
            final int length = 1 + random.nextInt(KeyHashCache.MAX_CELL_LENGTH + 8);
            final int offset = random.nextInt(buffer.capacity() - length);
            for (int b = 0; b < length; b++)
            {
                buffer.putByte(offset + b, (byte)random.nextInt(4));
            }
            reference.valueId(buffer, offset, length, expected, 0);
            cache.valueId(buffer, offset, length, actual, 0);
            assertArrayEquals(expected, actual, "case " + i);
            cache.valueId(buffer, offset, length, actual, 0);
            assertArrayEquals(expected, actual, "case " + i + " again");
        }
    }
}
