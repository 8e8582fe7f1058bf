package io.cellwire.bench.transport;

import io.cellwire.client.Client;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.FrameHeader;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floor: plain Java NIO with no framework. Two threads, the benchmark thread as client and one server thread,
 * each busy-spinning on non-blocking {@link SocketChannel} reads of direct buffers, TCP_NODELAY, and the very frame
 * bytes Cellwire sends, found in the stream with Cellwire's own {@link FrameHeader} rules.
 * <p>
 * Ping-pong: the client writes one request frame and spins on read until the whole reply frame is in; the server
 * writes the prepared RESULT frame for each QUERY, or echoes each DATA frame straight from its receive buffer.
 * Streaming: the client copies as many request frames as fit into a 64 KiB direct buffer and writes it, the server
 * reads and counts whole frames.
 * <p>
 * Owned by the benchmark thread; each phase starts and joins its own server thread.
 */
final class RawNioBench implements Contender
{
    /** Name in the report. */
    static final String NAME = "raw-nio";

    private static final int BUFFER_LENGTH = 64 * 1024;
    private static final int TIMEOUT_CHECK_MASK = 0xfff;

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public PhaseResult pingPong(final BenchFrames frames, final long warmupNs, final long durationNs)
    {
        try (Link link = new Link())
        {
            final Server server = new Server(link.server, frames, true);
            final Thread serverThread = start(server, "raw-nio-server");
            try
            {
                final Client client = new Client(link.client, frames);
                client.pingPongUntil(System.nanoTime() + warmupNs, PhaseResult.newHistogram());

                final Histogram histogram = PhaseResult.newHistogram();
                final ThreadAllocation clientThreads = new ThreadAllocation(Thread.currentThread());
                final ThreadAllocation serverThreads = new ThreadAllocation(serverThread);
                final long serverBytes = serverThreads.bytes();
                final long clientBytes = clientThreads.bytes();
                final long start = System.nanoTime();
                final long messages = client.pingPongUntil(start + durationNs, histogram);
                final long elapsed = System.nanoTime() - start;
                final long clientDelta = clientThreads.bytes() - clientBytes;
                final long serverDelta = serverThreads.bytes() - serverBytes;
                return new PhaseResult(NAME, PhaseResult.PING_PONG, frames.payloadLength, frames.requestLength,
                    messages, elapsed, histogram, clientDelta, serverDelta, "");
            }
            finally
            {
                stop(server, serverThread);
            }
        }
    }

    @Override
    public PhaseResult stream(final BenchFrames frames, final long warmupNs, final long durationNs)
    {
        try (Link link = new Link())
        {
            final Server server = new Server(link.server, frames, false);
            final Thread serverThread = start(server, "raw-nio-server");
            try
            {
                final Client client = new Client(link.client, frames);
                client.streamUntil(System.nanoTime() + warmupNs);

                final ThreadAllocation clientThreads = new ThreadAllocation(Thread.currentThread());
                final ThreadAllocation serverThreads = new ThreadAllocation(serverThread);
                final long serverBytes = serverThreads.bytes();
                final long clientBytes = clientThreads.bytes();
                final long received = server.received.get();
                final long start = System.nanoTime();
                client.streamUntil(start + durationNs);
                final long messages = server.received.get() - received;
                final long elapsed = System.nanoTime() - start;
                final long clientDelta = clientThreads.bytes() - clientBytes;
                final long serverDelta = serverThreads.bytes() - serverBytes;
                return new PhaseResult(NAME, PhaseResult.STREAMING, frames.payloadLength, frames.requestLength,
                    messages, elapsed, null, clientDelta, serverDelta, "");
            }
            finally
            {
                stop(server, serverThread);
            }
        }
    }

    private static Thread start(final Server server, final String name)
    {
        final Thread thread = new Thread(server, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void stop(final Server server, final Thread thread)
    {
        server.running = false;
        try
        {
            thread.join(BenchSettings.TIMEOUT_NS / 1_000_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (server.failure != null)
        {
            throw new IllegalStateException("raw NIO server failed", server.failure);
        }
    }

    /**
     * Finds the whole frame at the start of {@code [offset, limit)}.
     *
     * @return the frame's total length, 0 if it is not all there yet.
     * @throws IllegalStateException for a header Cellwire would reject.
     */
    static int frameAt(final UnsafeBuffer buffer, final int offset, final int limit)
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

    /** A connected pair of non-blocking loopback sockets with TCP_NODELAY. Benchmark thread. */
    private static final class Link implements AutoCloseable
    {
        final ServerSocketChannel listener;
        final SocketChannel client;
        final SocketChannel server;

        Link()
        {
            try
            {
                listener = ServerSocketChannel.open();
                listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                client = SocketChannel.open(listener.getLocalAddress());
                server = listener.accept();
                for (final SocketChannel channel : new SocketChannel[]{ client, server })
                {
                    channel.configureBlocking(false);
                    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close()
        {
            CloseHelper.quietCloseAll(client, server, listener);
        }
    }

    /** The benchmark thread's end. */
    private static final class Client
    {
        private final SocketChannel channel;
        private final BenchFrames frames;
        private final ByteBuffer request;
        private final ByteBuffer receive = ByteBuffer.allocateDirect(BUFFER_LENGTH);
        private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(receive);
        private final ByteBuffer send = ByteBuffer.allocateDirect(BUFFER_LENGTH);
        private final UnsafeBuffer sendBuffer = new UnsafeBuffer(send);
        private int receiveLimit;
        private int filled;
        private int written;

        Client(final SocketChannel channel, final BenchFrames frames)
        {
            this.channel = channel;
            this.frames = frames;
            request = frames.request.byteBuffer().duplicate();
        }

        long pingPongUntil(final long endNs, final Histogram histogram)
        {
            long messages = 0;
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
                    messages++;
                }
            }
            catch (final IOException e)
            {
                throw new UncheckedIOException(e);
            }
            return messages;
        }

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

    /** The server thread: spins on read, answers or counts each whole frame. */
    private static final class Server implements Runnable
    {
        private final SocketChannel channel;
        private final BenchFrames frames;
        private final boolean reply;
        private final ByteBuffer receive = ByteBuffer.allocateDirect(BUFFER_LENGTH);
        private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(receive);
        private final ByteBuffer echo = receive.duplicate();
        private final ByteBuffer result;
        private final AtomicLong received = new AtomicLong();
        private volatile boolean running = true;
        private volatile Throwable failure;

        Server(final SocketChannel channel, final BenchFrames frames, final boolean reply)
        {
            this.channel = channel;
            this.frames = frames;
            this.reply = reply;
            result = frames.reply.byteBuffer().duplicate();
        }

        @Override
        public void run()
        {
            try
            {
                loop();
            }
            catch (final Throwable t)
            {
                failure = t;
            }
        }

        private void loop() throws IOException
        {
            long count = 0;
            int start = 0;
            int limit = 0;
            while (running)
            {
                receive.limit(BUFFER_LENGTH).position(limit);
                final int bytes = channel.read(receive);
                if (bytes <= 0)
                {
                    if (bytes < 0)
                    {
                        return;
                    }
                    continue;
                }
                limit += bytes;
                int total;
                while ((total = frameAt(receiveBuffer, start, limit)) > 0)
                {
                    if (reply)
                    {
                        write(frames.isQuery() ? result.limit(frames.replyLength).position(0) :
                            echo.limit(start + total).position(start));
                    }
                    start += total;
                    count++;
                }
                received.lazySet(count);
                if (start == limit)
                {
                    start = 0;
                    limit = 0;
                }
                else if (BUFFER_LENGTH - limit < FrameHeader.MAX_FRAME_SIZE)
                {
                    receiveBuffer.putBytes(0, receiveBuffer, start, limit - start);
                    limit -= start;
                    start = 0;
                }
            }
        }

        private void write(final ByteBuffer frame) throws IOException
        {
            while (frame.hasRemaining() && running)
            {
                channel.write(frame);
            }
        }
    }
}
