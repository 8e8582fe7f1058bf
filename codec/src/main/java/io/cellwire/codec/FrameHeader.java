package io.cellwire.codec;

import io.cellwire.codec.message.MessageType;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The frame header of the 0.7.9 wire (docs/wire-format.md §8): a 1–2 byte signed VLC length L (1…8191, counting the
 * type byte and the payload), then the type byte.
 * <pre>
 *  frame := VLC(L) type:u8 payload[L-1]
 *  L &lt;= 63 -&gt; 1 byte  (L)
 *  L &gt;= 64 -&gt; 2 bytes (0x80 | L &gt;&gt; 7, L &amp; 0x7f)
 * </pre>
 * Stricter than the reference: a header that is not in its shortest form is rejected rather than desynchronising the
 * stream. Stateless; safe from any thread.
 */
public final class FrameHeader
{
    /** Largest frame length L: the type byte plus an 8190-byte payload. */
    public static final int MAX_FRAME_LENGTH = 8191;
    /** Most bytes a length header takes. */
    public static final int MAX_HEADER_LENGTH = 2;
    /** Largest frame on the wire: header, type byte and payload. */
    public static final int MAX_FRAME_SIZE = MAX_HEADER_LENGTH + MAX_FRAME_LENGTH;
    /** Largest L written with a one-byte header. */
    public static final int MAX_ONE_BYTE_LENGTH = 63;

    private FrameHeader()
    {
    }

    /**
     * Validates the length header at {@code offset} and returns its size in bytes; read L with
     * {@link #frameLength(DirectBuffer, int, int)} afterwards.
     *
     * @param buffer the bytes.
     * @param offset where the header starts.
     * @param limit  the first offset that may not be read.
     * @return 1 or 2, or a negative {@link DecodeError} code: {@code TRUNCATED} (wait for more bytes) or one of the
     * {@code FRAME_…} reasons (the stream cannot be trusted).
     */
    public static int headerLength(final DirectBuffer buffer, final int offset, final int limit)
    {
        if (offset >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int first = buffer.getByte(offset) & 0xff;
        if (first == 0)
        {
            return DecodeError.FRAME_ZERO_LENGTH.code();
        }
        if ((first & 0x40) != 0)
        {
            return DecodeError.FRAME_NEGATIVE_LENGTH.code();
        }
        if ((first & 0x80) == 0)
        {
            return 1;
        }
        if (offset + 1 >= limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        final int second = buffer.getByte(offset + 1) & 0xff;
        if ((second & 0x80) != 0)
        {
            return DecodeError.FRAME_HEADER_TOO_LONG.code();
        }
        if (first == 0x80 && (second & 0x40) == 0)
        {
            return DecodeError.FRAME_HEADER_NOT_MINIMAL.code();
        }
        return MAX_HEADER_LENGTH;
    }

    /**
     * Reads L from a header that {@link #headerLength(DirectBuffer, int, int)} has validated.
     *
     * @param buffer       the bytes.
     * @param offset       where the header starts.
     * @param headerLength what {@code headerLength} returned: 1 or 2.
     * @return L, 1…8191.
     */
    public static int frameLength(final DirectBuffer buffer, final int offset, final int headerLength)
    {
        final int first = buffer.getByte(offset) & 0xff;
        if (headerLength == 1)
        {
            return first;
        }
        return ((first & 0x3f) << 7) | (buffer.getByte(offset + 1) & 0x7f);
    }

    /**
     * Checks the envelope of the frame that fills {@code [offset, offset + length)}: a valid header whose L matches the
     * bytes, a known type byte and a non-empty payload. The payload itself is left to its decoder.
     *
     * @param buffer the bytes.
     * @param offset where the frame starts.
     * @param length the frame's total length.
     * @return the offset of the payload (the type byte is just before it), or a negative {@link DecodeError} code.
     */
    public static int payloadOffset(final DirectBuffer buffer, final int offset, final int length)
    {
        final int limit = offset + length;
        final int headerLength = headerLength(buffer, offset, limit);
        if (headerLength < 0)
        {
            return headerLength;
        }
        final int typeOffset = offset + headerLength;
        final int end = typeOffset + frameLength(buffer, offset, headerLength);
        if (end != limit)
        {
            return (end > limit ? DecodeError.TRUNCATED : DecodeError.TRAILING_BYTES).code();
        }
        if (!MessageType.isValid(buffer.getByte(typeOffset) & 0xff))
        {
            return DecodeError.UNKNOWN_MESSAGE_TYPE.code();
        }
        return typeOffset + 1 == limit ? DecodeError.EMPTY_PAYLOAD.code() : typeOffset + 1;
    }

    /**
     * How many bytes the header of a frame of length L takes.
     *
     * @param frameLength L, 1…8191.
     * @return 1 or 2.
     */
    public static int headerLengthFor(final int frameLength)
    {
        return frameLength <= MAX_ONE_BYTE_LENGTH ? 1 : MAX_HEADER_LENGTH;
    }

    /**
     * Writes a length header and the type byte.
     *
     * @param buffer      the destination.
     * @param offset      where the frame starts.
     * @param frameLength L, 1…8191.
     * @param type        the message type.
     * @return the number of bytes written (header and type byte), or {@code FRAME_TOO_LONG} / {@code FRAME_ZERO_LENGTH}
     * as a negative code when L is out of range.
     */
    public static int write(final MutableDirectBuffer buffer, final int offset, final int frameLength, final int type)
    {
        if (frameLength < 1)
        {
            return DecodeError.FRAME_ZERO_LENGTH.code();
        }
        if (frameLength > MAX_FRAME_LENGTH)
        {
            return DecodeError.FRAME_TOO_LONG.code();
        }
        final int headerLength = Vlc.write(buffer, offset, frameLength);
        buffer.putByte(offset + headerLength, (byte)type);
        return headerLength + 1;
    }
}
