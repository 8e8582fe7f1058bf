package io.cellwire.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Blobs and Strings in a ref slot, which the walker reads on a short path when they are embedded: every count around
 * the embedding limit and the 1/2-byte VLC boundary, non-minimal counts and every truncation give the codes of the
 * general rules.
 */
class CellWalkerBlobSlotTest
{
    private static final int[] TAGS = { CellDescriptor.TAG_BLOB, CellDescriptor.TAG_STRING };

    private final CellWalker walker = new CellWalker();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);

    @Test
    void shouldAcceptEmbeddedCountsAndRejectLargerOnesInline()
    {
        for (final int tag : TAGS)
        {
            for (int count = 0; count <= 200; count++)
            {
                final int vlcLength = count <= 63 ? 1 : 2;
                final int length = vectorOfOne(tag, count, vlcLength);
                final int expected = 1 + vlcLength + count <= CellDescriptor.MAX_EMBEDDED_LENGTH ?
                    length : DecodeError.NON_EMBEDDED_INLINE.code();
                assertEquals(expected, walker.walkExact(buffer, 0, length, RefSink.NONE), "tag " + tag + " " + count);
            }
        }
    }

    @Test
    void shouldRejectNonMinimalCounts()
    {
        for (final int tag : TAGS)
        {
            for (int count = 0; count <= 63; count++)
            {
                final int length = vectorOfOne(tag, count, 2);
                assertEquals(DecodeError.VLC_NOT_MINIMAL.code(), walker.walkExact(buffer, 0, length, RefSink.NONE),
                    "tag " + tag + " " + count);
            }
        }
    }

    @Test
    void shouldRejectEveryTruncation()
    {
        for (final int tag : TAGS)
        {
            for (final int count : new int[]{ 0, 1, 63, 64, 100, 137 })
            {
                final int length = vectorOfOne(tag, count, count <= 63 ? 1 : 2);
                for (int cut = 0; cut < length; cut++)
                {
                    assertEquals(DecodeError.TRUNCATED.code(), walker.walk(buffer, 0, cut, RefSink.NONE),
                        "tag " + tag + " count " + count + " cut at " + cut);
                }
            }
        }
    }

    @Test
    void shouldRejectANegativeCount()
    {
        buffer.putBytes(0, new byte[]{ (byte)0x80, 0x01, (byte)CellDescriptor.TAG_BLOB, 0x7f });
        assertEquals(DecodeError.NEGATIVE_COUNT.code(), walker.walk(buffer, 0, 4, RefSink.NONE));
    }

    /** Writes {@code [blob]}, a Vector of one Blob or String of {@code count} bytes, and returns its length. */
    private int vectorOfOne(final int tag, final int count, final int vlcLength)
    {
        buffer.putByte(0, (byte)CellDescriptor.TAG_VECTOR);
        buffer.putByte(1, (byte)1);
        buffer.putByte(2, (byte)tag);
        if (vlcLength == 1)
        {
            buffer.putByte(3, (byte)count);
        }
        else
        {
            buffer.putByte(3, (byte)(0x80 | (count >> 7)));
            buffer.putByte(4, (byte)(count & 0x7f));
        }
        final int body = 3 + vlcLength;
        for (int i = 0; i < count; i++)
        {
            buffer.putByte(body + i, (byte)i);
        }
        return body + count;
    }
}
