package io.cellwire.codec;

import io.cellwire.codec.message.MessageType;
import org.agrona.DirectBuffer;

/**
 * Checks that bytes are exactly one well-formed frame (WIRE.md §8, §9 rule 1): a minimal header whose length L matches
 * the bytes, a known type byte, and a payload that is exactly one valid cell.
 * <p>
 * Stateless; the caller supplies the walker, so it runs on the walker's thread.
 */
public final class FrameValidator
{
    private FrameValidator()
    {
    }

    /**
     * Validates the frame that fills {@code [offset, offset + length)}.
     *
     * @param walker the caller's walker.
     * @param buffer the bytes.
     * @param offset where the frame starts.
     * @param length how many bytes the frame must take.
     * @param refs   receives each dependency of the payload.
     * @return the offset of the payload cell, or a negative {@link DecodeError} code.
     */
    public static int validate(
        final CellWalker walker, final DirectBuffer buffer, final int offset, final int length, final RefSink refs)
    {
        final int limit = offset + length;
        final int headerLength = FrameHeader.headerLength(buffer, offset, limit);
        if (headerLength < 0)
        {
            return headerLength;
        }
        final int frameLength = FrameHeader.frameLength(buffer, offset, headerLength);
        final int typeOffset = offset + headerLength;
        if (typeOffset + frameLength > limit)
        {
            return DecodeError.TRUNCATED.code();
        }
        if (typeOffset + frameLength < limit)
        {
            return DecodeError.TRAILING_BYTES.code();
        }
        if (!MessageType.isValid(buffer.getByte(typeOffset) & 0xff))
        {
            return DecodeError.UNKNOWN_MESSAGE_TYPE.code();
        }
        if (frameLength == 1)
        {
            return DecodeError.EMPTY_PAYLOAD.code();
        }
        final int payloadOffset = typeOffset + 1;
        final int walked = walker.walkExact(buffer, payloadOffset, frameLength - 1, refs);
        return walked < 0 ? walked : payloadOffset;
    }
}
