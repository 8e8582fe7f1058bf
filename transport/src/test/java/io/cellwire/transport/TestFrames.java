package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.Vlc;
import io.cellwire.codec.message.MessageType;
import org.agrona.MutableDirectBuffer;

/**
 * Builds DATA frames whose payload is a valid cell of exactly the requested size, 1…8190 bytes, carrying a sequence
 * number, for echo tests.
 * <ul>
 *   <li>1 byte: nil; 2–65: a flat Blob; 66: a Vector holding one 62-byte Blob; 67–140: a flat Blob;</li>
 *   <li>above 140: a Fn {@code cf V1 (cc 08 V2 V3) V4} (params, a Let body, lexical environment) whose four inline
 *   Vectors hold 64 embedded items between them, sized to fill the payload exactly.</li>
 * </ul>
 */
final class TestFrames
{
    /** Largest payload: the frame length 8191 less the type byte. */
    static final int MAX_PAYLOAD = FrameHeader.MAX_FRAME_LENGTH - 1;

    private static final int MAX_ITEM = 140;
    private static final int VECTORS = 4;
    private static final int ITEMS_PER_VECTOR = 16;
    private static final int ITEMS = VECTORS * ITEMS_PER_VECTOR;
    private static final int FN_OVERHEAD = 1 + 2 + VECTORS * 2;

    private TestFrames()
    {
    }

    /**
     * Writes a DATA frame with a payload cell of exactly {@code payloadLength} bytes.
     *
     * @return the frame's total length.
     */
    static int write(final MutableDirectBuffer buffer, final int offset, final int payloadLength, final long sequence)
    {
        final int header = FrameHeader.write(buffer, offset, payloadLength + 1, MessageType.DATA);
        final int end = cell(buffer, offset + header, payloadLength, sequence);
        if (end != offset + header + payloadLength)
        {
            throw new IllegalStateException("built " + (end - offset - header) + " bytes for " + payloadLength);
        }
        return header + payloadLength;
    }

    private static int cell(final MutableDirectBuffer buffer, final int at, final int length, final long sequence)
    {
        if (length <= MAX_ITEM)
        {
            return item(buffer, at, length, sequence);
        }
        final int content = length - FN_OVERHEAD;
        int p = at;
        buffer.putByte(p++, (byte)0xcf);
        int item = 0;
        for (int v = 0; v < VECTORS; v++)
        {
            if (v == 1)
            {
                buffer.putByte(p++, (byte)0xcc);
                buffer.putByte(p++, (byte)0x08);
            }
            buffer.putByte(p++, (byte)0x80);
            buffer.putByte(p++, (byte)ITEMS_PER_VECTOR);
            for (int i = 0; i < ITEMS_PER_VECTOR; i++, item++)
            {
                final int size = content / ITEMS + (item < content % ITEMS ? 1 : 0);
                p = item(buffer, p, size, sequence + item);
            }
        }
        return p;
    }

    /** An embedded cell of 1…140 bytes. */
    private static int item(final MutableDirectBuffer buffer, final int at, final int size, final long sequence)
    {
        if (size == 1)
        {
            buffer.putByte(at, (byte)0);
            return at + 1;
        }
        if (size == 66)
        {
            buffer.putByte(at, (byte)0x80);
            buffer.putByte(at + 1, (byte)1);
            return blob(buffer, at + 2, 62, sequence);
        }
        return blob(buffer, at, size <= 65 ? size - 2 : size - 3, sequence);
    }

    private static int blob(final MutableDirectBuffer buffer, final int at, final int n, final long sequence)
    {
        buffer.putByte(at, (byte)0x31);
        final int data = at + 1 + Vlc.write(buffer, at + 1, n);
        for (int i = 0; i < n; i++)
        {
            buffer.putByte(data + i, (byte)(sequence * 31 + i));
        }
        if (n >= Long.BYTES)
        {
            buffer.putLong(data, sequence);
        }
        return data + n;
    }
}
