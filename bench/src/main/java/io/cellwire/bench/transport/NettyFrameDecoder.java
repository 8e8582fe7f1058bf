package io.cellwire.bench.transport;

import io.cellwire.codec.FrameHeader;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;

import java.util.List;

/**
 * Netty's side of the benchmark: cuts the byte stream into whole Convex frames by their 1–2 byte VLC length header
 * (what {@code LengthFieldBasedFrameDecoder} does for fixed-width fields), passing each frame on, header included, as
 * a retained slice. Rejects what {@link FrameHeader} rejects. One per channel; runs on the channel's event loop.
 */
final class NettyFrameDecoder extends ByteToMessageDecoder
{
    private static final int CONTINUATION = 0x80;
    private static final int SIGN = 0x40;
    private static final int HIGH_BITS = 0x3f;
    private static final int LOW_BITS = 0x7f;
    private static final int BITS_PER_BYTE = 7;

    @Override
    protected void decode(final ChannelHandlerContext ctx, final ByteBuf in, final List<Object> out)
    {
        final int at = in.readerIndex();
        final int readable = in.readableBytes();
        if (readable < 1)
        {
            return;
        }
        final int first = in.getUnsignedByte(at);
        if (first == 0 || (first & SIGN) != 0)
        {
            throw new CorruptedFrameException("zero or negative frame length");
        }
        final int headerLength;
        final int frameLength;
        if ((first & CONTINUATION) == 0)
        {
            headerLength = 1;
            frameLength = first;
        }
        else
        {
            if (readable < FrameHeader.MAX_HEADER_LENGTH)
            {
                return;
            }
            final int second = in.getUnsignedByte(at + 1);
            if ((second & CONTINUATION) != 0 || (first == CONTINUATION && (second & SIGN) == 0))
            {
                throw new CorruptedFrameException("frame header too long or not minimal");
            }
            headerLength = FrameHeader.MAX_HEADER_LENGTH;
            frameLength = ((first & HIGH_BITS) << BITS_PER_BYTE) | (second & LOW_BITS);
        }
        final int total = headerLength + frameLength;
        if (readable >= total)
        {
            out.add(in.readRetainedSlice(total));
        }
    }
}
