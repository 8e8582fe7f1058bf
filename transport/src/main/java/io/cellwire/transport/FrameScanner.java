package io.cellwire.transport;

import io.cellwire.codec.DecodeError;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.MessageType;
import org.agrona.DirectBuffer;

/**
 * Finds whole frames in a connection's receive buffer: many frames in one read, and frames split across reads. Each
 * frame is checked before anything else (docs/wire-format.md §8: minimal 1–2 byte header, 1 ≤ L ≤ 8191, a known type
 * byte); the payload is left to the lane's decoder.
 * <p>
 * Stateless; called on the poller thread.
 */
public final class FrameScanner
{
    /** Receives each whole frame; returns false to stop scanning (the frame is left for the next scan). */
    @FunctionalInterface
    public interface FrameSink
    {
        /**
         * One whole, header-checked frame.
         *
         * @param buffer       the receive buffer.
         * @param offset       where the frame's length header starts.
         * @param frameLength  the whole frame's length, header included.
         * @param headerLength 1 or 2.
         * @param type         the message type.
         * @return true if taken, false to stop (back pressure).
         */
        boolean onFrame(DirectBuffer buffer, int offset, int frameLength, int headerLength, int type);
    }

    private FrameScanner()
    {
    }

    /**
     * Scans {@code [offset, limit)} for whole frames.
     *
     * @param buffer the receive buffer.
     * @param offset where unscanned bytes start.
     * @param limit  where received bytes end.
     * @param sink   receives each frame in order.
     * @return the offset of the first byte not consumed (a partial frame, or a frame the sink refused), or a negative
     * {@link DecodeError} code when the stream cannot be trusted and the connection must close.
     */
    public static int scan(final DirectBuffer buffer, final int offset, final int limit, final FrameSink sink)
    {
        int at = offset;
        while (at < limit)
        {
            final int headerLength = FrameHeader.headerLength(buffer, at, limit);
            if (headerLength < 0)
            {
                return headerLength == DecodeError.TRUNCATED.code() ? at : headerLength;
            }
            final int frameLength = FrameHeader.frameLength(buffer, at, headerLength);
            final int typeOffset = at + headerLength;
            if (typeOffset < limit)
            {
                final int type = buffer.getByte(typeOffset) & 0xff;
                if (!MessageType.isValid(type))
                {
                    return DecodeError.UNKNOWN_MESSAGE_TYPE.code();
                }
                if (frameLength == 1)
                {
                    return DecodeError.EMPTY_PAYLOAD.code();
                }
            }
            final int total = headerLength + frameLength;
            if (at + total > limit)
            {
                return at;
            }
            if (!sink.onFrame(buffer, at, total, headerLength, buffer.getByte(typeOffset) & 0xff))
            {
                return at;
            }
            at += total;
        }
        return at;
    }
}
