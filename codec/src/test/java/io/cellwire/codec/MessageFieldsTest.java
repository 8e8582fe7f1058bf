package io.cellwire.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** MessageFields helpers that the generated encoders share. */
class MessageFieldsTest
{
    private static final int SIZE = 64;

    @Test
    void shouldMoveOverlappingBytesDownAsArraycopyDoes()
    {
        for (int shift = 1; shift <= 3; shift++)
        {
            for (int length = 0; length <= SIZE - 4; length++)
            {
                final byte[] expected = pattern();
                System.arraycopy(expected, 3, expected, 3 - shift, length);
                final UnsafeBuffer heap = new UnsafeBuffer(pattern());
                final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(SIZE));
                direct.putBytes(0, pattern());

                MessageFields.moveDown(heap, 3, 3 - shift, length);
                MessageFields.moveDown(direct, 3, 3 - shift, length);

                final byte[] actual = new byte[SIZE];
                direct.getBytes(0, actual);
                final String at = "shift " + shift + " length " + length;
                assertArrayEquals(expected, heap.byteArray(), at);
                assertArrayEquals(expected, actual, at);
            }
        }
    }

    @Test
    void shouldLeaveBytesInPlaceWhenFromEqualsTo()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(pattern());

        MessageFields.moveDown(buffer, 3, 3, SIZE - 3);

        assertArrayEquals(pattern(), buffer.byteArray());
    }

    private static byte[] pattern()
    {
        final byte[] bytes = new byte[SIZE];
        for (int i = 0; i < SIZE; i++)
        {
            bytes[i] = (byte)(0x11 * i + 7);
        }
        return bytes;
    }
}
