package io.cellwire.bench.convex;

import convex.api.Convex;
import convex.core.Result;
import convex.core.State;
import convex.core.crypto.AKeyPair;
import convex.core.data.ACell;
import convex.core.data.AccountKey;
import convex.core.data.Address;
import convex.core.data.prim.CVMLong;
import convex.core.init.Init;
import convex.core.lang.Reader;
import convex.core.store.MemoryStore;
import convex.core.transactions.Invoke;
import convex.net.Connection;
import io.cellwire.node.PeerLink;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.transport.IdleStrategies;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A network of two peers of equal stake, neither of which reaches consensus alone: a stock 0.7.9 {@code Server}
 * (key B) and a {@link ConvexPeer} (key A, which owns {@code #11}), genesis of both keys. Our peer links to the stock
 * one; the stock one connects to ours, as its connection manager does, since a 0.7.9 peer broadcasts only on the
 * connections it opened.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoPeerNetworkTest
{
    private static final long TIMEOUT_MS = 20_000;
    private static final long POLL_MS = 20;
    private static final Address GENESIS = Init.GENESIS_ADDRESS;
    private static final AKeyPair KEY_A = AKeyPair.create(ReferencePeer.SEED_A);
    private static final AKeyPair KEY_B = AKeyPair.create(ReferencePeer.SEED_B);
    private static final List<AccountKey> KEYS = List.of(KEY_A.getAccountKey(), KEY_B.getAccountKey());

    private static ReferencePeer stock;
    private static ConvexPeer ours;
    private static Convex toStock;
    private static Convex toOurs;

    @BeforeAll
    static void startNetwork() throws Exception
    {
        ReferencePeer.initialiseHash();
        final State genesis = Init.createState(KEYS);
        stock = ReferencePeer.start(KEY_B, genesis);
        ours = ConvexPeer.launch(new ConvexPeer.Context()
            .keySeed(ReferencePeer.SEED_A)
            .genesisKeys(KEYS)
            .transport(t -> t.host("127.0.0.1").port(0).idleStrategy(IdleStrategies.BACKOFF)));
        assertEquals(genesis.getHash(), ours.genesisHash());
        final PeerLink link = ours.connect("127.0.0.1", stock.port(), TIMEOUT_MS);
        final Connection back = stock.server.getConnectionManager().connectToPeer(ours.localAddress());
        assertNotNull(back, "the stock peer connects to ours");
        awaitTrue(link::isTrusted, "our link trusted after the stock peer's RESPONSE");
        toOurs = Convex.connect(ours.localAddress(), GENESIS, KEY_A, new MemoryStore());
        toStock = Convex.connect(new InetSocketAddress("127.0.0.1", stock.port()), GENESIS, KEY_A, new MemoryStore());
    }

    @AfterAll
    static void stopNetwork()
    {
        for (final Convex client : new Convex[]{ toOurs, toStock })
        {
            if (null != client)
            {
                client.close();
            }
        }
        if (null != ours)
        {
            ours.close();
        }
        if (null != stock)
        {
            stock.close();
        }
    }

    @Test
    void shouldCommitOnBothPeersATransactionSubmittedToOurs() throws Exception
    {
        final long sequence = agreedSequence() + 1;

        final Result result = toOurs.transactSync(KEY_A.signData(Invoke.create(GENESIS, sequence,
            Reader.read("(def x 42)"))), TIMEOUT_MS);

        assertNull(result.getErrorCode(), result::toString);
        assertEquals(CVMLong.create(42), result.getValue());
        awaitValue(toStock, "x", CVMLong.create(42));
        assertEquals(CVMLong.create(42), query(toOurs, "x").getValue());
    }

    @Test
    void shouldCommitOnOursATransactionSubmittedToTheStockPeer() throws Exception
    {
        final long sequence = agreedSequence() + 1;

        final Result result = toStock.transactSync(KEY_A.signData(Invoke.create(GENESIS, sequence,
            Reader.read("(def y 43)"))), TIMEOUT_MS);

        assertNull(result.getErrorCode(), result::toString);
        assertEquals(CVMLong.create(43), result.getValue());
        awaitValue(toOurs, "y", CVMLong.create(43));
        assertEquals(CVMLong.create(43), query(toStock, "y").getValue());
    }

    /** The sequence of {@code #11} once both peers' consensus states agree on it. */
    private static long agreedSequence() throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (true)
        {
            final ACell onOurs = query(toOurs, "(:sequence (account #11))").getValue();
            final ACell onStock = query(toStock, "(:sequence (account #11))").getValue();
            if (Objects.equals(onOurs, onStock))
            {
                return ((CVMLong)onOurs).longValue();
            }
            assertTrue(System.nanoTime() < deadlineNs, () -> "sequences differ: ours " + onOurs + ", stock " + onStock);
            Thread.sleep(POLL_MS);
        }
    }

    private static void awaitValue(final Convex client, final String source, final ACell expected) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        Result result = query(client, source);
        while (!expected.equals(result.getValue()))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail(source + " is still " + result);
            }
            Thread.sleep(POLL_MS);
            result = query(client, source);
        }
    }

    private static Result query(final Convex client, final String source) throws Exception
    {
        return client.querySync(Reader.read(source), GENESIS, TIMEOUT_MS);
    }

    private static void awaitTrue(final BooleanSupplier condition, final String what)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadlineNs, what);
            Thread.sleep(POLL_MS);
        }
    }
}
