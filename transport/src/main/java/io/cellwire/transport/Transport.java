package io.cellwire.transport;

import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A running transport: one poller and its handler lanes, on threads as {@link ThreadingMode} says. It listens when a
 * port is configured and opens outbound connections on request; the application's handlers run on the lanes.
 * <pre>
 *   Transport transport = Transport.launch(new Transport.Context().port(0).handlerFactory(session -&gt; handler));
 *   OutboundConnection peer = transport.connect(new InetSocketAddress("127.0.0.1", 18888));
 *   ...
 *   transport.close();
 * </pre>
 * Thread ownership: {@link #connect} and {@link #close()} may be called from any thread; {@link #invoke()} only from
 * the application's thread in {@link ThreadingMode#INVOKER} mode.
 */
public final class Transport implements AutoCloseable
{
    private final Context context;
    private final SlotRing[] rings;
    private final ConnectionTable table;
    private final TransportCounters counters;
    private final boolean ownsCounters;
    private final ManyToOneConcurrentArrayQueue<OutboundConnection> commands;
    private final Poller poller;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AgentInvoker invoker;
    private final InetSocketAddress localAddress;

    private Transport(final Context context) throws IOException
    {
        this.context = context;
        rings = new SlotRing[context.lanes()];
        for (int i = 0; i < rings.length; i++)
        {
            rings[i] = new SlotRing(context.slotsPerLane());
        }
        table = new ConnectionTable(context.maxConnections());
        ownsCounters = context.counters() == null;
        counters = ownsCounters ? new TransportCounters(context.countersDirectory(), context.lanes()) : context.counters();
        commands = new ManyToOneConcurrentArrayQueue<>(context.maxConnections());
        poller = new Poller(context, rings, table, counters, commands);
        localAddress = poller.localAddress();
        final List<Agent> lanes = new ArrayList<>();
        try
        {
            for (int i = 0; i < rings.length; i++)
            {
                lanes.add(new HandlerLane(i, rings[i], context.laneBatch(), table, context.handlerFactory(), counters,
                    context.errorHandler()));
            }
        }
        catch (final RuntimeException ex)
        {
            poller.onClose();
            for (final SlotRing ring : rings)
            {
                ring.close();
            }
            if (ownsCounters)
            {
                counters.close();
            }
            throw ex;
        }
        switch (context.threadingMode())
        {
            case DEDICATED:
                runners.add(runner(poller));
                for (final Agent lane : lanes)
                {
                    runners.add(runner(lane));
                }
                runners.forEach(runner -> threads.add(AgentRunner.startOnThread(runner)));
                invoker = null;
                break;
            case SHARED:
                runners.add(runner(composite(lanes)));
                runners.forEach(runner -> threads.add(AgentRunner.startOnThread(runner)));
                invoker = null;
                break;
            default:
                invoker = new AgentInvoker(context.errorHandler(), null, composite(lanes));
                invoker.start();
                break;
        }
    }

    /**
     * Starts a transport.
     *
     * @param context its configuration; concluded here.
     * @return the running transport.
     */
    public static Transport launch(final Context context)
    {
        context.conclude();
        try
        {
            return new Transport(context);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot start transport on " + context.host() + ":" + context.port(), e);
        }
    }

    private Agent composite(final List<Agent> lanes)
    {
        final List<Agent> agents = new ArrayList<>();
        agents.add(poller.flusher());
        agents.add(poller);
        agents.addAll(lanes);
        agents.add(poller.flusher());
        return new CompositeAgent(agents);
    }

    private AgentRunner runner(final Agent agent)
    {
        return new AgentRunner(IdleStrategies.of(context.idleStrategy()), context.errorHandler(), null, agent);
    }

    /**
     * Opens an outbound connection and keeps it open, reconnecting with backoff after it closes.
     *
     * @param address where to connect.
     * @return a handle whose {@link OutboundConnection#connectionId()} is set once connected.
     */
    public OutboundConnection connect(final InetSocketAddress address)
    {
        final OutboundConnection request = new OutboundConnection(address);
        if (!commands.offer(request))
        {
            throw new IllegalStateException("too many pending connects");
        }
        return request;
    }

    /**
     * Sends a frame on a connection, from any thread.
     *
     * @return a positive value, or a {@link SendResult} code.
     */
    public long send(final long connectionId, final int type, final org.agrona.DirectBuffer frame, final int offset,
        final int length)
    {
        final Connection connection = table.get(connectionId);
        return connection == null ? SendResult.NOT_CONNECTED : connection.offer(type, frame, offset, length);
    }

    /**
     * The open connection with an id.
     *
     * @param connectionId the id.
     * @return the connection, or null.
     */
    public Connection connection(final long connectionId)
    {
        return table.get(connectionId);
    }

    /**
     * Runs one duty cycle of the poller and every lane, in {@link ThreadingMode#INVOKER} mode.
     *
     * @return the work done.
     */
    public int invoke()
    {
        return invoker.invoke();
    }

    /**
     * The threads the agents run on, for tests that measure them.
     *
     * @return the poller and lane threads, empty in {@link ThreadingMode#INVOKER} mode.
     */
    public List<Thread> agentThreads()
    {
        return List.copyOf(threads);
    }

    /**
     * Where the transport listens.
     *
     * @return the bound address, or null when not listening.
     */
    public InetSocketAddress localAddress()
    {
        return localAddress;
    }

    /**
     * The transport's counters.
     *
     * @return the counters.
     */
    public TransportCounters counters()
    {
        return counters;
    }

    /**
     * Stops the agents (waiting up to {@link AgentRunner#RETRY_CLOSE_TIMEOUT_MS} per attempt), closes every socket and
     * frees the rings' direct memory; unmaps the counters unless the context supplied them.
     */
    @Override
    public void close()
    {
        if (invoker != null)
        {
            CloseHelper.quietClose(invoker);
        }
        for (final AgentRunner runner : runners)
        {
            CloseHelper.quietClose(runner);
        }
        for (final SlotRing ring : rings)
        {
            ring.close();
        }
        if (ownsCounters)
        {
            counters.close();
        }
    }

    /**
     * Configuration of a transport, Aeron style: fields with defaults, each overridable by a system property, checked
     * by {@link #conclude()}. Not thread-safe; configure on one thread, then launch.
     */
    public static final class Context
    {
        private static final int TRUSTED_RESERVE_DIVISOR = 8;
        /** A setting not given, which {@link #conclude()} replaces with its default. */
        public static final int UNSET = -1;
        /** Property: host to listen on. */
        public static final String HOST_PROP = "cellwire.host";
        /** Property: port to listen on; -1 for none, 0 for any free port. */
        public static final String PORT_PROP = "cellwire.port";
        /** Property: number of handler lanes. */
        public static final String LANES_PROP = "cellwire.lanes";
        /** Property: slots per lane, a power of two. */
        public static final String SLOTS_PROP = "cellwire.slots.per.lane";
        /** Property: threading mode. */
        public static final String THREADING_PROP = "cellwire.threading";
        /** Property: idle strategy alias. */
        public static final String IDLE_PROP = "cellwire.idle";
        /** Property: maximum connections. */
        public static final String MAX_CONNECTIONS_PROP = "cellwire.max.connections";
        /** Property: outbound ring bytes per connection, a power of two. */
        public static final String OUTBOUND_RING_PROP = "cellwire.outbound.ring.length";
        /**
         * Smallest ring that takes maximal frames, as a client's inbound ring does: an Agrona ring takes records of up
         * to an eighth of its capacity, and a maximal frame (8193 bytes) needs 16 KiB of that.
         */
        public static final int MIN_RING_LENGTH = 128 * 1024;
        /**
         * Smallest outbound ring: it holds frames under 2 KiB only (larger ones travel in the shared chunks), so
         * 16 KiB.
         */
        public static final int MIN_OUTBOUND_RING_LENGTH = OutboundQueue.MIN_RING_LENGTH;
        /** Property: most outbound chunks (one frame each, 8,256 bytes) the transport allocates. */
        public static final String OUTBOUND_CHUNKS_PROP = "cellwire.outbound.chunks";
        /** Property: most outbound chunks one connection holds at once. */
        public static final String OUTBOUND_CHUNKS_PER_CONNECTION_PROP = "cellwire.outbound.chunks.per.connection";
        /** Property: while reads are direct, the least nanoseconds between selects for accepts and connects. */
        public static final String SELECT_INTERVAL_PROP = "cellwire.select.interval.ns";
        /** Property: most bytes read from one connection per duty cycle. */
        public static final String READ_BUDGET_PROP = "cellwire.read.budget";
        /** Property: nanoseconds without a byte read before a connection is closed; 0 for never. */
        public static final String IDLE_TIMEOUT_PROP = "cellwire.idle.timeout.ns";
        /** Property: nanoseconds a frame may take to arrive once begun. */
        public static final String FRAME_TIMEOUT_PROP = "cellwire.frame.timeout.ns";
        /** Property: nanoseconds a connection's frames may find no lane slot before the lane-full handler is asked. */
        public static final String LANE_FULL_GRACE_PROP = "cellwire.lane.full.grace.ns";
        /** Property: nanoseconds an outbound queue may stay over 3/4 full before its connection is evicted. */
        public static final String EVICTION_PROP = "cellwire.slow.consumer.eviction.ns";
        /** Property: nanoseconds an outbound connect may take before it is abandoned and retried. */
        public static final String CONNECT_TIMEOUT_PROP = "cellwire.connect.timeout.ns";
        /** Property: counters directory. */
        public static final String COUNTERS_DIR_PROP = "cellwire.counters.dir";

        private String host = System.getProperty(HOST_PROP, "127.0.0.1");
        private int port = Integer.getInteger(PORT_PROP, -1);
        private int lanes = Integer.getInteger(LANES_PROP, 1);
        private int slotsPerLane = Integer.getInteger(SLOTS_PROP, 256);
        private int laneBatch = 64;
        private ThreadingMode threadingMode =
            ThreadingMode.valueOf(System.getProperty(THREADING_PROP, ThreadingMode.SHARED.name()));
        private String idleStrategy = System.getProperty(IDLE_PROP, IdleStrategies.ADAPTIVE);
        private int maxConnections = Integer.getInteger(MAX_CONNECTIONS_PROP, 256);
        private int directPollLimit = 4;
        private long selectIntervalNs = Long.getLong(SELECT_INTERVAL_PROP, 100_000L);
        private int receiveBufferLength = 64 * 1024;
        private int outboundRingLength = Integer.getInteger(OUTBOUND_RING_PROP, MIN_OUTBOUND_RING_LENGTH);
        private int outboundChunks = Integer.getInteger(OUTBOUND_CHUNKS_PROP, 4096);
        private int outboundChunksPerConnection = Integer.getInteger(OUTBOUND_CHUNKS_PER_CONNECTION_PROP, 32);
        private int socketReceiveBufferLength;
        private int socketSendBufferLength;
        private int acceptBacklog = 4096;
        private File countersDirectory = dir(System.getProperty(COUNTERS_DIR_PROP));
        private int readBudgetBytes = Integer.getInteger(READ_BUDGET_PROP, 64 * 1024);
        private long idleTimeoutNs = Long.getLong(IDLE_TIMEOUT_PROP, 0);
        private long frameTimeoutNs = Long.getLong(FRAME_TIMEOUT_PROP, TimeUnit.SECONDS.toNanos(30));
        private long slowConsumerEvictionNs = Long.getLong(EVICTION_PROP, TimeUnit.SECONDS.toNanos(10));
        private long connectTimeoutNs = Long.getLong(CONNECT_TIMEOUT_PROP, TimeUnit.SECONDS.toNanos(2));
        private int prioritySlots = UNSET;
        private int framesPerConnection = UNSET;
        private LaneFullHandler laneFullHandler;
        private long laneFullGraceNs = Long.getLong(LANE_FULL_GRACE_PROP, TimeUnit.MILLISECONDS.toNanos(1));
        private TransportCounters counters;
        private LaneHandlerFactory handlerFactory;
        private ErrorHandler errorHandler = Throwable::printStackTrace;

        private static File dir(final String path)
        {
            return path == null ? null : new File(path);
        }

        /**
         * Checks the configuration.
         *
         * @return this.
         * @throws IllegalArgumentException if a value is out of range or the handler factory is missing.
         */
        public Context conclude()
        {
            require(lanes >= 1, "lanes must be at least 1");
            require(slotsPerLane >= 2 && Integer.bitCount(slotsPerLane) == 1, "slots per lane: a power of two >= 2");
            require(maxConnections >= 1, "max connections must be at least 1");
            require(laneFullGraceNs >= 0, "lane-full grace must not be negative");
            require(acceptBacklog >= 1, "accept backlog must be at least 1");
            require(Integer.bitCount(outboundRingLength) == 1 && outboundRingLength >= MIN_OUTBOUND_RING_LENGTH,
                "outbound ring length: a power of two >= 16 KiB");
            require(outboundChunks >= 1, "outbound chunks must be at least 1");
            require(outboundChunksPerConnection >= 1 && outboundChunksPerConnection <= outboundChunks,
                "outbound chunks per connection: 1 … outbound chunks");
            require((outboundChunksPerConnection + 1) * OutboundQueue.REFERENCE_RECORD_LENGTH <= outboundRingLength / 4,
                "outbound chunks per connection: their references must fit in a quarter of the outbound ring");
            require(receiveBufferLength >= 2 * io.cellwire.codec.FrameHeader.MAX_FRAME_SIZE,
                "receive buffer must hold two maximal frames");
            require(handlerFactory != null, "a handler factory is required");
            require(port >= -1 && port <= 65535, "port out of range");
            require(selectIntervalNs >= 0, "select interval must not be negative");
            require(readBudgetBytes >= 1, "read budget must be at least 1 byte");
            require(idleTimeoutNs >= 0, "idle timeout must not be negative");
            require(frameTimeoutNs > 0 && slowConsumerEvictionNs > 0 && connectTimeoutNs > 0,
                "frame timeout, eviction time and connect timeout must be positive");
            if (prioritySlots == UNSET)
            {
                prioritySlots = 0;
            }
            require(prioritySlots >= 0 && prioritySlots < slotsPerLane, "priority slots: 0 … slots per lane - 1");
            if (framesPerConnection == UNSET)
            {
                framesPerConnection = Integer.MAX_VALUE;
            }
            require(framesPerConnection >= 1, "frames per connection: at least 1");
            IdleStrategies.of(idleStrategy);
            return this;
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }

        /** @return host to listen on. */
        public String host()
        {
            return host;
        }

        /** @param host host to listen on. @return this. */
        public Context host(final String host)
        {
            this.host = host;
            return this;
        }

        /** @return port to listen on; -1 none, 0 any. */
        public int port()
        {
            return port;
        }

        /** @param port port to listen on; -1 none, 0 any free port. @return this. */
        public Context port(final int port)
        {
            this.port = port;
            return this;
        }

        /** @return number of handler lanes. */
        public int lanes()
        {
            return lanes;
        }

        /** @param lanes number of handler lanes. @return this. */
        public Context lanes(final int lanes)
        {
            this.lanes = lanes;
            return this;
        }

        /** @return slots per lane. */
        public int slotsPerLane()
        {
            return slotsPerLane;
        }

        /** @param slotsPerLane slots per lane, a power of two. @return this. */
        public Context slotsPerLane(final int slotsPerLane)
        {
            this.slotsPerLane = slotsPerLane;
            return this;
        }

        /** @return most slots a lane handles per duty cycle. */
        public int laneBatch()
        {
            return laneBatch;
        }

        /** @return threading mode. */
        public ThreadingMode threadingMode()
        {
            return threadingMode;
        }

        /** @param threadingMode threading mode. @return this. */
        public Context threadingMode(final ThreadingMode threadingMode)
        {
            this.threadingMode = threadingMode;
            return this;
        }

        /** @return idle strategy alias. */
        public String idleStrategy()
        {
            return idleStrategy;
        }

        /**
         * @param idleStrategy {@code spin}, {@code adaptive} (the default), {@code backoff} or {@code sleep}.
         * @return this.
         */
        public Context idleStrategy(final String idleStrategy)
        {
            this.idleStrategy = idleStrategy;
            return this;
        }

        /** @return most connections open at once. */
        public int maxConnections()
        {
            return maxConnections;
        }

        /** @param maxConnections most connections open at once. @return this. */
        public Context maxConnections(final int maxConnections)
        {
            this.maxConnections = maxConnections;
            return this;
        }

        /** @return most connections read directly each duty cycle before reads go through the selector. */
        public int directPollLimit()
        {
            return directPollLimit;
        }

        /** @param directPollLimit connections read directly before the selector takes over. @return this. */
        public Context directPollLimit(final int directPollLimit)
        {
            this.directPollLimit = directPollLimit;
            return this;
        }

        /**
         * @return while reads are direct (at most {@link #directPollLimit()} connections), the least nanoseconds
         * between two selects, which then only report accepts and connects.
         */
        public long selectIntervalNs()
        {
            return selectIntervalNs;
        }

        /**
         * @param selectIntervalNs least nanoseconds between selects while reads are direct; 0 selects every duty cycle.
         * @return this.
         */
        public Context selectIntervalNs(final long selectIntervalNs)
        {
            this.selectIntervalNs = selectIntervalNs;
            return this;
        }

        /** @return receive buffer bytes per connection. */
        public int receiveBufferLength()
        {
            return receiveBufferLength;
        }

        /** @return outbound ring bytes per connection. */
        public int outboundRingLength()
        {
            return outboundRingLength;
        }

        /**
         * @param outboundRingLength outbound ring bytes per connection, a power of two of at least 16 KiB (the
         *                           default): frames under 2 KiB queue there, larger ones (and small ones that find
         *                           it full) in the shared chunks. Small frames leave 16 bytes per chunk of
         *                           {@link #outboundChunksPerConnection()} free for the chunks' references.
         * @return this.
         */
        public Context outboundRingLength(final int outboundRingLength)
        {
            this.outboundRingLength = outboundRingLength;
            return this;
        }

        /** @return most outbound chunks the transport allocates: frames waiting for their sockets outside their rings. */
        public int outboundChunks()
        {
            return outboundChunks;
        }

        /**
         * @param outboundChunks most outbound chunks (8,256 bytes each, allocated on first need and reused) the
         *                       transport allocates; default 4,096. A frame that needs one and finds none is back
         *                       pressured.
         * @return this.
         */
        public Context outboundChunks(final int outboundChunks)
        {
            this.outboundChunks = outboundChunks;
            return this;
        }

        /** @return most outbound chunks one connection holds at once. */
        public int outboundChunksPerConnection()
        {
            return outboundChunksPerConnection;
        }

        /**
         * @param outboundChunksPerConnection most outbound chunks one connection holds at once; default 32 (256 KiB
         *                                    of large frames). Past ¾ of it the connection counts as a slow consumer.
         *                                    At most one per 64 bytes of {@link #outboundRingLength()}, less one
         *                                    (255 at 16 KiB).
         * @return this.
         */
        public Context outboundChunksPerConnection(final int outboundChunksPerConnection)
        {
            this.outboundChunksPerConnection = outboundChunksPerConnection;
            return this;
        }

        /** @return SO_RCVBUF, or 0 for the OS default. */
        public int socketReceiveBufferLength()
        {
            return socketReceiveBufferLength;
        }

        /** @param length SO_RCVBUF, or 0 for the OS default. @return this. */
        public Context socketReceiveBufferLength(final int length)
        {
            this.socketReceiveBufferLength = length;
            return this;
        }

        /** @return SO_SNDBUF, or 0 for the OS default. */
        public int socketSendBufferLength()
        {
            return socketSendBufferLength;
        }

        /** @param length SO_SNDBUF, or 0 for the OS default. @return this. */
        public Context socketSendBufferLength(final int length)
        {
            this.socketSendBufferLength = length;
            return this;
        }

        /** @return accept backlog. */
        public int acceptBacklog()
        {
            return acceptBacklog;
        }

        /**
         * @param backlog connections the kernel may hold completed but not yet accepted; default 4,096 (Linux caps it
         *                at {@code net.core.somaxconn}). A connect storm beyond it has SYNs dropped and retried a
         *                second later.
         * @return this.
         */
        public Context acceptBacklog(final int backlog)
        {
            this.acceptBacklog = backlog;
            return this;
        }

        /** @return directory of the counters file, or null for in-memory counters. */
        public File countersDirectory()
        {
            return countersDirectory;
        }

        /** @param directory directory of the counters file, or null for in-memory counters. @return this. */
        public Context countersDirectory(final File directory)
        {
            this.countersDirectory = directory;
            return this;
        }

        /** @return most frames of one connection that is not prioritized its lane may hold; UNSET before conclude. */
        public int framesPerConnection()
        {
            return framesPerConnection;
        }

        /**
         * @param frames most frames of one connection that is not prioritized its lane may hold at once (read, not
         *               yet handled), so that a connection streaming faster than its lane drains cannot take the whole
         *               lane from the others, nor queue more work and replies than this; a frame beyond it is treated
         *               as finding the lane full. Default: no limit but the lane's slots (a node: ¼ of the lane's
         *               slot count).
         * @return this.
         */
        public Context framesPerConnection(final int frames)
        {
            this.framesPerConnection = frames;
            return this;
        }

        /** @return what the poller does with a frame that finds its lane full; null: the frame waits. */
        public LaneFullHandler laneFullHandler()
        {
            return laneFullHandler;
        }

        /**
         * @param handler decides what happens to a frame that finds its lane full (a protocol answers or drops what it
         *                can afford to); null, the default, makes every such frame wait, pausing its connection.
         * @return this.
         */
        public Context laneFullHandler(final LaneFullHandler handler)
        {
            this.laneFullHandler = handler;
            return this;
        }

        /** @return how long a stalled lane refuses a connection's frames before the lane-full handler decides. */
        public long laneFullGraceNs()
        {
            return laneFullGraceNs;
        }

        /**
         * @param graceNs how long a connection's frames may find no lane slot (its lane full, or its share taken)
         *                while the lane releases none, before the {@link #laneFullHandler} is asked about them; until
         *                then the connection waits, paused, so a burst a working lane drains is served rather than
         *                shed. The clock restarts when the lane releases a slot or one of its frames gets one. Default
         *                1 ms; 0 asks at once.
         * @return this.
         */
        public Context laneFullGraceNs(final long graceNs)
        {
            this.laneFullGraceNs = graceNs;
            return this;
        }

        /** @return most bytes read from one connection per duty cycle (fairness between connections). */
        public int readBudgetBytes()
        {
            return readBudgetBytes;
        }

        /**
         * @param bytes most bytes read from one connection per duty cycle; default 64 KiB, as Netty reads at most, so a
         *              streaming peer's maximal frames take one read per 7 of them, not per 2 (8 KiB frames streamed
         *              at 430k/s with 16 KiB, 550k/s with 64 KiB, here).
         * @return this.
         */
        public Context readBudgetBytes(final int bytes)
        {
            this.readBudgetBytes = bytes;
            return this;
        }

        /** @return nanoseconds without a byte read before a connection is closed; 0 for never. */
        public long idleTimeoutNs()
        {
            return idleTimeoutNs;
        }

        /** @param timeoutNs nanoseconds without a byte read before closing; 0 (the default) for never. @return this. */
        public Context idleTimeoutNs(final long timeoutNs)
        {
            this.idleTimeoutNs = timeoutNs;
            return this;
        }

        /** @return nanoseconds a frame may take to arrive once its first byte is in (slowloris defence). */
        public long frameTimeoutNs()
        {
            return frameTimeoutNs;
        }

        /** @param timeoutNs nanoseconds a begun frame may take to complete; default 30 s. @return this. */
        public Context frameTimeoutNs(final long timeoutNs)
        {
            this.frameTimeoutNs = timeoutNs;
            return this;
        }

        /** @return nanoseconds an outbound queue may stay over 3/4 full before its connection is evicted. */
        public long slowConsumerEvictionNs()
        {
            return slowConsumerEvictionNs;
        }

        /** @param evictionNs how long an outbound queue may stay over 3/4 full; default 10 s. @return this. */
        public Context slowConsumerEvictionNs(final long evictionNs)
        {
            this.slowConsumerEvictionNs = evictionNs;
            return this;
        }

        /** @return nanoseconds an outbound connect may take before it is abandoned and retried with backoff. */
        public long connectTimeoutNs()
        {
            return connectTimeoutNs;
        }

        /** @param timeoutNs nanoseconds an outbound connect may take; default 2 s. @return this. */
        public Context connectTimeoutNs(final long timeoutNs)
        {
            this.connectTimeoutNs = timeoutNs;
            return this;
        }

        /** @return slots of each lane that only prioritized connections may take; {@link #UNSET} before conclude. */
        public int prioritySlots()
        {
            return prioritySlots;
        }

        /**
         * @param slots slots of each lane that only connections marked with {@link Connection#prioritize()} may take;
         *              default none (a node reserves ⅛ of each lane for its trusted peers).
         * @return this.
         */
        public Context prioritySlots(final int slots)
        {
            this.prioritySlots = slots;
            return this;
        }

        /** @return counters supplied by the caller, or null to have the transport make (and close) its own. */
        public TransportCounters counters()
        {
            return counters;
        }

        /**
         * @param counters counters made by the caller, which then closes them; null to have the transport make its own
         *                 in {@link #countersDirectory()}.
         * @return this.
         */
        public Context counters(final TransportCounters counters)
        {
            this.counters = counters;
            return this;
        }

        /** @return the factory of each lane's handler. */
        public LaneHandlerFactory handlerFactory()
        {
            return handlerFactory;
        }

        /** @param handlerFactory makes each lane's handler. @return this. */
        public Context handlerFactory(final LaneHandlerFactory handlerFactory)
        {
            this.handlerFactory = handlerFactory;
            return this;
        }

        /** @return where agent errors go. */
        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /** @param errorHandler where agent errors go. @return this. */
        public Context errorHandler(final ErrorHandler errorHandler)
        {
            this.errorHandler = errorHandler;
            return this;
        }
    }
}
