package io.cellwire.codec;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The signed variable-length integer of the Convex encoding (docs/wire-format.md §1): big-endian groups of 7 bits, bit
 * 7 set on every byte but the last, bit 6 of the first byte the sign.
 * <p>
 * Readers accept only the shortest form of at most 10 bytes that fits in 63 bits plus sign, the rules the 0.7.9
 * {@code Format.readVLCLong} enforces; they are applied everywhere, frame headers included. Stateless; safe from any
 * thread.
 */
public final class Vlc
{
    /** Most bytes a VLC may take. */
    public static final int MAX_LENGTH = 10;

    private static final int CONTINUATION = 0x80;
    private static final int PAYLOAD_MASK = 0x7f;
    private static final int SIGN_BIT = 0x40;
    private static final int BITS_PER_BYTE = 7;
    /** Smallest value that fits one byte: 7 bits with the sign. */
    private static final long MIN_ONE_BYTE = -(1L << 6);
    /** Largest value that fits one byte. */
    private static final long MAX_ONE_BYTE = (1L << 6) - 1;
    /** Smallest value that fits two bytes: 14 bits with the sign, e.g. every frame length. */
    private static final long MIN_TWO_BYTES = -(1L << 13);
    /** Largest value that fits two bytes. */
    private static final long MAX_TWO_BYTES = (1L << 13) - 1;

    private Vlc()
    {
    }

    /**
     * Validates the VLC at {@code offset} and returns how many bytes it takes.
     *
     * @param buffer the bytes.
     * @param offset where the VLC starts.
     * @param limit  the first offset that may not be read.
     * @return 1…10, or a negative {@link DecodeError} code: {@code TRUNCATED}, {@code VLC_NOT_MINIMAL},
     * {@code VLC_TOO_LONG} or {@code VLC_OVERFLOW}.
     */
    public static int length(final DirectBuffer buffer, final int offset, final int limit)
    {
        if (offset >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int first = buffer.getByte(offset) & 0xff;
        if ((first & CONTINUATION) == 0)
        {
            return 1;
        }
        final int payload = first & PAYLOAD_MASK;
        final boolean signOnly = payload == 0 || payload == PAYLOAD_MASK;
        if (offset + 1 >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        if (signOnly)
        {
            final int sign = first & SIGN_BIT;
            final int nextSign = buffer.getByte(offset + 1) & SIGN_BIT;
            if (sign == nextSign)
            {
                return DecodeError.VLC_NOT_MINIMAL.code();
            }
        }
        for (int i = 1; i < MAX_LENGTH; i++)
        {
            final int index = offset + i;
            if (index >= limit)
            {
                return DecodeError.TRUNCATED.code();
            }
            if ((buffer.getByte(index) & CONTINUATION) == 0)
            {
                final int length = i + 1;
                return length == MAX_LENGTH && !signOnly ? DecodeError.VLC_OVERFLOW.code() : length;
            }
        }
        return DecodeError.VLC_TOO_LONG.code();
    }

    /**
     * Reads a VLC that {@link #length(DirectBuffer, int, int)} has validated.
     *
     * @param buffer the bytes.
     * @param offset where the VLC starts.
     * @return its value.
     */
    public static long value(final DirectBuffer buffer, final int offset)
    {
        int b = buffer.getByte(offset);
        long value = ((long)b << 57) >> 57;
        int index = offset;
        while ((b & CONTINUATION) != 0)
        {
            b = buffer.getByte(++index);
            value = (value << BITS_PER_BYTE) | (b & PAYLOAD_MASK);
        }
        return value;
    }

    /**
     * How many bytes the shortest encoding of a value takes.
     *
     * @param value any long.
     * @return 1…10.
     */
    public static int encodedLength(final long value)
    {
        final int significantBits = Long.SIZE - Long.numberOfLeadingZeros(value ^ (value >> 63)) + 1;
        return (significantBits + BITS_PER_BYTE - 1) / BITS_PER_BYTE;
    }

    /**
     * Writes the shortest encoding of a value.
     *
     * @param buffer the destination, with room for {@link #encodedLength(long)} bytes.
     * @param offset where to write.
     * @param value  any long.
     * @return the number of bytes written.
     */
    public static int write(final MutableDirectBuffer buffer, final int offset, final long value)
    {
        if (value >= MIN_ONE_BYTE && value <= MAX_ONE_BYTE)
        {
            buffer.putByte(offset, (byte)(value & PAYLOAD_MASK));
            return 1;
        }
        if (value >= MIN_TWO_BYTES && value <= MAX_TWO_BYTES)
        {
            buffer.putByte(offset, (byte)((value >> BITS_PER_BYTE) & PAYLOAD_MASK | CONTINUATION));
            buffer.putByte(offset + 1, (byte)(value & PAYLOAD_MASK));
            return 2;
        }
        final int length = encodedLength(value);
        for (int i = 0; i < length; i++)
        {
            final int shift = BITS_PER_BYTE * (length - 1 - i);
            final int group = (int)(value >> shift) & PAYLOAD_MASK;
            buffer.putByte(offset + i, (byte)(i < length - 1 ? group | CONTINUATION : group));
        }
        return length;
    }
}
