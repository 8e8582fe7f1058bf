package io.cellwire.bench.transport;

import io.cellwire.codec.DecodeError;
import io.cellwire.codec.FrameHeader;
import io.cellwire.transport.FrameScanner;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback server in plain Java NIO, no framework: one thread, one connection at a time, accepted and read
 * non-blocking; each read's whole frames are cut with Cellwire's own rules ({@link FrameScanner}), each handed to an
 * {@link Answer} that may put a reply in the send buffer, and the replies of one read written in one go. The raw NIO
 * floor of {@code transport-bench} and the report's floor responder are this loop; what they answer is their
 * {@link Answer}.
 * <p>
 * Thread ownership: the channels, buffers and the answer belong to the responder's thread; {@link #framesReceived()}
 * is read and {@link #close()} called from the thread that started it.
 */
public final class NioResponder implements AutoCloseable, Runnable
{
    /** What the responder does with each whole frame it reads: the one part its users write for themselves. */
    @FunctionalInterface
    public interface Answer
    {
        /**
         * One whole, header-checked frame. Runs on the responder's thread.
         *
         * @param buffer      the receive buffer.
         * @param offset      where the frame's length header starts.
         * @param frameLength the whole frame's length, header included.
         * @param reply       the send buffer, with at least {@link FrameHeader#MAX_FRAME_SIZE} bytes free from
         *                    {@code replyOffset}.
         * @param replyOffset where a reply goes.
         * @return the reply's length, 0 for none.
         */
        int onFrame(DirectBuffer buffer, int offset, int frameLength, MutableDirectBuffer reply, int replyOffset);
    }

    private static final int BUFFER_LENGTH = 64 * 1024;
    private static final String LOOPBACK = "127.0.0.1";
    private static final long JOIN_MS = TimeUnit.NANOSECONDS.toMillis(BenchSettings.TIMEOUT_NS);

    private final ServerSocketChannel server;
    private final Answer answer;
    private final IdleStrategy idle;
    private final ByteBuffer receiveByteBuffer = ByteBuffer.allocateDirect(BUFFER_LENGTH);
    private final UnsafeBuffer receive = new UnsafeBuffer(receiveByteBuffer);
    private final ByteBuffer sendByteBuffer = ByteBuffer.allocateDirect(BUFFER_LENGTH);
    private final UnsafeBuffer send = new UnsafeBuffer(sendByteBuffer);
    private final FrameScanner.FrameSink onFrame = this::onFrame;
    private final AtomicLong framesReceived = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;
    private SocketChannel channel;
    private int receiveLimit;
    private int sendLimit;
    private long frames;

    private NioResponder(final String name, final Answer answer, final IdleStrategy idle) throws IOException
    {
        this.answer = answer;
        this.idle = idle;
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(LOOPBACK, 0));
        server.configureBlocking(false);
        thread = new Thread(this, name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Listens on a free loopback port and starts answering on a thread of its own.
     *
     * @param name   the thread's name.
     * @param answer what to do with each frame.
     * @param idle   how the thread idles when a read brings nothing.
     * @return the running responder.
     */
    public static NioResponder start(final String name, final Answer answer, final IdleStrategy idle)
    {
        try
        {
            return new NioResponder(name, answer, idle);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /** @return where a client connects, {@code 127.0.0.1:PORT}. */
    public String endpoint()
    {
        return LOOPBACK + ":" + localAddress().getPort();
    }

    /** @return the listening address. */
    public InetSocketAddress localAddress()
    {
        try
        {
            return (InetSocketAddress)server.getLocalAddress();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
    }

    /** @return frames read so far, published once per read. */
    public long framesReceived()
    {
        return framesReceived.get();
    }

    /** @return the thread that answers. */
    public Thread thread()
    {
        return thread;
    }

    @Override
    public void run()
    {
        try
        {
            while (running)
            {
                idle.idle(channel == null ? accept() : serve());
            }
        }
        catch (final Throwable t)
        {
            failure = t;
        }
        finally
        {
            CloseHelper.quietCloseAll(channel, server);
        }
    }

    /**
     * Stops the thread and waits for it, bounded.
     *
     * @throws IllegalStateException if the loop failed, on a frame Cellwire would reject for one.
     */
    @Override
    public void close()
    {
        running = false;
        try
        {
            thread.join(JOIN_MS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        if (failure != null)
        {
            throw new IllegalStateException(thread.getName() + " failed", failure);
        }
    }

    private int accept() throws IOException
    {
        channel = server.accept();
        if (channel == null)
        {
            return 0;
        }
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        receiveLimit = 0;
        return 1;
    }

    private int serve()
    {
        try
        {
            receiveByteBuffer.limit(BUFFER_LENGTH).position(receiveLimit);
            final int read = channel.read(receiveByteBuffer);
            if (read < 0)
            {
                disconnect();
                return 1;
            }
            // frames left by a full send buffer are answered even when nothing new came in
            if (read == 0 && receiveLimit == 0)
            {
                return 0;
            }
            receiveLimit += read;
            final int end = FrameScanner.scan(receive, 0, receiveLimit, onFrame);
            if (end < 0)
            {
                throw new IllegalStateException("bad frame: " + DecodeError.of(end));
            }
            receive.putBytes(0, receive, end, receiveLimit - end);
            receiveLimit -= end;
            framesReceived.lazySet(frames);
            sendByteBuffer.limit(sendLimit).position(0);
            // a stop must not wait on a client that has stopped reading
            while (sendByteBuffer.hasRemaining() && running)
            {
                channel.write(sendByteBuffer);
            }
            sendLimit = 0;
        }
        catch (final IOException e)
        {
            // a client that resets has gone as surely as one that closes: the next one may connect
            disconnect();
        }
        return 1;
    }

    private void disconnect()
    {
        CloseHelper.quietClose(channel);
        channel = null;
        sendLimit = 0;
    }

    private boolean onFrame(
        final DirectBuffer buffer, final int offset, final int frameLength, final int headerLength, final int type)
    {
        if (sendLimit + FrameHeader.MAX_FRAME_SIZE > BUFFER_LENGTH)
        {
            return false;
        }
        sendLimit += answer.onFrame(buffer, offset, frameLength, send, sendLimit);
        frames++;
        return true;
    }
}
