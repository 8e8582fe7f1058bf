package io.cellwire.codec;

import org.agrona.DirectBuffer;

/**
 * Checks that bytes are exactly one well-formed frame (docs/wire-format.md §8, §9 rule 1): a minimal header whose
 * length L matches the bytes, a known type byte, and a payload that is exactly one valid cell.
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
        final int payload = FrameHeader.payloadOffset(buffer, offset, length);
        if (payload < 0)
        {
            return payload;
        }
        final int walked = walker.walkExact(buffer, payload, offset + length - payload, refs);
        return walked < 0 ? walked : payload;
    }
}
