package io.cellwire.bench.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.IntSupplier;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import org.HdrHistogram.Histogram;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Netty 4.2 baseline: NIO transport, one event loop thread per side, pooled direct buffers, TCP_NODELAY, our frame
 * header cut by {@link NettyFrameDecoder}, an echo handler on the server. The event loops either block in
 * {@code select()} when idle (Netty's default, {@code netty}) or poll with {@code selectNow()} and never block
 * ({@code netty-spin}, a custom {@link SelectStrategy}: busy polling as Cellwire and raw NIO do).
 * <p>
 * Ping-pong: the client's handler, on its event loop, copies the request into a pooled buffer, stamps
 * {@code System.nanoTime()} and writes and flushes it; on the reply it records the round trip and sends the next.
 * The server answers each QUERY with the prepared RESULT in a new pooled buffer and echoes each DATA frame's buffer
 * as it is. Streaming: the client writes while the channel is writable and flushes, again when it becomes writable;
 * the server counts. The benchmark thread only sleeps and flips the phase.
 * <p>
 * Owned by the benchmark thread; the handlers belong to their event loops.
 */
final class NettyBench extends Contender
{
    /** Name in the report of the default configuration. */
    static final String NAME = "netty";
    /** Name in the report of the busy-polling configuration. */
    static final String SPIN_NAME = "netty-spin";

    private static final int WARMUP = 0;
    private static final int MEASURE = 1;
    private static final int STOP = 2;

    private final boolean spin;

    NettyBench(final boolean spin)
    {
        this.spin = spin;
        // convex-core puts slf4j-api without a binding on the class path; Netty would pick it and SLF4J warn
        InternalLoggerFactory.setDefaultFactory(JdkLoggerFactory.INSTANCE);
    }

    @Override
    String name()
    {
        return spin ? SPIN_NAME : NAME;
    }

    @Override
    Phase phase(final BenchFrames frames, final boolean pingPong)
    {
        return new NettyPhase(frames, pingPong);
    }

    /**
     * A server and a client event loop group of one thread each, connected. The benchmark thread only sleeps and
     * flips the client's phase; the handlers run on the event loops.
     */
    private final class NettyPhase implements Phase
    {
        private final ServerHandler server;
        private final ClientHandler client;
        private EventLoopGroup serverGroup;
        private EventLoopGroup clientGroup;
        private Thread serverThread;
        private Thread clientThread;

        NettyPhase(final BenchFrames frames, final boolean pingPong)
        {
            server = new ServerHandler(frames, pingPong);
            client = new ClientHandler(frames, pingPong);
        }

        @Override
        public void start()
        {
            final IoHandlerFactory factory = spin ?
                NioIoHandler.newFactory(SelectorProvider.provider(), BusyPoll.FACTORY) : NioIoHandler.newFactory();
            serverGroup = new MultiThreadIoEventLoopGroup(1, factory);
            clientGroup = new MultiThreadIoEventLoopGroup(1, factory);
            final Channel listener = new ServerBootstrap()
                .group(serverGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel channel)
                    {
                        channel.pipeline().addLast(new NettyFrameDecoder(), server);
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
            serverThread = eventLoopThread(serverGroup);
            clientThread = eventLoopThread(clientGroup);
            new Bootstrap()
                .group(clientGroup)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel channel)
                    {
                        channel.pipeline().addLast(new NettyFrameDecoder(), client);
                    }
                })
                .connect(listener.localAddress()).syncUninterruptibly();
        }

        @Override
        public void warmUp(final long endNs, final Histogram scratch)
        {
            // the client's handler is already sending, unmeasured, since it connected
            sleepUntil(endNs, client);
        }

        @Override
        public void measure(final long endNs, final Histogram histogram)
        {
            // the volatile phase write publishes the histogram to the event loop
            client.histogram = histogram;
            client.phase = MEASURE;
            sleepUntil(endNs, client);
            client.phase = STOP;
        }

        @Override
        public Thread clientThread()
        {
            return clientThread;
        }

        @Override
        public Thread serverThread()
        {
            return serverThread;
        }

        @Override
        public long serverReceived()
        {
            return server.received.get();
        }

        @Override
        public void awaitQuiet()
        {
            final long deadline = System.nanoTime() + BenchSettings.TIMEOUT_NS;
            while (!client.stopped && client.failure == null && System.nanoTime() - deadline < 0)
            {
                Thread.onSpinWait();
            }
        }

        @Override
        public String note()
        {
            return client.failure != null ? "client failed: " + client.failure :
                server.failure != null ? "server failed: " + server.failure : "";
        }

        @Override
        public void close()
        {
            try
            {
                shutDown(clientGroup);
            }
            finally
            {
                shutDown(serverGroup);
            }
        }
    }

    private static void shutDown(final EventLoopGroup group)
    {
        if (group != null)
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    private static Thread eventLoopThread(final EventLoopGroup group)
    {
        try
        {
            return group.next().submit(Thread::currentThread).get(BenchSettings.TIMEOUT_NS, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e)
        {
            throw new IllegalStateException("cannot reach a Netty event loop", e);
        }
    }

    private static void sleepUntil(final long endNs, final ClientHandler client)
    {
        long remaining;
        while ((remaining = endNs - System.nanoTime()) > 0)
        {
            if (client.failure != null)
            {
                throw new IllegalStateException("Netty client failed", client.failure);
            }
            try
            {
                TimeUnit.NANOSECONDS.sleep(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(100)));
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Polls with {@code selectNow()} every loop and never blocks. Stateless. */
    private static final class BusyPoll implements SelectStrategy
    {
        static final SelectStrategyFactory FACTORY = BusyPoll::new;

        @Override
        public int calculateStrategy(final IntSupplier selectSupplier, final boolean hasTasks) throws Exception
        {
            return selectSupplier.get();
        }
    }

    /**
     * The client's handler: ping-pong or streaming, as the phase the benchmark thread sets allows. Runs on the client
     * event loop; {@link #histogram} and then {@link #phase} are written by the benchmark thread, which reads the
     * histogram again once {@link #stopped} is set.
     */
    private static final class ClientHandler extends ChannelInboundHandlerAdapter
    {
        private final BenchFrames frames;
        private final boolean pingPong;
        private final Runnable pump = this::pump;
        private ChannelHandlerContext context;
        private long sendTimeNs;
        Histogram histogram;
        volatile int phase = WARMUP;
        volatile boolean stopped;
        volatile Throwable failure;

        ClientHandler(final BenchFrames frames, final boolean pingPong)
        {
            this.frames = frames;
            this.pingPong = pingPong;
        }

        @Override
        public boolean isSharable()
        {
            return true;
        }

        @Override
        public void channelActive(final ChannelHandlerContext ctx)
        {
            context = ctx;
            if (pingPong)
            {
                send();
            }
            else
            {
                pump();
            }
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            final long now = System.nanoTime();
            final ByteBuf frame = (ByteBuf)msg;
            final int length = frame.readableBytes();
            frame.release();
            final int current = phase;
            if (current == MEASURE)
            {
                histogram.recordValue(now - sendTimeNs);
            }
            if (length != frames.replyLength)
            {
                failure = new IllegalStateException("reply of " + length + " bytes, expected " + frames.replyLength);
            }
            if (current == STOP)
            {
                stopped = true;
                return;
            }
            send();
        }

        private void send()
        {
            final ByteBuf request = context.alloc().directBuffer(frames.requestLength);
            request.writeBytes(frames.requestBytes);
            sendTimeNs = System.nanoTime();
            context.writeAndFlush(request, context.voidPromise());
        }

        private void pump()
        {
            final Channel channel = context.channel();
            while (channel.isWritable())
            {
                if (phase == STOP)
                {
                    stopped = true;
                    break;
                }
                final ByteBuf request = context.alloc().directBuffer(frames.requestLength);
                request.writeBytes(frames.requestBytes);
                context.write(request, context.voidPromise());
            }
            context.flush();
            if (channel.isWritable() && !stopped)
            {
                channel.eventLoop().execute(pump);
            }
        }

        @Override
        public void channelWritabilityChanged(final ChannelHandlerContext ctx)
        {
            if (!pingPong && ctx.channel().isWritable() && !stopped)
            {
                pump();
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            failure = cause;
            ctx.close();
        }
    }

    /**
     * The server's handler: answers QUERY with the prepared RESULT, echoes DATA, or, when streaming, counts. Shared by
     * the server's channels (one here); runs on the server event loop; {@link #received} is read by the benchmark
     * thread.
     */
    private static final class ServerHandler extends ChannelInboundHandlerAdapter
    {
        private final BenchFrames frames;
        private final boolean reply;
        private final AtomicLong received = new AtomicLong();
        private long count;
        volatile Throwable failure;

        ServerHandler(final BenchFrames frames, final boolean reply)
        {
            this.frames = frames;
            this.reply = reply;
        }

        @Override
        public boolean isSharable()
        {
            return true;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            final ByteBuf frame = (ByteBuf)msg;
            received.lazySet(++count);
            if (!reply)
            {
                frame.release();
                return;
            }
            if (frames.isQuery())
            {
                frame.release();
                final ByteBuf result = ctx.alloc().directBuffer(frames.replyLength);
                result.writeBytes(frames.replyBytes);
                ctx.writeAndFlush(result, ctx.voidPromise());
            }
            else
            {
                ctx.writeAndFlush(frame, ctx.voidPromise());
            }
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            failure = cause;
            ctx.close();
        }
    }
}
