package io.cellwire.bench.convex;

import convex.api.Convex;
import convex.core.ErrorCodes;
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
import io.cellwire.transport.OutboundConnection;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.cellwire.bench.convex.TwoPeerClients.GENESIS;
import static io.cellwire.bench.convex.TwoPeerClients.KEYS;
import static io.cellwire.bench.convex.TwoPeerClients.KEY_A;
import static io.cellwire.bench.convex.TwoPeerClients.KEY_B;
import static io.cellwire.bench.convex.TwoPeerClients.POLL_MS;
import static io.cellwire.bench.convex.TwoPeerClients.TIMEOUT_MS;
import static io.cellwire.bench.convex.TwoPeerClients.agreedSequence;
import static io.cellwire.bench.convex.TwoPeerClients.awaitValue;
import static io.cellwire.bench.convex.TwoPeerClients.invoke;
import static io.cellwire.bench.convex.TwoPeerClients.query;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network of {@link TwoPeerNetworkTest} (a {@link ConvexPeer} with key A and a stock 0.7.9 {@code Server} with
 * key B, equal stake, genesis of both keys), each peer's link to the other relayed by a {@link CuttableProxy}. Both
 * links are cut after a first transaction commits; a transaction submitted to our peer during the cut cannot reach
 * consensus, since neither peer has more than half the stake; once the links are restored it commits on both.
 * <p>
 * Our peer's {@link PeerLink} reconnects by itself (through the proxy, which accepts again). The stock peer does not:
 * its connection manager drops the closed connection and connects only to peers whose host the consensus state
 * records, and a genesis of keys records none, so the test links it again as at the start
 * ({@code ConnectionManager.connectToPeer}), as an operator of a 0.7.9 peer would.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class LinkCutTest
{
    /** Broadcasts our peer makes during the cut before the test looks: at 100 ms apart, a good half second. */
    private static final int BROADCASTS_DURING_CUT = 5;
    private static final Duration AWAIT = Duration.ofMillis(TIMEOUT_MS);

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    private ReferencePeer stock;
    private ConvexPeer ours;
    private CuttableProxy toStockLink;
    private CuttableProxy toOursLink;
    private Convex toStock;
    private Convex toOurs;

    @AfterEach
    void stopNetwork()
    {
        TwoPeerClients.close(toOurs, toStock);
        CloseHelper.closeAll(ours, stock, toStockLink, toOursLink);
    }

    @Test
    void shouldCommitOnBothPeersATransactionSubmittedWhileTheirLinksWereCut() throws Exception
    {
        ReferencePeer.initialiseHash();
        final State genesis = Init.createState(KEYS);
        stock = ReferencePeer.start(KEY_B, genesis);
        ours = ConvexPeer.launch(new ConvexPeer.Context()
            .keySeed(ReferencePeer.SEED_A)
            .genesisKeys(KEYS)
            .transport(t -> t.host("127.0.0.1").port(0).idleStrategy(IdleStrategies.BACKOFF)
                .errorHandler(agentErrors)));
        toStockLink = new CuttableProxy(new InetSocketAddress("127.0.0.1", stock.port()), "to-stock");
        toOursLink = new CuttableProxy(ours.localAddress(), "to-ours");
        final PeerLink link = ours.connect("127.0.0.1", toStockLink.address().getPort(), TIMEOUT_MS);
        final Connection back = linkStockToOurs();
        Await.until(link::isTrusted, AWAIT, () -> "our link trusted after the stock peer's RESPONSE");
        toOurs = Convex.connect(ours.localAddress(), GENESIS, KEY_A, new MemoryStore());
        toStock = Convex.connect(new InetSocketAddress("127.0.0.1", stock.port()), GENESIS, KEY_A, new MemoryStore());

        final long sequence = agreedSequence(toOurs, toStock) + 1;
        final Result before = toOurs.transactSync(invoke(sequence, "(def before-cut 41)"), TIMEOUT_MS);
        assertNull(before.getErrorCode(), before::toString);
        assertEquals(CVMLong.create(41), before.getValue());
        awaitValue(toStock, "before-cut", CVMLong.create(41));

        toStockLink.cut();
        toOursLink.cut();
        Await.until(() -> OutboundConnection.NOT_CONNECTED == link.connectionId() || !link.isTrusted(), AWAIT,
            () -> "our link sees the cut");
        Await.until(back::isClosed, AWAIT, () -> "the stock peer's link sees the cut");
        final long broadcastsAtCut = broadcasts();
        final CompletableFuture<Result> during = toOurs.transact(invoke(sequence + 1, "(def during-cut 42)"));
        Await.until(() -> broadcasts() >= broadcastsAtCut + BROADCASTS_DURING_CUT && toStockLink.refused.get() > 0,
            AWAIT, () -> "our peer rebroadcasts and its link tries to reconnect during the cut: broadcasts " +
                (broadcasts() - broadcastsAtCut) + ", reconnections refused " + toStockLink.refused.get());
        assertFalse(during.isDone(), () -> "no consensus alone: " + during.getNow(null));
        assertEquals(ErrorCodes.UNDECLARED, query(toOurs, "during-cut").getErrorCode(), "not in consensus on ours");
        assertEquals(ErrorCodes.UNDECLARED, query(toStock, "during-cut").getErrorCode(), "not on the stock peer");
        final long relayedBeforeRestore = toStockLink.relayed.get();

        toStockLink.restore();
        toOursLink.restore();
        Await.until(link::isTrusted, AWAIT, () -> "our link reconnected and trusted again");
        assertTrue(toStockLink.relayed.get() > relayedBeforeRestore, "our link reconnected through the proxy");
        final Connection again = linkStockToOurs();

        final Result result = during.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        assertNull(result.getErrorCode(), result::toString);
        assertEquals(CVMLong.create(42), result.getValue());
        awaitValue(toStock, "during-cut", CVMLong.create(42));
        assertEquals(CVMLong.create(42), query(toOurs, "during-cut").getValue());
        assertEquals(sequence + 1, agreedSequence(toOurs, toStock));
        assertFalse(again.isClosed(), "the stock peer's new link is open");
        System.out.printf("link cut: our link reconnected (%d connections relayed to the stock peer, %d refused " +
            "during the cut); stock peer re-linked by the test; our peer sent %d MISSING_DATA, answered %d%n",
            toStockLink.relayed.get(), toStockLink.refused.get(),
            ours.node().counters().value(ConvexPeerCounter.MISSING_DATA_SENT),
            ours.node().counters().value(ConvexPeerCounter.MISSING_DATA_ANSWERED));
    }

    /** The stock peer's outbound link to ours, through the proxy, as its connection manager makes one. */
    private Connection linkStockToOurs() throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        Connection connection = stock.server.getConnectionManager().connectToPeer(toOursLink.address());
        while (null == connection)
        {
            assertTrue(System.nanoTime() < deadlineNs, "the stock peer connects to ours");
            Thread.sleep(POLL_MS);
            connection = stock.server.getConnectionManager().connectToPeer(toOursLink.address());
        }
        assertNotNull(connection);
        return connection;
    }

    private long broadcasts()
    {
        return ours.node().counters().value(ConvexPeerCounter.BELIEF_BROADCASTS);
    }
}
