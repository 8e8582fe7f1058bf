package io.cellwire.bench.convex;

import convex.api.Convex;
import convex.core.Result;
import convex.core.crypto.AKeyPair;
import convex.core.data.ACell;
import convex.core.data.AVector;
import convex.core.data.AccountKey;
import convex.core.data.Hash;
import convex.core.lang.RT;
import convex.core.store.AStore;
import convex.core.store.MemoryStore;
import convex.core.store.Stores;
import io.cellwire.bench.peer.ReferencePeerNode;
import io.cellwire.node.Node;
import io.cellwire.node.PeerHandler;
import io.cellwire.node.PeerLink;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadWaker;
import io.cellwire.transport.Transport;
import org.agrona.BitUtil;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A Convex 0.7.9 peer whose every byte goes through a Cellwire {@link Node}: the node's lanes apply the protocol's
 * rules and copy what passes into one ring per lane ({@link CvmLaneHandler}); one CVM thread ({@link CvmAgent}) runs
 * it on a {@link CvmEngine} and sends every answer, DATA and BELIEF through the node's transport. Transactions are
 * admitted on the lanes against the accounts of the consensus state ({@link ConsensusAccountTable}).
 * <pre>
 *   try (ConvexPeer peer = ConvexPeer.launch(new ConvexPeer.Context().genesisKeys(keys).transport(t -&gt; t.port(0))))
 *   {
 *       peer.connect("127.0.0.1", 18888, 5_000);
 *       ...
 *   }
 * </pre>
 * Thread ownership: {@link #launch}, {@link #connect} and {@link #close} may be called from any thread, one at a
 * time; the peer then runs on the node's threads and its own CVM thread ({@code cellwire-cvm}).
 */
public final class ConvexPeer implements AutoCloseable
{
    /** Values in a 0.7.9 STATUS answer: [belief-hash states-hash genesis-hash peer-key consensus-hash]. */
    public static final int STATUS_COUNT = 5;
    /** Index of the genesis hash (the network ID) in a STATUS answer. */
    public static final int STATUS_GENESIS = 2;
    /** Index of the peer key in a STATUS answer. */
    public static final int STATUS_PEER_KEY = 3;
    /** A connection's share of its lane's ring unless configured: an eighth of the ring. */
    public static final int DEFAULT_SHARE_DIVISOR = 8;

    private final Context context;
    private final AccountKey peerKey;
    private final Hash genesisHash;
    private final Set<AccountKey> genesisKeys;
    private final OneToOneRingBuffer[] rings;
    private final CvmRingShares[] shares;
    private final Node node;
    private final CvmAgent agent;
    private final AgentRunner runner;
    /** Made by the first lane handler, on the launching thread inside {@link Node#launch}: see {@link #laneHandler}. */
    private ConvexPeerCounters counters;
    /** Wakes the CVM thread when a lane hands it a record. */
    private final ThreadWaker cvmWaker = new ThreadWaker();

    private ConvexPeer(final Context context)
    {
        this.context = context;
        final AKeyPair keyPair = AKeyPair.create(context.keySeed());
        peerKey = keyPair.getAccountKey();
        final List<AccountKey> keys = null == context.genesisKeys() ? List.of(peerKey) : context.genesisKeys();
        genesisKeys = new HashSet<>(keys);
        final ConsensusAccountTable accounts = new ConsensusAccountTable(context.accountCapacity());
        final CvmAgent.TransactionResults results = new CvmAgent.TransactionResults();
        final CvmEngine engine;
        // the engine makes its store the current one of the thread that calls it: not the caller's to keep
        final AStore callerStore = Stores.current();
        try
        {
            engine = new CvmEngine(context.keySeed(), keys, results);
            // stores the first belief, so a STATUS's belief hash can be fetched with MISSING_DATA at once
            engine.announceBelief(cell -> {});
            CvmAgent.publishAccounts(accounts, engine.consensusState(), null);
        }
        finally
        {
            Stores.setCurrent(callerStore);
        }
        genesisHash = engine.genesisHash();
        final Transport.Context transport = context.node().transport();
        rings = new OneToOneRingBuffer[transport.lanes()];
        shares = new CvmRingShares[rings.length];
        final int connectionShare = 0 == context.connectionShare() ?
            context.ringCapacity() / DEFAULT_SHARE_DIVISOR : context.connectionShare();
        for (int i = 0; i < rings.length; i++)
        {
            rings[i] = new OneToOneRingBuffer(new UnsafeBuffer(
                ByteBuffer.allocateDirect(CvmRingDescriptor.bufferLength(context.ringCapacity()))));
            shares[i] = new CvmRingShares(transport.maxConnections(), connectionShare);
        }
        context.node()
            .keySeed(context.keySeed())
            .networkId(genesisHash.getBytes())
            .accountTable(accounts)
            .beliefRefsResolved(false)
            .handlerFactory((lane, status) -> laneHandler(lane));
        node = Node.launch(context.node());
        try
        {
            agent = new CvmAgent(engine, results, node.transport(), node.status(), accounts, rings, shares, counters,
                cvmWaker, transport.errorHandler());
            runner = new AgentRunner(IdleStrategies.of(transport.idleStrategy()), transport.errorHandler(), null,
                agent);
            AgentRunner.startOnThread(runner);
        }
        catch (final RuntimeException ex)
        {
            node.close();
            throw ex;
        }
    }

    /**
     * Starts a peer: its genesis, its node and its CVM thread.
     *
     * @param context its configuration; concluded here.
     * @return the running peer, listening.
     */
    public static ConvexPeer launch(final Context context)
    {
        return new ConvexPeer(context.conclude());
    }

    /**
     * Opens a link to another peer of the same network and broadcasts this peer's belief on it from then on: asks the
     * peer's STATUS for its key, checks it is a genesis key and the network is this one, then lets the node connect
     * (and reconnect) and trust the link once the peer answers its CHALLENGE.
     *
     * @param host      the peer's host.
     * @param port      its port.
     * @param timeoutMs how long to wait for its STATUS.
     * @return the link.
     * @throws IOException              if the peer cannot be reached.
     * @throws TimeoutException         if it does not answer STATUS in time.
     * @throws IllegalArgumentException if it is of another network, or its key is not a genesis key of this one.
     */
    public PeerLink connect(final String host, final int port, final long timeoutMs)
        throws IOException, TimeoutException
    {
        final AccountKey remoteKey = statusPeerKey(new InetSocketAddress(host, port), timeoutMs);
        if (!genesisKeys.contains(remoteKey) || peerKey.equals(remoteKey))
        {
            throw new IllegalArgumentException(
                host + ":" + port + " has key " + remoteKey + ", not another genesis key");
        }
        final PeerLink link = node.connect(host, port, remoteKey.getBytes());
        if (!agent.addLink(link, remoteKey))
        {
            link.close();
            throw new IllegalStateException("too many links waiting for the CVM thread");
        }
        return link;
    }

    /** @return where the peer listens. */
    public InetSocketAddress localAddress()
    {
        return node.localAddress();
    }

    /** @return this peer's public key. */
    public AccountKey peerKey()
    {
        return peerKey;
    }

    /** @return the genesis state's hash: the network ID. */
    public Hash genesisHash()
    {
        return genesisHash;
    }

    /** @return the node under the peer, e.g. for its counters. */
    public Node node()
    {
        return node;
    }

    /** Stops the CVM thread, then closes the node, which says GOODBYE on its links. */
    @Override
    public void close()
    {
        CloseHelper.closeAll(runner, node);
    }

    private PeerHandler laneHandler(final int lane)
    {
        if (null == counters)
        {
            counters = new ConvexPeerCounters(context.node().transport().counters());
        }
        return new CvmLaneHandler(rings[lane], shares[lane], counters, cvmWaker);
    }

    private AccountKey statusPeerKey(final InetSocketAddress address, final long timeoutMs)
        throws IOException, TimeoutException
    {
        final Convex convex = Convex.connect(address, null, null, new MemoryStore());
        try
        {
            final Result result = convex.requestStatusSync(timeoutMs);
            final ACell value = result.getValue();
            if (result.isError() || !(value instanceof AVector) || ((AVector<?>)value).count() != STATUS_COUNT)
            {
                throw new IOException("not a STATUS answer from " + address + ": " + result);
            }
            final AVector<?> status = (AVector<?>)value;
            if (!genesisHash.equals(status.get(STATUS_GENESIS)))
            {
                throw new IllegalArgumentException(address + " is of network " + status.get(STATUS_GENESIS) +
                    ", not " + genesisHash);
            }
            final AccountKey key = RT.ensureAccountKey(status.get(STATUS_PEER_KEY));
            if (null == key)
            {
                throw new IOException("no peer key in the STATUS of " + address + ": " + status);
            }
            return key;
        }
        finally
        {
            convex.close();
        }
    }

    /**
     * Configuration of a peer, Aeron style: fields with defaults, checked by {@link #conclude()}. Not thread-safe;
     * configure on one thread, then launch.
     */
    public static final class Context
    {
        private final Node.Context node = new Node.Context();
        private byte[] keySeed = BitUtil.fromHex(ReferencePeerNode.DEFAULT_SEED_HEX);
        private List<AccountKey> genesisKeys;
        private int ringCapacity = CvmRingDescriptor.DEFAULT_CAPACITY;
        private int accountCapacity = ConsensusAccountTable.DEFAULT_CAPACITY;
        private int connectionShare;

        /**
         * Checks the configuration.
         *
         * @return this.
         */
        public Context conclude()
        {
            if (keySeed.length != CvmEngine.SEED_LENGTH)
            {
                throw new IllegalArgumentException("a key seed has " + CvmEngine.SEED_LENGTH + " bytes");
            }
            if (null != genesisKeys && genesisKeys.isEmpty())
            {
                throw new IllegalArgumentException("a genesis needs a key");
            }
            if (!BitUtil.isPowerOfTwo(ringCapacity) || ringCapacity < CvmRingDescriptor.MIN_CAPACITY)
            {
                throw new IllegalArgumentException(
                    "ring capacity: a power of two >= " + CvmRingDescriptor.MIN_CAPACITY + ", not " + ringCapacity);
            }
            if (0 != connectionShare && (connectionShare < CvmRingDescriptor.MAX_RECORD_LENGTH ||
                connectionShare > ringCapacity))
            {
                throw new IllegalArgumentException("connection share: " + CvmRingDescriptor.MAX_RECORD_LENGTH +
                    "…" + ringCapacity + " bytes, not " + connectionShare);
            }
            return this;
        }

        /** @return bytes of a lane's ring one untrusted connection may hold at once; 0 for an eighth of the ring. */
        public int connectionShare()
        {
            return connectionShare;
        }

        /**
         * @param bytes bytes of records in a lane's ring to the CVM that one connection which is not a trusted link
         *              may have at once, beyond which its QUERY and TRANSACT are answered {@code :LOAD} and the rest
         *              dropped; at least {@link CvmRingDescriptor#MAX_RECORD_LENGTH}, at most the ring capacity;
         *              default 0: an eighth of the ring ({@link ConvexPeer#DEFAULT_SHARE_DIVISOR}).
         * @return this.
         */
        public Context connectionShare(final int bytes)
        {
            this.connectionShare = bytes;
            return this;
        }

        /** @return the 32-byte Ed25519 seed of the peer's key. */
        public byte[] keySeed()
        {
            return keySeed;
        }

        /**
         * @param keySeed the 32-byte Ed25519 seed of the peer's key; default the demo key,
         *                {@link ReferencePeerNode#DEFAULT_SEED_HEX}.
         * @return this.
         */
        public Context keySeed(final byte[] keySeed)
        {
            this.keySeed = keySeed.clone();
            return this;
        }

        /** @return the genesis peers' keys, or null for this peer's own key alone. */
        public List<AccountKey> genesisKeys()
        {
            return genesisKeys;
        }

        /**
         * @param genesisKeys the genesis peers' keys, in order ({@code Init.createState}: the first owns {@code #11},
         *                    each gets an equal stake); null (the default) for this peer's own key alone.
         * @return this.
         */
        public Context genesisKeys(final List<AccountKey> genesisKeys)
        {
            this.genesisKeys = null == genesisKeys ? null : List.copyOf(genesisKeys);
            return this;
        }

        /** @return bytes of each lane's ring to the CVM thread. */
        public int ringCapacity()
        {
            return ringCapacity;
        }

        /** @param capacity bytes of each lane's ring, a power of two, at least 256 KiB; default 1 MiB. @return this. */
        public Context ringCapacity(final int capacity)
        {
            this.ringCapacity = capacity;
            return this;
        }

        /** @return accounts the account table holds. */
        public int accountCapacity()
        {
            return accountCapacity;
        }

        /** @param capacity accounts the account table holds, {@code #0} upward; default 65536. @return this. */
        public Context accountCapacity(final int capacity)
        {
            this.accountCapacity = capacity;
            return this;
        }

        /**
         * The node's settings. The peer sets its key seed, network ID, account table, handlers and
         * {@code beliefRefsResolved(false)} itself; the transport's idle strategy is also the CVM thread's.
         *
         * @return the node context, to configure in place.
         */
        public Node.Context node()
        {
            return node;
        }

        /**
         * Configures the node's transport in one chain, e.g. {@code .transport(t -> t.port(0))}.
         *
         * @param configure applied to the node's transport context at once.
         * @return this.
         */
        public Context transport(final Consumer<Transport.Context> configure)
        {
            node.transport(configure);
            return this;
        }
    }
}
