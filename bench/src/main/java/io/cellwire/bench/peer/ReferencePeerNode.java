package io.cellwire.bench.peer;

import convex.core.State;
import convex.core.crypto.AKeyPair;
import convex.core.data.AccountKey;
import convex.core.data.Hash;
import convex.core.data.Keyword;
import convex.core.data.Keywords;
import convex.core.data.prim.CVMLong;
import convex.core.init.Init;
import convex.core.store.MemoryStore;
import convex.peer.API;
import convex.peer.Server;
import io.cellwire.client.Client;
import org.agrona.BitUtil;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A 0.7.9 reference peer in this JVM listening on loopback: by default a one-peer network, genesis from one Ed25519
 * key (the peer's key and the genesis account {@code #11}'s key), or one peer of a network of given genesis keys; a
 * memory store, nothing persisted, no joining or syncing.
 * Set up as the transport's live tests set theirs up. Started and closed by one thread; the reference runs its own
 * threads in between.
 */
public final class ReferencePeerNode implements AutoCloseable
{
    /** Bytes of an Ed25519 seed. */
    public static final int SEED_LENGTH = 32;
    /** The port the reference listens on by default, and the default endpoint of a Client. */
    public static final int DEFAULT_PORT = 18888;
    /** The genesis account of a one-peer genesis, {@code #11}: the 0.7.9 {@code Init.GENESIS_ADDRESS}. */
    public static final long GENESIS_ADDRESS = 11;
    /** Seed of the default key, 31 × {@code 00} ‖ {@code 01} (docs/wire-format.md §7 key A), as hex. */
    public static final String DEFAULT_SEED_HEX = "00".repeat(SEED_LENGTH - 1) + "01";
    /** Prefix of SHA3-256 of the empty input, which the reference's {@code Hash.NULL_HASH} must start with. */
    private static final String NULL_HASH_PREFIX = "5d53469f";
    /** Prefix of the value ID of the Long 1, which must come out right after initialisation. */
    private static final String LONG_ONE_HASH_PREFIX = "44462b2a";

    private final byte[] seed;
    private final AKeyPair keyPair;
    private final State genesis;
    private final Server server;

    private ReferencePeerNode(final byte[] seed, final AKeyPair keyPair, final State genesis, final Server server)
    {
        this.seed = seed;
        this.keyPair = keyPair;
        this.genesis = genesis;
        this.server = server;
    }

    /**
     * Starts a peer and returns once it listens.
     *
     * @param port the port, 0 for any free one.
     * @param seed the 32-byte Ed25519 seed of the peer and genesis key; copied.
     * @return the running peer.
     */
    public static ReferencePeerNode start(final int port, final byte[] seed)
    {
        return start(port, seed, null);
    }

    /**
     * Starts a peer of a network whose genesis is {@code Init.createState(genesisKeys)}, as stock 0.7.9 peers given the
     * same keys in the same order hold the same genesis; returns once it listens.
     *
     * @param port        the port, 0 for any free one.
     * @param seed        the 32-byte Ed25519 seed of the peer's key; copied.
     * @param genesisKeys the genesis peers' keys in order (the first owns {@code #11}), or null for this peer's alone.
     * @return the running peer.
     */
    public static ReferencePeerNode start(final int port, final byte[] seed, final List<AccountKey> genesisKeys)
    {
        if (seed.length != SEED_LENGTH)
        {
            throw new IllegalArgumentException("key seed must be " + SEED_LENGTH + " bytes, not " + seed.length);
        }
        initialiseHash();
        if (Init.GENESIS_ADDRESS.longValue() != GENESIS_ADDRESS)
        {
            throw new IllegalStateException("the reference's genesis account is " + Init.GENESIS_ADDRESS);
        }
        final AKeyPair keyPair = AKeyPair.create(seed.clone());
        final State genesis = Init.createState(null == genesisKeys ? List.of(keyPair.getAccountKey()) : genesisKeys);
        final Map<Keyword, Object> config = new HashMap<>();
        config.put(Keywords.KEYPAIR, keyPair);
        config.put(Keywords.STATE, genesis);
        config.put(Keywords.PORT, port);
        config.put(Keywords.STORE, new MemoryStore());
        config.put(Keywords.PERSIST, false);
        config.put(Keywords.RESTORE, false);
        config.put(Keywords.AUTO_MANAGE, false);
        return new ReferencePeerNode(seed.clone(), keyPair, genesis, API.launchPeer(config));
    }

    /**
     * Forces the reference's {@code Hash} initialisation before any reference hash is taken: the first
     * {@code getHash()} in a fresh JVM can return SHA3 of the empty input and cache it (docs/wire-format.md §2).
     *
     * @throws IllegalStateException if the reference still hashes wrongly.
     */
    public static void initialiseHash()
    {
        final String nullHash = Hash.NULL_HASH.toHexString();
        final String longOneHash = CVMLong.create(1).getHash().toHexString();
        if (!nullHash.startsWith(NULL_HASH_PREFIX) || !longOneHash.startsWith(LONG_ONE_HASH_PREFIX))
        {
            throw new IllegalStateException("reference hashing is not initialised: " + nullHash + ", " + longOneHash);
        }
    }

    /**
     * Parses a seed.
     *
     * @param hex 64 hex digits.
     * @return the 32 bytes.
     * @throws IllegalArgumentException if it is not 32 bytes of hex.
     */
    public static byte[] parseSeed(final String hex)
    {
        if (hex.length() != 2 * SEED_LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0))
        {
            throw new IllegalArgumentException("key seed must be " + 2 * SEED_LENGTH + " hex digits: " + hex);
        }
        return BitUtil.fromHex(hex);
    }

    /**
     * Opens a link to another peer, as a stock peer's own outgoing connection: the stock peer broadcasts its belief
     * only on connections it opened.
     *
     * @param address the peer.
     * @return false if it could not connect (not listening yet, say).
     */
    public boolean connect(final InetSocketAddress address)
    {
        return null != server.getConnectionManager().connectToPeer(address);
    }

    /** @return the port the peer listens on. */
    public int port()
    {
        return server.getPort();
    }

    /** @return {@code 127.0.0.1:port}. */
    public String endpoint()
    {
        return "127.0.0.1:" + port();
    }


    /** @return the public key as 64 lowercase hex digits. */
    public String publicKeyHex()
    {
        return keyPair.getAccountKey().toHexString();
    }

    /** @return the seed as 64 lowercase hex digits. */
    public String seedHex()
    {
        return BitUtil.toHex(seed);
    }

    /** @return the genesis state's value ID as hex. */
    public String genesisHashHex()
    {
        return genesis.getHash().toHexString();
    }

    @Override
    public void close()
    {
        server.close();
    }
}
