package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.MessageType;
import io.cellwire.store.MissingDataRequests;
import io.cellwire.transport.ThreadingMode;
import io.cellwire.transport.Transport;
import io.cellwire.transport.TransportCounters;
import org.agrona.BitUtil;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * An embeddable Convex peer endpoint: it listens, accepts peers and clients, applies the protocol's rules on its
 * handler lanes ({@link PeerLane}: refs and MISSING_DATA, TRANSACT admission, BELIEF validation and dedupe, STATUS,
 * trust) and hands what passes to the application's {@link PeerHandler}; it opens outbound links to other peers and
 * trusts each once it has answered a CHALLENGE.
 * <pre>
 *   try (Node node = Node.launch(new Node.Context().keySeed(seed).transport(t -&gt; t.port(18888))))
 *   {
 *       PeerLink link = node.connect("127.0.0.1", 18889, otherPeerKey);
 *       ...
 *   }
 * </pre>
 * <b>Scheduling under load.</b> The node prioritizes each trusted connection in the engine
 * ({@link io.cellwire.transport.Connection#prioritize()}), so the poller serves it before untrusted ones each duty
 * cycle, and keeps the last {@link Transport.Context#prioritySlots} slots (⅛ by default) of every lane for it. When an
 * untrusted frame finds no slot, or any frame finds its lane full, the node's {@link LoadShedder}, installed as the
 * engine's {@link io.cellwire.transport.LaneFullHandler}, answers a QUERY or TRANSACT at once with RESULT
 * {@code :LOAD} and drops a BELIEF (so untrusted BELIEFs are shed first); any other frame waits (TCP back pressure);
 * all counted.
 * <p>
 * Thread ownership: {@link #launch}, {@link #connect} and {@link #close} may be called from any thread; the node's
 * work runs on its transport's threads as {@link ThreadingMode} says.
 */
public final class Node implements AutoCloseable
{
    private final Context context;
    private final TransportCounters transportCounters;
    private final NodeCounters counters;
    private final NodeStatus status;
    private final ManyToOneConcurrentArrayQueue<PeerLink> newLinks;
    private final byte[] publicKey;
    private final Ed25519Signer signer = new Ed25519Signer();
    private final List<PeerLink> links = new ArrayList<>();
    private final VerifierStage verifier;
    private final Transport transport;

    private Node(final Context context)
    {
        this.context = context;
        signer.loadKey(new UnsafeBuffer(context.keySeed()), 0);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[CellDescriptor.PUBLIC_KEY_LENGTH]);
        signer.publicKey(key, 0);
        publicKey = key.byteArray();
        if (context.networkId() == null)
        {
            context.networkId(ownNetworkId(publicKey));
        }
        status = new NodeStatus(context.networkId(), publicKey);
        newLinks = new ManyToOneConcurrentArrayQueue<>(Context.MAX_LINKS);
        final Transport.Context transportContext = context.transport();
        transportCounters = new TransportCounters(transportContext.countersDirectory(), transportContext.lanes());
        try
        {
            counters = new NodeCounters(transportCounters, transportContext.lanes());
            verifier = new VerifierStage(transportContext.lanes(), context.verifierWorkers(),
                context.verifierRingLength(), transportContext.idleStrategy(), transportContext.errorHandler(),
                counters, context.keySeed());
        }
        catch (final RuntimeException ex)
        {
            transportCounters.close();
            throw ex;
        }
        try
        {
            transportContext
                .laneFullHandler(new LoadShedder(counters))
                .counters(transportCounters)
                .handlerFactory(session -> new PeerLane(session, context, status, counters, newLinks, verifier));
            transport = Transport.launch(transportContext);
        }
        catch (final RuntimeException ex)
        {
            verifier.close();
            transportCounters.close();
            throw ex;
        }
    }

    /**
     * Starts a node.
     *
     * @param context its configuration; concluded here.
     * @return the running node.
     */
    public static Node launch(final Context context)
    {
        context.conclude();
        return new Node(context);
    }

    /**
     * Opens a link to another peer and keeps it open (reconnecting with backoff); after each connect the node sends
     * a CHALLENGE and trusts the connection once the RESPONSE proves {@code expectedPeerKey}.
     *
     * @param host            the peer's host.
     * @param port            its port.
     * @param expectedPeerKey the 32-byte public key the peer must prove.
     * @return the link.
     * @throws IllegalStateException if {@link Context#MAX_LINKS} links are pending.
     */
    public PeerLink connect(final String host, final int port, final byte[] expectedPeerKey)
    {
        if (expectedPeerKey.length != CellDescriptor.PUBLIC_KEY_LENGTH)
        {
            throw new IllegalArgumentException("a peer key has 32 bytes, not " + expectedPeerKey.length);
        }
        final PeerLink link = new PeerLink(transport.connect(new InetSocketAddress(host, port)), expectedPeerKey);
        if (!newLinks.offer(link))
        {
            link.close();
            throw new IllegalStateException("too many pending peer links");
        }
        synchronized (links)
        {
            links.add(link);
        }
        return link;
    }

    /** @return where the node listens, or null when it does not. */
    public InetSocketAddress localAddress()
    {
        return transport.localAddress();
    }

    /** @return a copy of the node's 32-byte public key (its peer key). */
    public byte[] publicKey()
    {
        return publicKey.clone();
    }

    /** @return the network ID the node answers challenges for: the genesis hash of its STATUS answer. */
    public byte[] networkId()
    {
        return context.networkId().clone();
    }

    /** @return the node's status, which the application updates when its state changes. */
    public NodeStatus status()
    {
        return status;
    }

    /** @return the counters of the node and its transport. */
    public TransportCounters counters()
    {
        return transportCounters;
    }

    /** @return the transport under the node. */
    public Transport transport()
    {
        return transport;
    }

    /**
     * Says GOODBYE on every open peer link (a SignedData of the node's key, as the reference's {@code Server.close()}
     * does), stops the node's agents, which write what is still queued, closes every connection and unmaps the
     * counters.
     */
    @Override
    public void close()
    {
        final UnsafeBuffer frame = goodbyeFrame();
        synchronized (links)
        {
            for (final PeerLink link : links)
            {
                if (!link.outbound.isClosed())
                {
                    transport.send(link.connectionId(), MessageType.GOODBYE, frame, 0, frame.capacity());
                }
            }
        }
        transport.close();
        verifier.close();
        transportCounters.close();
    }

    private UnsafeBuffer goodbyeFrame()
    {
        final UnsafeBuffer signed = new UnsafeBuffer(new byte[CellDescriptor.SIGNED_DATA_HEADER_LENGTH + 2 +
            CellDescriptor.PUBLIC_KEY_LENGTH]);
        final int at = CellDescriptor.SIGNED_DATA_HEADER_LENGTH;
        final int keyLength = CellEncoder.writeBlob(signed, at, new UnsafeBuffer(publicKey), 0, publicKey.length);
        signer.signValue(signed, at, keyLength, signed, 1 + CellDescriptor.PUBLIC_KEY_LENGTH);
        signed.putByte(0, (byte)CellDescriptor.TAG_SIGNED_DATA);
        signed.putBytes(1, publicKey);
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
        final int header = FrameHeader.write(frame, 0, signed.capacity() + 1, MessageType.GOODBYE);
        frame.putBytes(header, signed, 0, signed.capacity());
        return new UnsafeBuffer(frame, 0, header + signed.capacity());
    }

    private static byte[] ownNetworkId(final byte[] publicKey)
    {
        final UnsafeBuffer blob = new UnsafeBuffer(new byte[2 + publicKey.length]);
        final int length = CellEncoder.writeBlob(blob, 0, new UnsafeBuffer(publicKey), 0, publicKey.length);
        final UnsafeBuffer id = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
        new ValueIdDigest().valueId(blob, 0, length, id, 0);
        return id.byteArray();
    }

    /**
     * Configuration of a node, Aeron style: fields with defaults, some overridable by system properties, checked by
     * {@link #conclude()}. Not thread-safe; configure on one thread, then launch.
     */
    public static final class Context
    {
        /** Most verifier workers a context starts with unless told: {@link #verifierWorkers(int)}. */
        public static final int MAX_DEFAULT_VERIFIER_WORKERS = 8;
        /** Trusted connections keep this fraction (1/8) of each lane unless the transport context sets a reserve. */
        public static final int PRIORITY_SLOTS_DIVISOR = 8;
        /**
         * An untrusted connection has at most a quarter of its lane's slot count in frames in its lane at once, unless
         * the transport context says.
         */
        public static final int CONNECTION_FRAMES_DIVISOR = 4;
        /** Most peer links pending adoption by lane 0 at once. */
        public static final int MAX_LINKS = 64;
        /** Property: port to listen on. */
        public static final String PORT_PROP = "cellwire.node.port";
        /** Default port, as the reference peer's. */
        public static final int DEFAULT_PORT = 18888;

        private final Transport.Context transport = new Transport.Context()
            .port(Integer.getInteger(PORT_PROP, DEFAULT_PORT))
            .idleTimeoutNs(TimeUnit.MINUTES.toNanos(5))
            .frameTimeoutNs(TimeUnit.SECONDS.toNanos(10));
        private byte[] keySeed;
        private byte[] networkId;
        private PeerHandlerFactory handlerFactory;
        private AccountTable accountTable;
        private int storeCapacityBytes = 4 << 20;
        private int storeMaxEntries = 32 * 1024;
        private int maxParkedMessages = 64;
        private int maxParkedPerConnection = 16;
        private int maxParkedBytes = 256 * 1024;
        private long parkTimeoutNs = TimeUnit.SECONDS.toNanos(5);
        private long missingDataRetryNs = MissingDataRequests.DEFAULT_RETRY_INTERVAL_NS;
        private int verifierWorkers = defaultVerifierWorkers(Runtime.getRuntime().availableProcessors());
        private int verifierShare = 16;
        private int verifierRingLength = VerifierStage.MIN_RING_LENGTH;
        private int recentBeliefs = 1024;
        private long challengeTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private long linkKeepaliveNs = TimeUnit.SECONDS.toNanos(1);
        private long linkTimeoutNs = TimeUnit.SECONDS.toNanos(5);
        private boolean beliefRefsResolved = true;

        /**
         * Checks the configuration and fills the defaults that depend on others: a random key seed if none was given,
         * an {@link InMemoryAccountTable}.
         *
         * @return this.
         */
        public Context conclude()
        {
            require(keySeed == null || keySeed.length == Ed25519Signer.SEED_LENGTH, "a key seed has 32 bytes");
            require(networkId == null || networkId.length == CellDescriptor.VALUE_ID_LENGTH,
                "a network ID has 32 bytes");
            require(handlerFactory != null, "a handler factory is required");
            if (transport.prioritySlots() == Transport.Context.UNSET)
            {
                transport.prioritySlots(transport.slotsPerLane() / PRIORITY_SLOTS_DIVISOR);
            }
            if (transport.framesPerConnection() == Transport.Context.UNSET)
            {
                transport.framesPerConnection(Math.max(1, transport.slotsPerLane() / CONNECTION_FRAMES_DIVISOR));
            }
            require(maxParkedMessages >= 0 && maxParkedBytes >= 0, "parking bounds must not be negative");
            require(parkTimeoutNs > 0 && missingDataRetryNs > 0 && challengeTimeoutNs > 0 && linkKeepaliveNs > 0 &&
                linkTimeoutNs > 0, "timeouts must be positive");
            require(recentBeliefs >= 1, "the recent belief set needs room for one");
            require(verifierWorkers >= 1, "the verifier stage needs a worker");
            require(verifierShare >= 1, "a connection's verifier share must be at least 1");
            require(BitUtil.isPowerOfTwo(verifierRingLength) && verifierRingLength >= VerifierStage.MIN_RING_LENGTH,
                "verifier ring length: a power of two >= " + VerifierStage.MIN_RING_LENGTH);
            if (keySeed == null)
            {
                keySeed = new byte[Ed25519Signer.SEED_LENGTH];
                new SecureRandom().nextBytes(keySeed);
            }
            if (accountTable == null)
            {
                accountTable = new InMemoryAccountTable();
            }
            return this;
        }

        private static void require(final boolean condition, final String message)
        {
            if (!condition)
            {
                throw new IllegalArgumentException(message);
            }
        }

        /**
         * The node's transport settings: host and port (default {@value #DEFAULT_PORT}), lanes and slots, threading,
         * idle strategy, connection limits and timeouts (node defaults: idle timeout 5 min, frame timeout 10 s),
         * counters directory. The node sets the handler factory, load shedding and counters itself.
         *
         * @return the transport context, to configure in place.
         */
        public Transport.Context transport()
        {
            return transport;
        }

        /**
         * Configures the node's transport in one chain, e.g. {@code .transport(t -> t.port(0).lanes(2))}.
         *
         * @param configure applied to {@link #transport()} at once.
         * @return this.
         */
        public Context transport(final Consumer<Transport.Context> configure)
        {
            configure.accept(transport);
            return this;
        }

        /** @return the 32-byte Ed25519 seed of the node's key. */
        public byte[] keySeed()
        {
            return keySeed;
        }

        /** @param keySeed the 32-byte Ed25519 seed of the node's key; random if not set. @return this. */
        public Context keySeed(final byte[] keySeed)
        {
            this.keySeed = keySeed == null ? null : keySeed.clone();
            return this;
        }

        /** @return the 32-byte network ID (genesis hash). */
        public byte[] networkId()
        {
            return networkId;
        }

        /**
         * @param networkId the 32-byte network ID (genesis state hash) that challenges must name; if not set, a network
         *                  of the node's own (the value ID of its key).
         * @return this.
         */
        public Context networkId(final byte[] networkId)
        {
            this.networkId = networkId == null ? null : networkId.clone();
            return this;
        }

        /** @return the factory of each lane's application handler. */
        public PeerHandlerFactory handlerFactory()
        {
            return handlerFactory;
        }

        /** @param handlerFactory makes each lane's application handler; required. @return this. */
        public Context handlerFactory(final PeerHandlerFactory handlerFactory)
        {
            this.handlerFactory = handlerFactory;
            return this;
        }

        /** @return the account table TRANSACT admission consults. */
        public AccountTable accountTable()
        {
            return accountTable;
        }

        /** @param accountTable the account table; default a fresh {@link InMemoryAccountTable}. @return this. */
        public Context accountTable(final AccountTable accountTable)
        {
            this.accountTable = accountTable;
            return this;
        }

        /** @return bytes of each lane's cell store. */
        public int storeCapacityBytes()
        {
            return storeCapacityBytes;
        }

        /** @param bytes bytes of each lane's cell store (oldest cells evicted first). @return this. */
        public Context storeCapacityBytes(final int bytes)
        {
            this.storeCapacityBytes = bytes;
            return this;
        }

        /** @return most cells in each lane's store. */
        public int storeMaxEntries()
        {
            return storeMaxEntries;
        }

        /** @param entries most cells in each lane's store. @return this. */
        public Context storeMaxEntries(final int entries)
        {
            this.storeMaxEntries = entries;
            return this;
        }

        /** @return most messages parked per lane awaiting DATA. */
        public int maxParkedMessages()
        {
            return maxParkedMessages;
        }

        /** @param count most messages parked per lane awaiting DATA. @return this. */
        public Context maxParkedMessages(final int count)
        {
            this.maxParkedMessages = count;
            return this;
        }

        /** @return most messages of one connection parked at once. */
        public int maxParkedPerConnection()
        {
            return maxParkedPerConnection;
        }

        /** @param count most messages of one connection parked at once; default 16. @return this. */
        public Context maxParkedPerConnection(final int count)
        {
            this.maxParkedPerConnection = count;
            return this;
        }

        /** @return most payload bytes parked per lane. */
        public int maxParkedBytes()
        {
            return maxParkedBytes;
        }

        /** @param bytes most payload bytes parked per lane. @return this. */
        public Context maxParkedBytes(final int bytes)
        {
            this.maxParkedBytes = bytes;
            return this;
        }

        /**
         * The default worker count: a signature costs tens of microseconds of one core, so verified transactions a
         * second grow with the cores the workers get; the cap bounds the threads and rings of a large machine.
         *
         * @param cores the machine's cores.
         * @return one per core less one, within 1…{@value #MAX_DEFAULT_VERIFIER_WORKERS}.
         */
        static int defaultVerifierWorkers(final int cores)
        {
            return Math.max(1, Math.min(MAX_DEFAULT_VERIFIER_WORKERS, cores - 1));
        }

        /** @return verifier worker agents, each on a thread of its own (never the poller's). */
        public int verifierWorkers()
        {
            return verifierWorkers;
        }

        /**
         * @param workers verifier worker agents, each on its own thread; default one per core beside the poller's, at
         *                least 1 and at most {@value #MAX_DEFAULT_VERIFIER_WORKERS} (1 on a 2-core machine).
         * @return this.
         */
        public Context verifierWorkers(final int workers)
        {
            this.verifierWorkers = workers;
            return this;
        }

        /** @return whether a BELIEF waits, parked, until its refs are in the lane's store. */
        public boolean beliefRefsResolved()
        {
            return beliefRefsResolved;
        }

        /**
         * @param resolved true (the default): a BELIEF is parked until every cell it refers to is in the lane's
         *                 store, as a QUERY is. false: it reaches the application as soon as its signature verifies,
         *                 for an application that keeps every cell of the network's beliefs in a store of its own (a
         *                 CVM) and fetches what it lacks itself; a belief's tree outgrows the lane's bounded store.
         * @return this.
         */
        public Context beliefRefsResolved(final boolean resolved)
        {
            this.beliefRefsResolved = resolved;
            return this;
        }

        /** @return most messages of one connection in the verifier stage at once. */
        public int verifierShare()
        {
            return verifierShare;
        }

        /**
         * @param share most messages of one connection in the verifier stage at once (its fair share: beyond it a
         *              TRANSACT gets {@code :LOAD} and a BELIEF is dropped, while other connections still get in);
         *              default 16.
         * @return this.
         */
        public Context verifierShare(final int share)
        {
            this.verifierShare = share;
            return this;
        }

        /** @return bytes of each ring between a lane and a verifier worker. */
        public int verifierRingLength()
        {
            return verifierRingLength;
        }

        /** @param length bytes of each lane-worker ring, a power of two; default 256 KiB. @return this. */
        public Context verifierRingLength(final int length)
        {
            this.verifierRingLength = length;
            return this;
        }

        /** @return how long a cell a parked message needs may stay missing before MISSING_DATA asks again. */
        public long missingDataRetryNs()
        {
            return missingDataRetryNs;
        }

        /**
         * @param retryNs how long after a MISSING_DATA the same cell, still missing, is asked for again, and how often
         *                parked messages are retried without new DATA; default 1 s.
         * @return this.
         */
        public Context missingDataRetryNs(final long retryNs)
        {
            this.missingDataRetryNs = retryNs;
            return this;
        }

        /**
         * @return how long a parked message waits for its DATA before it is discarded (a QUERY or TRANSACT then gets
         * RESULT {@code :MISSING}).
         */
        public long parkTimeoutNs()
        {
            return parkTimeoutNs;
        }

        /** @param timeoutNs how long a parked message waits for its DATA. @return this. */
        public Context parkTimeoutNs(final long timeoutNs)
        {
            this.parkTimeoutNs = timeoutNs;
            return this;
        }

        /** @return BELIEFs remembered per lane for dedupe. */
        public int recentBeliefs()
        {
            return recentBeliefs;
        }

        /** @param count BELIEFs remembered per lane for dedupe. @return this. */
        public Context recentBeliefs(final int count)
        {
            this.recentBeliefs = count;
            return this;
        }

        /** @return how often a quiet peer link gets a STATUS keepalive. */
        public long linkKeepaliveNs()
        {
            return linkKeepaliveNs;
        }

        /** @param intervalNs how often a quiet peer link gets a STATUS keepalive; default 1 s. @return this. */
        public Context linkKeepaliveNs(final long intervalNs)
        {
            this.linkKeepaliveNs = intervalNs;
            return this;
        }

        /** @return how long a peer link may read nothing before it is closed and reconnected. */
        public long linkTimeoutNs()
        {
            return linkTimeoutNs;
        }

        /** @param timeoutNs how long a peer link may read nothing before it is closed; default 5 s. @return this. */
        public Context linkTimeoutNs(final long timeoutNs)
        {
            this.linkTimeoutNs = timeoutNs;
            return this;
        }

        /** @return how long a CHALLENGE waits for its RESPONSE before it is sent again. */
        public long challengeTimeoutNs()
        {
            return challengeTimeoutNs;
        }

        /** @param timeoutNs how long a CHALLENGE waits for its RESPONSE. @return this. */
        public Context challengeTimeoutNs(final long timeoutNs)
        {
            this.challengeTimeoutNs = timeoutNs;
            return this;
        }
    }
}
