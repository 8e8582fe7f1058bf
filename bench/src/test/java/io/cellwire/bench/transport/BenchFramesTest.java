package io.cellwire.bench.transport;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.MessageType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The benchmark's frames are valid and exactly sized, and Netty's decoder cuts them as Cellwire does. */
class BenchFramesTest
{
    @Test
    void shouldBuildAValidFrameOfEveryPayloadSize()
    {
        for (int size = BenchFrames.MIN_QUERY_PAYLOAD; size <= BenchFrames.MAX_PAYLOAD; size++)
        {
            final BenchFrames frames = new BenchFrames(size);
            assertEquals(FrameHeader.headerLengthFor(size + 1) + 1 + size, frames.requestLength, "size " + size);
            assertEquals(size <= 140 ? MessageType.QUERY : MessageType.DATA, frames.type, "size " + size);
        }
    }

    @Test
    void shouldRejectSizesNoFrameHas()
    {
        assertThrows(IllegalArgumentException.class, () -> new BenchFrames(BenchFrames.MIN_QUERY_PAYLOAD - 1));
        assertThrows(IllegalArgumentException.class, () -> new BenchFrames(BenchFrames.MAX_PAYLOAD + 1));
    }

    @Test
    void shouldCutFramesThatArriveOneByteAtATime()
    {
        final BenchFrames small = new BenchFrames(32);
        final BenchFrames large = new BenchFrames(BenchFrames.MAX_PAYLOAD);
        final EmbeddedChannel channel = new EmbeddedChannel(new NettyFrameDecoder());
        final byte[] stream = new byte[small.requestLength + large.requestLength];
        System.arraycopy(small.requestBytes, 0, stream, 0, small.requestLength);
        System.arraycopy(large.requestBytes, 0, stream, small.requestLength, large.requestLength);
        for (final byte b : stream)
        {
            channel.writeInbound(Unpooled.wrappedBuffer(new byte[]{ b }));
        }
        assertFrame(small.requestBytes, channel.readInbound());
        assertFrame(large.requestBytes, channel.readInbound());
        assertNull(channel.readInbound());
        channel.finishAndReleaseAll();
    }

    private static void assertFrame(final byte[] expected, final ByteBuf frame)
    {
        final byte[] actual = new byte[frame.readableBytes()];
        frame.readBytes(actual);
        frame.release();
        assertArrayEquals(expected, actual);
    }
}
