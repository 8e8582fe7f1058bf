package io.cellwire.testing;

import convex.core.State;
import convex.core.crypto.AKeyPair;
import convex.core.data.Hash;
import convex.core.data.Keyword;
import convex.core.data.Keywords;
import convex.core.data.prim.CVMLong;
import convex.core.init.Init;
import convex.core.store.MemoryStore;
import convex.peer.API;
import convex.peer.Server;
import io.cellwire.transport.Connection;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 0.7.9 reference peer in the test JVM: a one-peer network on 127.0.0.1 and a free port, genesis from key A (seed
 * 31 × {@code 00} ‖ {@code 01}, docs/wire-format.md §7), a memory store, nothing persisted. Test support; started and
 * closed by the test thread.
 */
public final class ReferencePeer implements AutoCloseable
{
    /** Seed of key A: the genesis peer's key and the genesis account's key. */
    public static final byte[] SEED_A = seed(1);
    /** Seed of key B: a key the genesis account does not have. */
    public static final byte[] SEED_B = seed(2);
    /** Seed of key C: a third key. */
    public static final byte[] SEED_C = seed(3);
    /**
     * The reference's client selector thread: a static of {@code convex.net.Connection}, started on first use and
     * never stopped by 0.7.9; not ours to stop, so leak checks leave it out.
     */
    public static final String REFERENCE_STATIC_THREAD = "Connection NIO client selector loop";

    public final AKeyPair keyPair;
    public final State genesis;
    public final Server server;

    private ReferencePeer(final AKeyPair keyPair, final State genesis, final Server server)
    {
        this.keyPair = keyPair;
        this.genesis = genesis;
        this.server = server;
    }

    /**
     * Starts a peer.
     *
     * @return the running peer.
     */
    public static ReferencePeer start()
    {
        initialiseHash();
        final AKeyPair keyPair = AKeyPair.create(SEED_A);
        return start(keyPair, Init.createState(List.of(keyPair.getAccountKey())));
    }

    /**
     * Starts a peer of a given genesis, e.g. one whose state also stakes a peer of ours.
     *
     * @param keyPair the peer's key.
     * @param genesis the genesis state.
     * @return the running peer.
     */
    public static ReferencePeer start(final AKeyPair keyPair, final State genesis)
    {
        initialiseHash();
        final Map<Keyword, Object> config = new HashMap<>();
        config.put(Keywords.KEYPAIR, keyPair);
        config.put(Keywords.STATE, genesis);
        config.put(Keywords.PORT, 0);
        config.put(Keywords.STORE, new MemoryStore());
        config.put(Keywords.PERSIST, false);
        config.put(Keywords.RESTORE, false);
        config.put(Keywords.AUTO_MANAGE, false);
        return new ReferencePeer(keyPair, genesis, API.launchPeer(config));
    }

    /**
     * Forces the reference's {@code Hash} initialisation before any reference hash is taken (docs/wire-format.md §2:
     * the first {@code getHash()} in a fresh JVM can return SHA3 of the empty input and cache it).
     */
    public static void initialiseHash()
    {
        assertTrue(Hash.NULL_HASH.toHexString().startsWith("5d53469f"));
        assertTrue(CVMLong.create(1).getHash().toHexString().startsWith("44462b2a"));
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

    /** @return the genesis account, {@code #11}. */
    public static long genesisAddress()
    {
        return Init.GENESIS_ADDRESS.longValue();
    }

    @Override
    public void close()
    {
        server.close();
    }

    /**
     * The live threads, except the reference's static client selector and the JDK's own (thread group
     * {@code system}, e.g. the process reaper that the reference's native-library loading starts).
     *
     * @return the threads.
     */
    public static Set<Thread> liveThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(Thread::isAlive)
            .filter(thread -> !thread.getName().equals(REFERENCE_STATIC_THREAD))
            .filter(thread -> thread.getThreadGroup() != null && !"system".equals(thread.getThreadGroup().getName()))
            .collect(Collectors.toSet());
    }

    private static byte[] seed(final int last)
    {
        final byte[] seed = new byte[32];
        seed[31] = (byte)last;
        return seed;
    }
}
