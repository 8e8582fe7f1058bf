package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The poller: accepts and opens connections, reads sockets into receive buffers, scans whole frames, copies them into
 * slots of their connection's handler lane, as many whole frames of one scan per slot as fit ({@link SlotRun}), and
 * writes each connection's outbound frames in batches. It never blocks and never runs application code.
 * <p>
 * Reads: with at most {@code directPollLimit} connections each socket is read directly every duty cycle (a
 * non-blocking read is cheaper than a select); above that, readiness comes from {@link Selector#selectNow(Consumer)},
 * whose consumer is a field, so selecting makes no garbage. While reads are direct the selector only has accepts
 * and connects to report, so it is polled at most once per {@code selectIntervalNs}, not every duty cycle: a
 * busy-spinning poller then makes one system call per connection per cycle, not two. Every read goes into one
 * shared buffer unless the connection already holds unfinished input; only what a read leaves unfinished (a frame
 * cut in two, frames the lane had no room for) moves into a buffer of the connection's own, from the
 * {@link ReceiveBufferPool}, which goes back once drained: idle connections hold no receive memory.
 * <p>
 * Scheduling and back pressure: with direct reads each duty cycle serves prioritized connections
 * ({@link Connection#prioritize()}) before the others, and a connection that is not prioritized may not take the last {@code prioritySlots} slots of a
 * lane, nor have more than {@code framesPerConnection} frames in its lane at once (its fair share when the lane backs
 * up).
 * While a connection finds no slot, it waits: the poller does not read it (its bytes stay in the kernel, TCP pushes
 * back on the sender), and a frame already read waits in its receive buffer, counted as a pause. Only once the lane
 * has released no slot for {@code laneFullGraceNs} (stuck, or far behind) does the poller read such connections and
 * ask the {@link LaneFullHandler} the context installed about each frame: it may consume the frame (answer or drop
 * it) or leave it to wait. A burst that a working lane drains is served, not shed. A connection whose outbound ring
 * is over ¾ full is not read either: its peer is not taking its replies, so the node stops making more for it until
 * the ring drains or the slow-consumer eviction closes it. Outbound connections all go to lane 0, so one lane's handler sees every link
 * this transport opened; inbound ones are spread round-robin.
 * <p>
 * No work per idle connection: a send, a commit or a close request queues its connection on a many-to-one ready
 * queue ({@link Connection#signal()}), and a flush writes only the connections named there and those whose socket did
 * not take everything last time (a pending list); connections their lane held back are retried from a paused list;
 * with selected reads, timeouts are checked {@value #SWEEP_LIMIT} connections per millisecond, round-robin.
 * <p>
 * Writes: in {@link ThreadingMode#DEDICATED} mode each duty cycle reads, then flushes. When the lanes
 * share the poller's thread ({@link ThreadingMode#SHARED}, {@link ThreadingMode#INVOKER}) the composite runs
 * {@link #flusher()}, the poller's reads, the lanes, then the flusher again: a reply a lane made from a frame read in
 * this duty cycle leaves in the same duty cycle, and a frame the application sent between two cycles leaves before
 * the next cycle's reads, instead of behind a read of every connection. A flusher with nothing queued makes no system
 * call. Frames are written from the outbound ring in place, many per gathering write ({@link OutboundWriter}).
 * <p>
 * Owned by one thread: every field is the poller thread's, except {@link #commands}, a many-to-one queue through which
 * other threads hand it connects, and {@link #ready}, the many-to-one queue of connections with something to do.
 */
final class Poller implements Agent
{
    private static final int MIN_RECONNECT_NS = 50_000_000;
    private static final int MAX_RECONNECT_NS = 2_000_000_000;
    private static final int COMMAND_LIMIT = 16;
    /** Connections accepted per select that reports the server socket ready. */
    private static final int ACCEPT_LIMIT = 64;
    /** Connections checked for limits per sweep once reads go through the selector. */
    private static final int SWEEP_LIMIT = 64;
    /** Time between sweeps: 64,000 connections checked per second. */
    private static final long SWEEP_INTERVAL_NS = 1_000_000;
    /** Connections taken from the ready queue per flush, so one flush stays bounded. */
    private static final int READY_LIMIT = 4096;
    /** Free receive buffers the pool has room for before its list grows. */
    private static final int RECEIVE_POOL_INITIAL = 64;

    private final Transport.Context context;
    private final SlotRing[] lanes;
    private final ConnectionTable table;
    private final TransportCounters counters;
    private final ManyToOneConcurrentArrayQueue<OutboundConnection> commands;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Connection[] active;
    /** Connections with output the socket did not take, written again each flush. */
    private final Connection[] pending;
    /** Connections their lane held back, read again each duty cycle. */
    private final Connection[] paused;
    /** Connections that sent, committed or asked to close since the last flush; any thread offers, the poller polls. */
    private final ManyToOneConcurrentArrayQueue<Connection> ready;
    private final OutboundWriter.Scratch writeScratch = new OutboundWriter.Scratch();
    /** Woken by a lane or application thread that queues a connection (a send, a commit, a close request). */
    private final ThreadWaker waker = new ThreadWaker();
    private final OutboundConnection[] outbound;
    private final Consumer<SelectionKey> onSelected = this::onSelected;
    private final FrameScanner.FrameSink onFrame = this::onFrame;
    /** The frames of the connection being scanned that go to its lane in one slot. */
    private final SlotRun run = new SlotRun();
    private final boolean writeInDutyCycle;
    private final Agent flusher = new Flusher();
    private final LaneFullHandler laneFullHandler;
    private final int ordinarySlotLimit;
    private final int framesPerConnection;
    private final int readBudget;
    private final long laneFullGraceNs;
    /** Per lane: its released-slot count when last looked at, and when it last changed. */
    private final long[] laneReleasedSeen;
    private final long[] laneProgressNs;
    private final long idleTimeoutNs;
    private final long frameTimeoutNs;
    private final long slowConsumerEvictionNs;
    private final long connectTimeoutNs;
    /** Ring bytes, and chunks, past which a connection's outbound queue counts as backed up: ¾ of each bound. */
    private final int slowConsumerThreshold;
    private final int slowConsumerChunks;
    private final OutboundChunks outboundChunks;
    /** Closed connections whose chunks go back to the pool once no sender is between a take and a commit. */
    private Connection[] closing;
    private final ReceiveBufferPool receivePool;
    private final ByteBuffer sharedReceiveByteBuffer;
    private final UnsafeBuffer sharedReceiveBuffer;

    private int activeCount;
    private int pendingCount;
    private int pausedCount;
    private int closingCount;
    private int sweepCursor;
    private long nextSweepNs;
    private int outboundCount;
    private int nextLane;
    private Connection current;
    private long nowNs;
    private long nextSelectNs;
    private boolean selectReads;

    Poller(
        final Transport.Context context,
        final SlotRing[] lanes,
        final ConnectionTable table,
        final TransportCounters counters,
        final ManyToOneConcurrentArrayQueue<OutboundConnection> commands) throws IOException
    {
        this.context = context;
        this.lanes = lanes;
        this.table = table;
        this.counters = counters;
        this.commands = commands;
        writeInDutyCycle = context.threadingMode() == ThreadingMode.DEDICATED;
        laneFullHandler = context.laneFullHandler();
        ordinarySlotLimit = context.slotsPerLane() - context.prioritySlots();
        framesPerConnection = context.framesPerConnection();
        readBudget = context.readBudgetBytes();
        laneFullGraceNs = context.laneFullGraceNs();
        laneReleasedSeen = new long[lanes.length];
        laneProgressNs = new long[lanes.length];
        Arrays.fill(laneReleasedSeen, -1);
        idleTimeoutNs = context.idleTimeoutNs();
        frameTimeoutNs = context.frameTimeoutNs();
        slowConsumerEvictionNs = context.slowConsumerEvictionNs();
        connectTimeoutNs = context.connectTimeoutNs();
        slowConsumerThreshold = context.outboundRingLength() / 4 * 3;
        slowConsumerChunks = context.outboundChunksPerConnection() / 4 * 3;
        outboundChunks = new OutboundChunks(context.outboundChunks(), counters);
        receivePool = new ReceiveBufferPool(context.receiveBufferLength(), RECEIVE_POOL_INITIAL);
        sharedReceiveByteBuffer =
            BufferUtil.allocateDirectAligned(context.receiveBufferLength(), BitUtil.CACHE_LINE_LENGTH);
        sharedReceiveBuffer = new UnsafeBuffer(sharedReceiveByteBuffer);
        active = new Connection[table.capacity()];
        pending = new Connection[table.capacity()];
        paused = new Connection[table.capacity()];
        closing = new Connection[table.capacity()];
        // one entry per connection open, or closed since the last flush: twice the limit always has room
        ready = new ManyToOneConcurrentArrayQueue<>(2 * table.capacity());
        outbound = new OutboundConnection[table.capacity()];
        selector = Selector.open();
        if (context.port() >= 0)
        {
            server = ServerSocketChannel.open();
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(new InetSocketAddress(context.host(), context.port()), context.acceptBacklog());
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
        }
        else
        {
            server = null;
        }
    }

    /**
     * The address the server socket listens on.
     *
     * @return the bound address, or null when not listening.
     */
    InetSocketAddress localAddress() throws IOException
    {
        return server == null ? null : (InetSocketAddress)server.getLocalAddress();
    }

    @Override
    public int doWork()
    {
        final long start = System.nanoTime();
        nowNs = start;
        int work = takeCommands();
        work += reconnect();
        work += select();
        if (selectReads)
        {
            work += retryPaused();
            work += sweep();
        }
        else
        {
            work += service(true);
            work += service(false);
        }
        if (writeInDutyCycle)
        {
            work += flush();
        }
        final long duration = System.nanoTime() - start;
        if (duration > counters.maxDutyCycleNs.getPlain())
        {
            counters.maxDutyCycleNs.setRelease(duration);
        }
        return work;
    }

    /**
     * With few connections (reads direct, not selected): reads the prioritized or the other connections and closes
     * those that asked to close or outlived a limit. Prioritized connections go first, so their frames take lane slots
     * first.
     */
    private int service(final boolean prioritized)
    {
        int work = 0;
        for (int i = 0; i < activeCount; i++)
        {
            final Connection connection = active[i];
            if (connection.prioritized != prioritized)
            {
                continue;
            }
            if (connection.closeRequested || connection.state == Connection.CLOSED || expired(connection))
            {
                close(connection);
                i--;
                work++;
                continue;
            }
            work += read(connection);
        }
        return work;
    }

    /**
     * With many connections: every {@link #SWEEP_INTERVAL_NS} checks at most {@link #SWEEP_LIMIT} of them for a close
     * request or an outlived limit, taking up where the last sweep stopped, so the duty cycle's cost does not grow with
     * idle connections (each check is a cache miss or two); the limits are seconds long, and a close request is also
     * acted on through the ready queue.
     */
    private int sweep()
    {
        if (nowNs - nextSweepNs < 0)
        {
            return 0;
        }
        nextSweepNs = nowNs + SWEEP_INTERVAL_NS;
        int work = 0;
        final int count = Math.min(activeCount, SWEEP_LIMIT);
        for (int i = 0; i < count && activeCount > 0; i++)
        {
            if (sweepCursor >= activeCount)
            {
                sweepCursor = 0;
            }
            final Connection connection = active[sweepCursor];
            if (connection.closeRequested || connection.state == Connection.CLOSED || expired(connection))
            {
                // close moves the last active connection into this place, which the next step checks
                close(connection);
                work++;
                continue;
            }
            sweepCursor++;
        }
        return work;
    }

    /** Reads again each connection its lane held back, which the selector does not report while held. */
    private int retryPaused()
    {
        int work = 0;
        int i = 0;
        while (i < pausedCount)
        {
            final Connection connection = paused[i];
            if (connection.state == Connection.ACTIVE && connection.lanePaused)
            {
                work += read(connection);
            }
            if (connection.state != Connection.ACTIVE || !connection.lanePaused)
            {
                connection.pauseListed = false;
                paused[i] = paused[--pausedCount];
                paused[pausedCount] = null;
                continue;
            }
            i++;
        }
        return work;
    }

    /**
     * Whether a connection has outlived a limit: an outbound connect not done within the connect timeout (the kernel
     * would otherwise wait out its SYN retries), nothing read for the idle timeout, or a frame begun and not finished
     * within the frame timeout (slowloris; not while the lane holds it back). Counts the reason. (A slow consumer is
     * found where its output is written: {@link #flush()}.)
     */
    private boolean expired(final Connection connection)
    {
        if (connection.state == Connection.CONNECTING)
        {
            if (nowNs - connection.lastReadNs > connectTimeoutNs)
            {
                counters.connectTimeouts.incrementRelease();
                return true;
            }
            return false;
        }
        if (connection.state != Connection.ACTIVE)
        {
            return false;
        }
        if (idleTimeoutNs > 0 && nowNs - connection.lastReadNs > idleTimeoutNs)
        {
            counters.connectionsIdle.incrementRelease();
            return true;
        }
        if (connection.partialSinceNs != 0 && !connection.lanePaused && nowNs - connection.partialSinceNs > frameTimeoutNs)
        {
            counters.connectionsFrameTimeout.incrementRelease();
            return true;
        }
        return false;
    }

    /**
     * The agent that writes every connection's outbound frames, to run after the lanes on the poller's thread when
     * they share it; does nothing in {@link ThreadingMode#DEDICATED} mode, where the poller writes in its own cycle.
     *
     * @return the flusher.
     */
    Agent flusher()
    {
        return flusher;
    }

    /**
     * Writes what the connections have queued: first those whose socket did not take everything last time, then each
     * connection the ready queue names (a send, a commit or a close request since the last flush). Idle connections
     * cost nothing here. A connection whose outbound ring stays over ¾ full is not read, and is evicted after
     * {@code slowConsumerEvictionNs}.
     */
    private int flush()
    {
        int work = closingCount > 0 ? discardClosing() : 0;
        int i = 0;
        while (i < pendingCount)
        {
            final Connection connection = pending[i];
            if (writePendingKeeps(connection))
            {
                i++;
                work++;
                continue;
            }
            connection.writePending = false;
            pending[i] = pending[--pendingCount];
            pending[pendingCount] = null;
        }
        for (int taken = 0; taken < READY_LIMIT; taken++)
        {
            final Connection connection = ready.poll();
            if (connection == null)
            {
                break;
            }
            connection.clearSignal();
            work++;
            if (connection.state == Connection.CLOSED)
            {
                continue;
            }
            if (connection.closeRequested)
            {
                close(connection);
                continue;
            }
            if (connection.state == Connection.ACTIVE && !connection.writePending)
            {
                write(connection);
                if (connection.state == Connection.ACTIVE && connection.outboundQueue.ringSize() > 0)
                {
                    connection.writePending = true;
                    pending[pendingCount++] = connection;
                    watchSlowConsumer(connection);
                }
            }
        }
        return work;
    }

    /**
     * Gives back the chunks of a closed connection's queued frames, unless a sender may still be adding one.
     *
     * @return true once nothing of the connection's is queued any more.
     */
    private static boolean discardOutbound(final Connection connection)
    {
        final OutboundQueue queue = connection.outboundQueue;
        return queue.chunkSenders() == 0 && queue.discard();
    }

    /** Retries the closed connections whose senders were still adding frames when they closed. */
    private int discardClosing()
    {
        int work = 0;
        int i = 0;
        while (i < closingCount)
        {
            if (discardOutbound(closing[i]))
            {
                closing[i] = closing[--closingCount];
                closing[closingCount] = null;
                work++;
            }
            else
            {
                i++;
            }
        }
        return work;
    }

    /** Writes a connection with output left over; true while some is still left (it stays on the pending list). */
    private boolean writePendingKeeps(final Connection connection)
    {
        if (connection.state != Connection.ACTIVE)
        {
            return false;
        }
        if (connection.closeRequested)
        {
            close(connection);
            return false;
        }
        write(connection);
        if (connection.state != Connection.ACTIVE)
        {
            return false;
        }
        if (connection.outboundQueue.ringSize() == 0)
        {
            if (connection.outboundFullSinceNs != 0)
            {
                connection.outboundFullSinceNs = 0;
                updateInterest(connection);
            }
            return false;
        }
        return watchSlowConsumer(connection);
    }

    /**
     * Holds back reading a connection whose outbound ring or chunk share is over ¾ full (its peer is not taking its
     * replies), lets it be read again once below, and evicts it when it stays over for the eviction time.
     *
     * @return false if it was evicted.
     */
    private boolean watchSlowConsumer(final Connection connection)
    {
        final OutboundQueue queue = connection.outboundQueue;
        if (queue.ringSize() > slowConsumerThreshold || queue.chunksHeld() > slowConsumerChunks)
        {
            if (connection.outboundFullSinceNs == 0)
            {
                connection.outboundFullSinceNs = nowNs;
                counters.outboundBackPressure.incrementRelease();
                updateInterest(connection);
            }
            else if (nowNs - connection.outboundFullSinceNs > slowConsumerEvictionNs)
            {
                counters.connectionsEvicted.incrementRelease();
                close(connection);
                return false;
            }
        }
        else if (connection.outboundFullSinceNs != 0)
        {
            connection.outboundFullSinceNs = 0;
            updateInterest(connection);
        }
        return true;
    }

    private int takeCommands()
    {
        int work = 0;
        OutboundConnection request;
        while (work < COMMAND_LIMIT && (request = commands.poll()) != null)
        {
            if (outboundCount == outbound.length)
            {
                counters.connectionsRejected.incrementRelease();
                continue;
            }
            outbound[outboundCount++] = request;
            request.nextAttemptNs = nowNs;
            work++;
        }
        return work;
    }

    private int reconnect()
    {
        int work = 0;
        for (int i = 0; i < outboundCount; i++)
        {
            final OutboundConnection request = outbound[i];
            if (request.closed)
            {
                final Connection connection = table.get(request.connectionId);
                if (connection != null)
                {
                    connection.requestClose();
                }
                outbound[i] = outbound[--outboundCount];
                outbound[outboundCount] = null;
                i--;
                continue;
            }
            if (request.connectionId == OutboundConnection.NOT_CONNECTED && nowNs - request.nextAttemptNs >= 0)
            {
                open(request);
                work++;
            }
        }
        return work;
    }

    private void open(final OutboundConnection request)
    {
        request.attempts++;
        request.backoffNs = Math.min(MAX_RECONNECT_NS, Math.max(MIN_RECONNECT_NS, request.backoffNs * 2));
        request.nextAttemptNs = nowNs + request.backoffNs;
        final long id = table.nextId();
        if (id < 0)
        {
            counters.connectionsRejected.incrementRelease();
            return;
        }
        SocketChannel channel = null;
        try
        {
            channel = SocketChannel.open();
            configure(channel);
            final Connection connection = newConnection(id, channel, true);
            request.connectionId = id;
            if (channel.connect(request.address))
            {
                connection.state = Connection.ACTIVE;
                // frames sent while it was connecting wait in its ring: have the next flush write them
                connection.signal();
                connection.key = channel.register(selector, selectReads ? SelectionKey.OP_READ : 0, connection);
            }
            else
            {
                connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
            }
            counters.connectionsOpened.incrementRelease();
        }
        catch (final IOException e)
        {
            CloseHelper.quietClose(channel);
            request.connectionId = OutboundConnection.NOT_CONNECTED;
            counters.connectionsReset.incrementRelease();
        }
    }

    private int select()
    {
        if (!selectReads)
        {
            if (nowNs - nextSelectNs < 0)
            {
                return 0;
            }
            nextSelectNs = nowNs + context.selectIntervalNs();
        }
        try
        {
            return selector.selectNow(onSelected);
        }
        catch (final IOException e)
        {
            context.errorHandler().onError(e);
            return 0;
        }
    }

    private void onSelected(final SelectionKey key)
    {
        if (!key.isValid())
        {
            return;
        }
        if (key.isAcceptable())
        {
            // the backlog may hold many: take a bounded batch per select, not one per duty cycle
            int accepted = 0;
            while (accepted < ACCEPT_LIMIT && accept())
            {
                accepted++;
            }
            return;
        }
        final Connection connection = (Connection)key.attachment();
        if (key.isConnectable())
        {
            finishConnect(connection);
        }
        else if (key.isReadable())
        {
            read(connection);
        }
    }

    /** Accepts one pending connection, or refuses it past the limit; false when none was pending. */
    private boolean accept()
    {
        SocketChannel channel = null;
        try
        {
            channel = server.accept();
            if (channel == null)
            {
                return false;
            }
            final long id = table.nextId();
            if (id < 0 || activeCount >= context.maxConnections())
            {
                counters.connectionsRejected.incrementRelease();
                channel.close();
                return true;
            }
            configure(channel);
            final Connection connection = newConnection(id, channel, false);
            connection.key = channel.register(selector, selectReads ? SelectionKey.OP_READ : 0, connection);
            counters.connectionsAccepted.incrementRelease();
        }
        catch (final IOException e)
        {
            CloseHelper.quietClose(channel);
            counters.connectionsReset.incrementRelease();
        }
        return true;
    }

    private void configure(final SocketChannel channel) throws IOException
    {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        if (context.socketReceiveBufferLength() > 0)
        {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, context.socketReceiveBufferLength());
        }
        if (context.socketSendBufferLength() > 0)
        {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, context.socketSendBufferLength());
        }
    }

    private Connection newConnection(final long id, final SocketChannel channel, final boolean isOutbound)
    {
        final int lane = isOutbound ? 0 : nextLane;
        if (!isOutbound)
        {
            nextLane = (nextLane + 1) % lanes.length;
        }
        final Connection connection = new Connection(
            id, lane, isOutbound, channel,
            new OutboundQueue(context.outboundRingLength(), outboundChunks, context.outboundChunksPerConnection()),
            ready, waker, writeScratch);
        connection.lastReadNs = nowNs;
        table.add(connection);
        active[activeCount++] = connection;
        counters.connectionsActive.setRelease(activeCount);
        updateReadMode();
        return connection;
    }

    private void finishConnect(final Connection connection)
    {
        try
        {
            if (connection.channel.finishConnect())
            {
                connection.state = Connection.ACTIVE;
                // frames sent while it was connecting wait in its ring: have the next flush write them
                connection.signal();
                connection.key.interestOps(selectReads ? SelectionKey.OP_READ : 0);
                for (int i = 0; i < outboundCount; i++)
                {
                    if (outbound[i].connectionId == connection.id)
                    {
                        outbound[i].backoffNs = 0;
                    }
                }
            }
        }
        catch (final IOException e)
        {
            counters.connectionsReset.incrementRelease();
            connection.requestClose();
        }
    }

    /** Switches between direct reads and selected reads as the connection count crosses the limit. */
    private void updateReadMode()
    {
        final boolean select = activeCount > context.directPollLimit();
        if (select == selectReads)
        {
            return;
        }
        selectReads = select;
        for (int i = 0; i < activeCount; i++)
        {
            updateInterest(active[i]);
        }
    }

    /**
     * Sets what the selector watches a connection for: reads while reads go through the selector and the connection
     * is not held back (its lane full, or its outbound queue over ¾ full), nothing otherwise, so a held connection
     * with unread bytes is not reported ready on every select.
     */
    private void updateInterest(final Connection connection)
    {
        if (connection.state != Connection.ACTIVE || connection.key == null || !connection.key.isValid())
        {
            return;
        }
        final int ops = selectReads && !connection.lanePaused && connection.outboundFullSinceNs == 0 ?
            SelectionKey.OP_READ : 0;
        if (connection.key.interestOps() != ops)
        {
            connection.key.interestOps(ops);
        }
    }

    private int read(final Connection connection)
    {
        if (connection.state != Connection.ACTIVE)
        {
            return 0;
        }
        if (connection.outboundFullSinceNs != 0)
        {
            return 0;
        }
        if (connection.lanePaused)
        {
            scan(connection);
            if (connection.lanePaused)
            {
                return 0;
            }
        }
        // a connection with nothing unfinished reads into the shared buffer and takes a pooled one only if the read
        // ends inside a frame or its lane cannot take every frame; while its lane has no slot for it, its bytes stay
        // in the kernel, which pushes back on the sender, rather than in a buffer of ours
        final boolean own = connection.receiveByteBuffer != null;
        if (!own && !connection.prioritized && hasNoSlot(connection) && !laneStalled(connection.lane))
        {
            return 0;
        }
        final ByteBuffer target = own ? connection.receiveByteBuffer : sharedReceiveByteBuffer;
        final int bytes;
        try
        {
            target.limit(Math.min(target.capacity(), connection.receiveLimit + readBudget))
                .position(connection.receiveLimit);
            bytes = connection.channel.read(target);
        }
        catch (final IOException e)
        {
            counters.connectionsReset.incrementRelease();
            connection.requestClose();
            return 1;
        }
        if (bytes < 0)
        {
            counters.connectionsEndOfStream.incrementRelease();
            connection.requestClose();
            return 1;
        }
        if (bytes == 0)
        {
            return 0;
        }
        connection.lastReadNs = nowNs;
        connection.receiveLimit += bytes;
        counters.bytesIn.getAndAddRelease(bytes);
        if (own)
        {
            scan(connection);
        }
        else
        {
            scanShared(connection);
        }
        return 1;
    }

    /** Scans what was read into the shared buffer; what is left unfinished moves to a buffer of the connection's. */
    private void scanShared(final Connection connection)
    {
        final int end = scan(connection, sharedReceiveBuffer);
        if (end < 0 || connection.receiveLimit == 0)
        {
            connection.receiveStart = 0;
            connection.receiveLimit = 0;
            return;
        }
        final int remaining = connection.receiveLimit - end;
        connection.receiveByteBuffer = receivePool.acquire();
        connection.receiveBuffer.wrap(connection.receiveByteBuffer);
        connection.receiveBuffer.putBytes(0, sharedReceiveBuffer, end, remaining);
        connection.receiveStart = 0;
        connection.receiveLimit = remaining;
        counters.receiveBuffersInUse.setRelease(receivePool.inUse());
        counters.receiveBuffersAllocated.setRelease(receivePool.allocated());
    }

    /** Scans a connection's own buffer; a drained buffer goes back to the pool. */
    private void scan(final Connection connection)
    {
        final int end = scan(connection, connection.receiveBuffer);
        if (end >= 0 && connection.receiveLimit == 0)
        {
            releaseReceiveBuffer(connection);
            return;
        }
        if (end >= 0 && connection.receiveBuffer.capacity() - connection.receiveLimit < FrameHeader.MAX_FRAME_SIZE)
        {
            final int remaining = connection.receiveLimit - end;
            connection.receiveBuffer.putBytes(0, connection.receiveBuffer, end, remaining);
            connection.receiveStart = 0;
            connection.receiveLimit = remaining;
        }
    }

    /**
     * Hands the whole frames between the connection's receive start and limit in {@code buffer} to the lanes, as far
     * as they take them, and moves the receive start past them (both to 0 once everything is taken).
     *
     * @return where the unfinished input starts (the receive limit is then 0 if there is none), or a negative
     * {@code DecodeError} code (the connection is closing).
     */
    private int scan(final Connection connection, final UnsafeBuffer buffer)
    {
        current = connection;
        connection.lanePaused = false;
        final int end = FrameScanner.scan(buffer, connection.receiveStart, connection.receiveLimit, onFrame);
        if (run.isOpen())
        {
            publishRun();
        }
        current = null;
        updateInterest(connection);
        if (end < 0)
        {
            counters.error(end);
            connection.requestClose();
            return end;
        }
        final boolean progressed = end > connection.receiveStart;
        connection.receiveStart = end;
        if (end == connection.receiveLimit)
        {
            connection.receiveStart = 0;
            connection.receiveLimit = 0;
            connection.partialSinceNs = 0;
            return end;
        }
        if (progressed || connection.partialSinceNs == 0)
        {
            connection.partialSinceNs = nowNs;
        }
        return end;
    }

    private void releaseReceiveBuffer(final Connection connection)
    {
        if (connection.receiveByteBuffer != null)
        {
            receivePool.release(connection.receiveByteBuffer);
            connection.receiveByteBuffer = null;
            connection.receiveBuffer.wrap(0, 0);
            counters.receiveBuffersInUse.setRelease(receivePool.inUse());
        }
    }

    /**
     * Takes one whole frame of the connection being scanned: appends it to the open run if it fits, else publishes
     * that run and opens one in a new slot, if the connection may have one.
     */
    private boolean onFrame(
        final DirectBuffer buffer, final int offset, final int frameLength, final int headerLength, final int type)
    {
        final Connection connection = current;
        if (run.isOpen())
        {
            if ((connection.prioritized || connection.framesHeld() < framesPerConnection) &&
                run.append(buffer, offset, frameLength))
            {
                connection.framesPublished++;
                counters.framesIn[type].incrementRelease();
                return true;
            }
            publishRun();
        }
        final SlotRing ring = lanes[connection.lane];
        final int slot = !connection.prioritized && hasNoSlot(connection) ? -1 : ring.claim();
        if (slot < 0)
        {
            if (laneFullHandler != null && laneStalled(connection.lane))
            {
                final int outcome =
                    laneFullHandler.onLaneFull(connection, buffer, offset, frameLength, headerLength, type);
                if (outcome == LaneFullHandler.CONSUMED)
                {
                    counters.framesIn[type].incrementRelease();
                    return true;
                }
                if (outcome < 0)
                {
                    counters.error(outcome);
                    connection.requestClose();
                    return false;
                }
            }
            connection.lanePaused = true;
            if (!connection.pauseListed)
            {
                connection.pauseListed = true;
                paused[pausedCount++] = connection;
            }
            counters.lanePauses.incrementRelease();
            return false;
        }
        run.open(ring, slot, connection.id, nowNs);
        run.append(buffer, offset, frameLength);
        connection.framesPublished++;
        counters.framesIn[type].incrementRelease();
        return true;
    }

    /** Hands the open run to its lane: one handoff for every frame in it. */
    private void publishRun()
    {
        final SlotRing ring = run.publish();
        if (ring.highWaterMark() > counters.slotHighWaterMark.getPlain())
        {
            counters.slotHighWaterMark.setRelease(ring.highWaterMark());
        }
    }

    /** Whether a connection that is not prioritized finds no slot: its lane is full, or it holds its share. */
    private boolean hasNoSlot(final Connection connection)
    {
        return lanes[connection.lane].occupancy() >= ordinarySlotLimit || connection.framesHeld() >= framesPerConnection;
    }

    /**
     * Whether a lane has released no slot for {@code laneFullGraceNs}, asked while a connection finds no slot in it: a
     * lane that releases slots is busy, not stuck, and its connections wait their turn with their bytes in the
     * kernel; a stalled one makes the poller read them and ask the {@link LaneFullHandler}.
     */
    private boolean laneStalled(final int lane)
    {
        final long released = lanes[lane].released();
        if (released != laneReleasedSeen[lane])
        {
            laneReleasedSeen[lane] = released;
            laneProgressNs[lane] = nowNs;
        }
        return nowNs - laneProgressNs[lane] >= laneFullGraceNs;
    }

    private int write(final Connection connection)
    {
        try
        {
            return connection.writer.write(connection.channel, counters) > 0 ? 1 : 0;
        }
        catch (final IOException e)
        {
            counters.connectionsReset.incrementRelease();
            connection.requestClose();
            return 1;
        }
    }

    private void close(final Connection connection)
    {
        connection.state = Connection.CLOSED;
        CloseHelper.quietClose(connection.channel);
        if (connection.key != null)
        {
            connection.key.cancel();
        }
        table.remove(connection);
        releaseReceiveBuffer(connection);
        if (!discardOutbound(connection))
        {
            if (closingCount == closing.length)
            {
                closing = Arrays.copyOf(closing, 2 * closing.length);
            }
            closing[closingCount++] = connection;
        }
        for (int i = 0; i < activeCount; i++)
        {
            if (active[i] == connection)
            {
                active[i] = active[--activeCount];
                active[activeCount] = null;
                break;
            }
        }
        for (int i = 0; i < outboundCount; i++)
        {
            if (outbound[i].connectionId == connection.id)
            {
                outbound[i].connectionId = OutboundConnection.NOT_CONNECTED;
            }
        }
        counters.connectionsClosed.incrementRelease();
        counters.connectionsActive.setRelease(activeCount);
        updateReadMode();
    }

    @Override
    public void onStart()
    {
        waker.ownedByCurrentThread();
    }

    @Override
    public void onClose()
    {
        flush();
        while (activeCount > 0)
        {
            close(active[0]);
        }
        CloseHelper.quietClose(server);
        CloseHelper.quietClose(selector);
    }

    @Override
    public String roleName()
    {
        return "cellwire-poller";
    }

    /** The poller's write half as an agent of its own, for the composite of a shared thread. */
    private final class Flusher implements Agent
    {
        @Override
        public int doWork()
        {
            return writeInDutyCycle ? 0 : flush();
        }

        @Override
        public String roleName()
        {
            return "cellwire-flusher";
        }
    }
}
