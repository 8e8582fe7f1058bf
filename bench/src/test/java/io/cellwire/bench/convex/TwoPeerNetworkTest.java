package io.cellwire.bench.convex;

import convex.api.Convex;
import convex.core.Result;
import convex.core.State;
import convex.core.data.prim.CVMLong;
import convex.core.init.Init;
import convex.core.store.MemoryStore;
import convex.net.Connection;
import io.cellwire.node.PeerLink;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.transport.IdleStrategies;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.cellwire.bench.convex.TwoPeerClients.GENESIS;
import static io.cellwire.bench.convex.TwoPeerClients.KEYS;
import static io.cellwire.bench.convex.TwoPeerClients.KEY_A;
import static io.cellwire.bench.convex.TwoPeerClients.KEY_B;
import static io.cellwire.bench.convex.TwoPeerClients.TIMEOUT_MS;
import static io.cellwire.bench.convex.TwoPeerClients.agreedSequence;
import static io.cellwire.bench.convex.TwoPeerClients.awaitValue;
import static io.cellwire.bench.convex.TwoPeerClients.invoke;
import static io.cellwire.bench.convex.TwoPeerClients.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A network of two peers of equal stake, neither of which reaches consensus alone: a stock 0.7.9 {@code Server}
 * (key B) and a {@link ConvexPeer} (key A, which owns {@code #11}), genesis of both keys. Our peer links to the stock
 * one; the stock one connects to ours, as its connection manager does, since a 0.7.9 peer broadcasts only on the
 * connections it opened.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TwoPeerNetworkTest
{
    private static final Duration AWAIT = Duration.ofMillis(TIMEOUT_MS);

    /** Static, as the network that {@code @BeforeAll} starts is: it checks after each test and after the close. */
    @RegisterExtension
    static final AgentErrors AGENT_ERRORS = new AgentErrors();

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
            .transport(t -> t.host("127.0.0.1").port(0).idleStrategy(IdleStrategies.BACKOFF)
                .errorHandler(AGENT_ERRORS)));
        assertEquals(genesis.getHash(), ours.genesisHash());
        final PeerLink link = ours.connect("127.0.0.1", stock.port(), TIMEOUT_MS);
        final Connection back = stock.server.getConnectionManager().connectToPeer(ours.localAddress());
        assertNotNull(back, "the stock peer connects to ours");
        Await.until(link::isTrusted, AWAIT, () -> "our link trusted after the stock peer's RESPONSE");
        toOurs = Convex.connect(ours.localAddress(), GENESIS, KEY_A, new MemoryStore());
        toStock = Convex.connect(new InetSocketAddress("127.0.0.1", stock.port()), GENESIS, KEY_A, new MemoryStore());
    }

    @AfterAll
    static void stopNetwork()
    {
        TwoPeerClients.close(toOurs, toStock);
        CloseHelper.closeAll(ours, stock);
    }

    @Test
    void shouldCommitOnBothPeersATransactionSubmittedToOurs() throws Exception
    {
        final long sequence = agreedSequence(toOurs, toStock) + 1;

        final Result result = toOurs.transactSync(invoke(sequence, "(def x 42)"), TIMEOUT_MS);

        assertNull(result.getErrorCode(), result::toString);
        assertEquals(CVMLong.create(42), result.getValue());
        awaitValue(toStock, "x", CVMLong.create(42));
        assertEquals(CVMLong.create(42), query(toOurs, "x").getValue());
    }

    @Test
    void shouldCommitOnOursATransactionSubmittedToTheStockPeer() throws Exception
    {
        final long sequence = agreedSequence(toOurs, toStock) + 1;

        final Result result = toStock.transactSync(invoke(sequence, "(def y 43)"), TIMEOUT_MS);

        assertNull(result.getErrorCode(), result::toString);
        assertEquals(CVMLong.create(43), result.getValue());
        awaitValue(toOurs, "y", CVMLong.create(43));
        assertEquals(CVMLong.create(43), query(toStock, "y").getValue());
    }
}
