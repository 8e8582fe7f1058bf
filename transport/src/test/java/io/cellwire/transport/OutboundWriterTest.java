package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.MessageType;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
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
 * The outbound queue's writer against a socket that takes a few bytes at a time: every frame's bytes, small ones from
 * the ring and large ones from their chunks, leave exactly once and in order, across partial writes, batches and the
 * ring's wrap; space and chunks are handed back only for whole frames.
 */
class OutboundWriterTest
{
    private static final int RING = 4 * Transport.Context.MIN_OUTBOUND_RING_LENGTH;
    private static final int CHUNKS = 64;

    private final TransportCounters counters = new TransportCounters(null, 1);
    private final OutboundChunks chunks = new OutboundChunks(CHUNKS, counters);
    private final OutboundQueue queue = new OutboundQueue(RING, chunks, CHUNKS);
    private final ManyToOneRingBuffer ring = queue.ring;
    private final OutboundWriter writer = new OutboundWriter(queue, new OutboundWriter.Scratch());
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
        assertEquals(0, queue.chunksHeld());
        assertEquals(0, counters.outboundChunksInUse.get());
        assertTrue(counters.outboundChunksAllocated.get() > 0, "large frames travelled in chunks");
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
        assertEquals(0, queue.chunksHeld());
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

    @Test
    void shouldSpillSmallFramesIntoChunksWhenTheRingIsFullAndWriteThemInOrder() throws Exception
    {
        final OutboundQueue tight = new OutboundQueue(Transport.Context.MIN_OUTBOUND_RING_LENGTH, chunks, 4);
        final OutboundWriter tightWriter = new OutboundWriter(tight, new OutboundWriter.Scratch());
        final ByteArrayOutputStream queued = new ByteArrayOutputStream();
        int inRing = 0;
        while (true)
        {
            final byte[] frame = new byte[1_000];
            random.nextBytes(frame);
            final long result = offer(tight, new UnsafeBuffer(frame), frame.length);
            if (result < 0)
            {
                assertEquals(SendResult.BACK_PRESSURED, result);
                break;
            }
            queued.writeBytes(frame);
            inRing += tight.chunksHeld() == 0 ? 1 : 0;
        }
        assertEquals(Transport.Context.MIN_OUTBOUND_RING_LENGTH / 1_008, inRing, "the ring filled first");
        assertEquals(4, tight.chunksHeld(), "then each frame took a chunk of the share");
        channel.budget = Integer.MAX_VALUE;
        while (tight.ringSize() > 0)
        {
            assertTrue(tightWriter.write(channel, counters) > 0);
        }
        assertArrayEquals(queued.toByteArray(), channel.written.toByteArray());
        assertEquals(inRing + 4, counters.framesOut[MessageType.DATA].get());
        assertEquals(0, tight.chunksHeld());
        assertEquals(0, counters.outboundChunksInUse.get());
    }

    @Test
    void shouldBackPressureALargeFramePastTheConnectionsShareUntilOneLeaves() throws Exception
    {
        final OutboundQueue small = new OutboundQueue(Transport.Context.MIN_OUTBOUND_RING_LENGTH, chunks, 4);
        final OutboundWriter smallWriter = new OutboundWriter(small, new OutboundWriter.Scratch());
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[OutboundQueue.CHUNK_THRESHOLD]);
        for (int i = 0; i < 4; i++)
        {
            assertEquals(frame.capacity(), small.offerInChunk(MessageType.DATA, frame, 0, frame.capacity()));
        }
        assertEquals(SendResult.BACK_PRESSURED, small.offerInChunk(MessageType.DATA, frame, 0, frame.capacity()));
        assertEquals(1, counters.outboundChunksRefused.get());
        assertEquals(100, small.offerInline(MessageType.DATA, frame, 0, 100), "small frames still queue in the ring");
        channel.budget = OutboundQueue.CHUNK_THRESHOLD;
        assertEquals(OutboundQueue.CHUNK_THRESHOLD, smallWriter.write(channel, counters));
        assertEquals(3, small.chunksHeld());
        assertEquals(frame.capacity(), small.offerInChunk(MessageType.DATA, frame, 0, frame.capacity()));
        assertEquals(4, counters.outboundChunksInUse.get());
    }

    @Test
    void shouldBackPressureALargeFrameWhenThePoolIsSpent()
    {
        final OutboundChunks three = new OutboundChunks(3, counters);
        final OutboundQueue first = new OutboundQueue(Transport.Context.MIN_OUTBOUND_RING_LENGTH, three, 3);
        final OutboundQueue second = new OutboundQueue(Transport.Context.MIN_OUTBOUND_RING_LENGTH, three, 3);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(frame.capacity(), first.offerInChunk(MessageType.DATA, frame, 0, frame.capacity()));
        }
        assertEquals(SendResult.BACK_PRESSURED, second.offerInChunk(MessageType.DATA, frame, 0, frame.capacity()));
        assertEquals(0, second.chunksHeld());
        assertEquals(3, counters.outboundChunksAllocated.get());
        assertEquals(1, counters.outboundChunksRefused.get());
    }

    @Test
    void shouldGiveBackTheChunksOfDiscardedFramesForReuse()
    {
        final OutboundChunks three = new OutboundChunks(3, counters);
        final OutboundQueue closed = new OutboundQueue(Transport.Context.MIN_OUTBOUND_RING_LENGTH, three, 3);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(frame.capacity(), closed.offerInChunk(MessageType.DATA, frame, 0, frame.capacity()));
            assertEquals(50, closed.offerInline(MessageType.DATA, frame, 0, 50));
        }
        assertTrue(closed.discard());
        assertEquals(0, closed.chunksHeld());
        assertEquals(0, closed.ringSize());
        assertEquals(0, counters.outboundChunksInUse.get());
        final OutboundQueue next = new OutboundQueue(Transport.Context.MIN_OUTBOUND_RING_LENGTH, three, 3);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(frame.capacity(), next.offerInChunk(MessageType.DATA, frame, 0, frame.capacity()));
        }
        assertEquals(3, counters.outboundChunksAllocated.get(), "the chunks given back were reused");
    }

    private boolean offer(final int length)
    {
        final byte[] frame = new byte[length];
        random.nextBytes(frame);
        if (offer(queue, new UnsafeBuffer(frame), length) < 0)
        {
            return false;
        }
        expected.writeBytes(frame);
        return true;
    }

    /** Queues a frame as {@link Connection#offer} does: a small one in the ring unless it is full, else in a chunk. */
    private static long offer(final OutboundQueue queue, final UnsafeBuffer frame, final int length)
    {
        final long inline = length < OutboundQueue.CHUNK_THRESHOLD ?
            queue.offerInline(MessageType.DATA, frame, 0, length) : SendResult.BACK_PRESSURED;
        return inline == SendResult.BACK_PRESSURED ? queue.offerInChunk(MessageType.DATA, frame, 0, length) : inline;
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
