package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.MessageType;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outbound ring's writer against a socket that takes a few bytes at a time: every frame's bytes leave exactly once
 * and in order, across partial writes, batches and the ring's wrap; space is handed back only for whole frames.
 */
class OutboundWriterTest
{
    private static final int RING = Transport.Context.MIN_RING_LENGTH;

    private final ManyToOneRingBuffer ring = new ManyToOneRingBuffer(new UnsafeBuffer(
        BufferUtil.allocateDirectAligned(RING + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
    private final OutboundWriter writer = new OutboundWriter(ring, new OutboundWriter.Scratch());
    private final TransportCounters counters = new TransportCounters(null, 1);
    private final ThrottledChannel channel = new ThrottledChannel();
    private final ByteArrayOutputStream expected = new ByteArrayOutputStream();
    private final Random random = new Random(42);

    @AfterEach
    void close()
    {
        counters.close();
    }

    @Test
    void shouldWriteEachFrameOnceInOrderThroughPartialWritesAndWraps() throws Exception
    {
        long frames = 0;
        for (int round = 0; round < 2_000; round++)
        {
            final int offers = 1 + random.nextInt(6);
            for (int i = 0; i < offers; i++)
            {
                if (offer(2 + random.nextInt(FrameHeader.MAX_FRAME_SIZE - 1)))
                {
                    frames++;
                }
            }
            channel.budget = random.nextInt(20_000);
            writer.write(channel, counters);
        }
        channel.budget = Integer.MAX_VALUE;
        while (ring.size() > 0)
        {
            assertTrue(writer.write(channel, counters) > 0);
        }
        assertArrayEquals(expected.toByteArray(), channel.written.toByteArray());
        assertEquals(expected.size(), counters.bytesOut.get());
        assertEquals(frames, counters.framesOut[MessageType.DATA].get());
        assertTrue(ring.producerPosition() > 4L * RING, "the ring wrapped several times");
    }

    @Test
    void shouldKeepAPartlyWrittenFrameUntilTheRestLeaves() throws Exception
    {
        assertTrue(offer(5_000));
        channel.budget = 1_000;
        assertEquals(1_000, writer.write(channel, counters));
        assertEquals(0, counters.framesOut[MessageType.DATA].get());
        assertTrue(ring.size() > 0);
        channel.budget = 0;
        assertEquals(0, writer.write(channel, counters));
        channel.budget = 4_000;
        assertEquals(4_000, writer.write(channel, counters));
        assertEquals(1, counters.framesOut[MessageType.DATA].get());
        assertEquals(0, ring.size());
        assertEquals(0, writer.write(channel, counters));
        assertArrayEquals(expected.toByteArray(), channel.written.toByteArray());
    }

    @Test
    void shouldCoalesceSmallFramesUpToOneBatchPerWrite() throws Exception
    {
        for (int i = 0; i < OutboundWriter.MAX_FRAMES + 10; i++)
        {
            assertTrue(offer(10));
        }
        channel.budget = Integer.MAX_VALUE;
        assertEquals(OutboundWriter.MAX_FRAMES * 10L, writer.write(channel, counters));
        assertEquals(1, channel.segmentsOfLastWrite);
        assertEquals(100, writer.write(channel, counters));
        assertEquals(OutboundWriter.MAX_FRAMES + 10, counters.framesOut[MessageType.DATA].get());
        assertArrayEquals(expected.toByteArray(), channel.written.toByteArray());
    }

    @Test
    void shouldWriteLargeFramesInPlaceUpToOneBatchOfSegments() throws Exception
    {
        final int pairs = OutboundWriter.MAX_SEGMENTS / 2 + 8;
        for (int i = 0; i < pairs; i++)
        {
            assertTrue(offer(OutboundWriter.COPY_THRESHOLD));
            assertTrue(offer(10));
        }
        channel.budget = Integer.MAX_VALUE;
        final long pair = OutboundWriter.COPY_THRESHOLD + 10;
        assertEquals(OutboundWriter.MAX_SEGMENTS / 2 * pair, writer.write(channel, counters));
        assertEquals(OutboundWriter.MAX_SEGMENTS, channel.segmentsOfLastWrite);
        assertEquals(8 * pair, writer.write(channel, counters));
        assertEquals(16, channel.segmentsOfLastWrite);
        assertEquals(2L * pairs, counters.framesOut[MessageType.DATA].get());
        assertArrayEquals(expected.toByteArray(), channel.written.toByteArray());
    }

    private boolean offer(final int length)
    {
        final byte[] frame = new byte[length];
        random.nextBytes(frame);
        if (!ring.write(MessageType.DATA, new UnsafeBuffer(frame), 0, length))
        {
            return false;
        }
        expected.writeBytes(frame);
        return true;
    }

    /** A socket that takes at most {@code budget} bytes per write and keeps them. */
    private static final class ThrottledChannel implements GatheringByteChannel
    {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        int budget;
        int segmentsOfLastWrite;

        @Override
        public long write(final ByteBuffer[] sources, final int offset, final int length)
        {
            long total = 0;
            segmentsOfLastWrite = length;
            for (int i = offset; i < offset + length && budget > 0; i++)
            {
                final ByteBuffer source = sources[i];
                final int take = Math.min(budget, source.remaining());
                for (int j = 0; j < take; j++)
                {
                    written.write(source.get());
                }
                budget -= take;
                total += take;
            }
            return total;
        }

        @Override
        public long write(final ByteBuffer[] sources)
        {
            return write(sources, 0, sources.length);
        }

        @Override
        public int write(final ByteBuffer source)
        {
            return (int)write(new ByteBuffer[]{ source }, 0, 1);
        }

        @Override
        public boolean isOpen()
        {
            return true;
        }

        @Override
        public void close()
        {
        }
    }
}
