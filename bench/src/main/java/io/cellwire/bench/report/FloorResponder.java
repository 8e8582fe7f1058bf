package io.cellwire.bench.report;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResultEncoder;
import io.cellwire.transport.FrameScanner;
import io.cellwire.transport.IdleStrategies;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
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

/**
 * The floor of the load phase: a peer that does the least a QUERY needs, so that no server, ours or another, can
 * answer the same load generator faster on this machine. One thread and one plain non-blocking NIO loop: it reads,
 * cuts frames ({@link FrameScanner}), decodes each QUERY with the generated flyweight and writes the RESULT
 * {@code [id form nil nil]} our demo node gives at once; it ignores any other frame. It idles with the run's strategy.
 * <p>
 * Thread ownership: the channels, buffers and codecs belong to the responder thread; {@link #close} sets a volatile
 * flag and joins it.
 */
final class FloorResponder implements AutoCloseable, Runnable, MessageHandler
{
    private static final int BUFFER_LENGTH = 64 * 1024;
    private static final long JOIN_MS = TimeUnit.SECONDS.toMillis(5);

    private final ServerSocketChannel server;
    private final IdleStrategy idle;
    private final ByteBuffer receiveByteBuffer = ByteBuffer.allocateDirect(BUFFER_LENGTH);
    private final UnsafeBuffer receive = new UnsafeBuffer(receiveByteBuffer);
    private final ByteBuffer sendByteBuffer = ByteBuffer.allocateDirect(BUFFER_LENGTH);
    private final UnsafeBuffer send = new UnsafeBuffer(sendByteBuffer);
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final ResultEncoder encoder = new ResultEncoder();
    private final FrameScanner.FrameSink onFrame = this::onFrame;
    private final Thread thread;
    private volatile boolean running = true;
    private SocketChannel channel;
    private int receiveLimit;
    private int sendLimit;

    private FloorResponder(final String idleStrategy) throws IOException
    {
        idle = IdleStrategies.of(idleStrategy);
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        server.configureBlocking(false);
        thread = new Thread(this, "floor-responder");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Listens on a free loopback port and starts answering.
     *
     * @param idleStrategy how the responder's thread idles: {@code spin}, {@code backoff} or {@code sleep}.
     * @return the running responder.
     */
    static FloorResponder start(final String idleStrategy)
    {
        try
        {
            return new FloorResponder(idleStrategy);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot start the floor responder", e);
        }
    }

    /**
     * Where the load generator connects.
     *
     * @return {@code 127.0.0.1:PORT}.
     */
    String endpoint()
    {
        try
        {
            return "127.0.0.1:" + ((InetSocketAddress)server.getLocalAddress()).getPort();
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
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
        catch (final IOException e)
        {
            throw new UncheckedIOException("floor responder failed", e);
        }
        finally
        {
            CloseHelper.quietCloseAll(channel, server);
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

    private int serve() throws IOException
    {
        receiveByteBuffer.limit(BUFFER_LENGTH).position(receiveLimit);
        final int read = channel.read(receiveByteBuffer);
        if (read < 0)
        {
            CloseHelper.quietClose(channel);
            channel = null;
            return 1;
        }
        if (read == 0 && receiveLimit == 0)
        {
            return 0;
        }
        receiveLimit += read;
        final int end = FrameScanner.scan(receive, 0, receiveLimit, onFrame);
        if (end < 0)
        {
            throw new IOException("bad frame from the load generator: code " + end);
        }
        receive.putBytes(0, receive, end, receiveLimit - end);
        receiveLimit -= end;
        sendByteBuffer.limit(sendLimit).position(0);
        while (sendByteBuffer.hasRemaining())
        {
            channel.write(sendByteBuffer);
        }
        sendLimit = 0;
        return 1;
    }

    private boolean onFrame(
        final DirectBuffer buffer, final int offset, final int frameLength, final int headerLength, final int type)
    {
        if (sendLimit + FrameHeader.MAX_FRAME_SIZE > BUFFER_LENGTH)
        {
            return false;
        }
        dispatcher.dispatchFrame(buffer, offset, frameLength, this);
        return true;
    }

    @Override
    public void onQuery(final QueryDecoder query)
    {
        if (!query.formIsRef())
        {
            sendLimit += encoder.wrapFrame(send, sendLimit).id(query.id())
                .value(query.buffer(), query.formOffset(), query.formLength()).errorNil().infoNil().finishFrame();
        }
    }

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
    }
}
