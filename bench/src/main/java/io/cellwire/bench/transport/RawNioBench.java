package io.cellwire.bench.transport;

import io.cellwire.codec.DecodeError;
import io.cellwire.codec.FrameHeader;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The floor: plain Java NIO with no framework. Two threads, the benchmark thread as client and one server thread
 * (a {@link NioResponder}), each busy-spinning on non-blocking {@link SocketChannel} reads of direct buffers,
 * TCP_NODELAY, and the very frame bytes Cellwire sends, found in the stream with Cellwire's own {@link FrameHeader}
 * rules.
 * <p>
 * Ping-pong: the client writes one request frame and spins on read until the whole reply frame is in; the server
 * answers each QUERY with the prepared RESULT frame, or echoes each DATA frame. Streaming: the client copies as many
 * request frames as fit into a 64 KiB direct buffer and writes it, the server reads and counts whole frames.
 * <p>
 * Owned by the benchmark thread; each phase starts and stops its own server thread.
 */
final class RawNioBench extends Contender
{
    /** Name in the report. */
    static final String NAME = "raw-nio";

    private static final int BUFFER_LENGTH = 64 * 1024;
    private static final int TIMEOUT_CHECK_MASK = 0xfff;

    @Override
    String name()
    {
        return NAME;
    }

    @Override
    Phase phase(final BenchFrames frames, final boolean pingPong)
    {
        return new RawNioPhase(frames, pingPong);
    }

    /**
     * Finds the whole frame at the start of {@code [offset, limit)}.
     *
     * @return the frame's total length, 0 if it is not all there yet.
     * @throws IllegalStateException for a header Cellwire would reject.
     */
    private static int frameAt(final UnsafeBuffer buffer, final int offset, final int limit)
    {
        final int headerLength = FrameHeader.headerLength(buffer, offset, limit);
        if (headerLength < 0)
        {
            if (headerLength == DecodeError.TRUNCATED.code())
            {
                return 0;
            }
            throw new IllegalStateException("bad frame header: " + DecodeError.of(headerLength));
        }
        final int total = headerLength + FrameHeader.frameLength(buffer, offset, headerLength);
        return offset + total <= limit ? total : 0;
    }

    /**
     * The server's answer: the prepared RESULT for each QUERY, each DATA frame echoed, nothing when streaming. Runs on
     * the server thread; the frames are immutable.
     */
    private static final class PreparedAnswer implements NioResponder.Answer
    {
        private final BenchFrames frames;
        private final boolean reply;

        PreparedAnswer(final BenchFrames frames, final boolean reply)
        {
            this.frames = frames;
            this.reply = reply;
        }

        @Override
        public int onFrame(
            final DirectBuffer buffer,
            final int offset,
            final int frameLength,
            final MutableDirectBuffer replyBuffer,
            final int replyOffset)
        {
            if (!reply)
            {
                return 0;
            }
            if (frames.isQuery())
            {
                replyBuffer.putBytes(replyOffset, frames.reply, 0, frames.replyLength);
                return frames.replyLength;
            }
            replyBuffer.putBytes(replyOffset, buffer, offset, frameLength);
            return frameLength;
        }
    }

    /**
     * A {@link NioResponder} and, on the benchmark thread, the client: a non-blocking socket connected to it and its
     * direct buffers.
     */
    private static final class RawNioPhase extends CallerClientPhase
    {
        private final BenchFrames frames;
        private final ByteBuffer request;
        private final ByteBuffer receive = ByteBuffer.allocateDirect(BUFFER_LENGTH);
        private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(receive);
        private final ByteBuffer send = ByteBuffer.allocateDirect(BUFFER_LENGTH);
        private final UnsafeBuffer sendBuffer = new UnsafeBuffer(send);
        private NioResponder server;
        private SocketChannel channel;
        private int receiveLimit;
        private int filled;
        private int written;

        RawNioPhase(final BenchFrames frames, final boolean pingPong)
        {
            super(pingPong);
            this.frames = frames;
            request = frames.request.byteBuffer().duplicate();
        }

        @Override
        public void start()
        {
            // a server that never idles: the floor spins on read as the client does
            server = NioResponder.start(
                "raw-nio-server", new PreparedAnswer(frames, pingPong), NoOpIdleStrategy.INSTANCE);
            try
            {
                channel = SocketChannel.open(server.localAddress());
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public Thread serverThread()
        {
            return server.thread();
        }

        @Override
        public long serverReceived()
        {
            return server.framesReceived();
        }

        @Override
        public void close()
        {
            // the server first: its failure, if it had one, is what the phase reports
            try
            {
                if (server != null)
                {
                    server.close();
                }
            }
            finally
            {
                CloseHelper.quietClose(channel);
            }
        }

        @Override
        void pingPongUntil(final long endNs, final Histogram histogram)
        {
            try
            {
                while (System.nanoTime() - endNs < 0)
                {
                    request.limit(frames.requestLength).position(0);
                    final long sendTimeNs = System.nanoTime();
                    while (request.hasRemaining())
                    {
                        channel.write(request);
                    }
                    int spins = 0;
                    int total;
                    while ((total = frameAt(receiveBuffer, 0, receiveLimit)) == 0)
                    {
                        receive.limit(BUFFER_LENGTH).position(receiveLimit);
                        final int bytes = channel.read(receive);
                        if (bytes < 0)
                        {
                            throw new IllegalStateException("raw NIO server closed the connection");
                        }
                        receiveLimit += bytes;
                        if ((++spins & TIMEOUT_CHECK_MASK) == 0 &&
                            System.nanoTime() - sendTimeNs > BenchSettings.TIMEOUT_NS)
                        {
                            throw new IllegalStateException("no raw NIO reply within the timeout");
                        }
                    }
                    histogram.recordValue(System.nanoTime() - sendTimeNs);
                    if (total != frames.replyLength)
                    {
                        throw new IllegalStateException("reply of " + total + " bytes, expected " + frames.replyLength);
                    }
                    final int rest = receiveLimit - total;
                    if (rest > 0)
                    {
                        receiveBuffer.putBytes(0, receiveBuffer, total, rest);
                    }
                    receiveLimit = rest;
                }
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void streamUntil(final long endNs)
        {
            final int length = frames.requestLength;
            try
            {
                while (System.nanoTime() - endNs < 0)
                {
                    while (BUFFER_LENGTH - filled >= length)
                    {
                        sendBuffer.putBytes(filled, frames.request, 0, length);
                        filled += length;
                    }
                    send.limit(filled).position(written);
                    written += channel.write(send);
                    if (written == filled)
                    {
                        written = 0;
                        filled = 0;
                    }
                    else if (written > 0)
                    {
                        sendBuffer.putBytes(0, sendBuffer, written, filled - written);
                        filled -= written;
                        written = 0;
                    }
                }
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }
    }
}
