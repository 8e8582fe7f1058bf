package io.cellwire.node;

import io.cellwire.client.Client;
import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.message.StatusEncoder;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.testing.ResultCollector;
import io.cellwire.testing.TestCells;
import io.cellwire.transport.CounterDescriptor;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.TransportCounter;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

import static io.cellwire.testing.TestCells.DEF_X_1;
import static io.cellwire.testing.TestCells.ONE_PLUS_TWO;
import static io.cellwire.testing.TestCells.assertSuccess;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Our {@link Client} and {@link Node} across real network faults. A node runs in a child JVM inside a network
 * namespace ({@link NodeProcess}, {@link NetworkNamespace}) joined to the test's root namespace by a veth pair; the
 * client, and a second node that opens a {@link PeerLink} to it, run in this JVM. Faults: 5 % random packet loss each
 * way and a 2-second cut, both with nftables inside the namespace, and 50 ± 10 ms delay with reordered release
 * timing, split writes and a 64 KiB/s throttle through a {@link FaultInjectingProxy}. Every accepted request must end
 * exactly once, with its real result where the fault leaves TCP intact, and the counters on both sides must account
 * for it. Needs root, iproute2 and nftables, and fails naming what is missing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkFaultTest
{
    private static final long GENESIS = 11;
    /** The network both nodes belong to, so that each answers the other's CHALLENGE. */
    private static final byte[] NETWORK_ID = filled(CellDescriptor.VALUE_ID_LENGTH, 0x77);
    private static final int LOSS_PERCENT = 5;
    private static final long CUT_MS = 2_000;
    /** Idle timeout of both nodes in the cut tests: what turns a silent cut into a close. */
    private static final long IDLE_TIMEOUT_MS = 1_000;
    private static final long NEVER = 0;
    /** Request timeout across the cut: shorter than the cut, so requests lost in it time out. */
    private static final long SHORT_TIMEOUT_MS = 1_000;
    /** Request timeout under loss and delay: long enough that TCP recovers every loss first. */
    private static final long GENEROUS_TIMEOUT_MS = 30_000;
    private static final long CONNECT_TIMEOUT_MS = 10_000;
    private static final Duration AWAIT = Duration.ofSeconds(15);
    private static final long DRAIN_MS = 35_000;
    private static final long WARM_UP_MS = 1_000;
    private static final long SEND_INTERVAL_MS = 10;
    /** The linking node's STATUS keepalive on a quiet link. */
    private static final long LINK_KEEPALIVE_MS = 100;
    /** The linking node closes a link that read nothing for this long, so a silent cut is found. */
    private static final long LINK_TIMEOUT_MS = 1_000;
    /**
     * Keepalive answers (counted as ignored RESULTs) that show the link holds outside the cut: a keepalive goes out at
     * most every {@link #LINK_KEEPALIVE_MS}, so this many take longer than the link timeout and the child's idle
     * timeout, either of which closes a link whose keepalives fail.
     */
    private static final long HELD_KEEPALIVES = 2 * LINK_TIMEOUT_MS / LINK_KEEPALIVE_MS;
    private static final long POLL_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final int WINDOW = 16;
    /** A small window under loss, so that requests and results travel in many small segments, not a few large. */
    private static final int LOSS_WINDOW = 4;
    private static final int LOSS_REQUESTS = 1_500;
    private static final int PROXY_REQUESTS = 240;
    private static final int REQUESTS_AFTER_CUT = 50;
    /** In the loss test one request in ten is a TRANSACT and one in ten a STATUS. */
    private static final int MIX_PERIOD = 10;
    /** In the proxy test one request in six carries a 4,000-byte form, sent as DATA and by ref. */
    private static final int LARGE_PERIOD = 6;
    private static final int LARGE_BLOB_LENGTH = 3_990;
    private static final int HASH_ITEM = 34;
    private static final int STATUS_LENGTH = 2 + 5 * HASH_ITEM;
    private static final int STATUS_PEER_KEY_OFFSET = 2 + 3 * HASH_ITEM + 2;
    private static final long PROXY_SEED = 20_240_611;
    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);
    /** What the throttle may let through beyond its rate: a tenth of a second's bytes (a piece in flight). */
    private static final long THROTTLE_SLACK_BYTES = FaultInjectingProxy.BYTES_PER_SECOND / 10;
    /** Port of a node that only links out and does not listen. */
    private static final int NO_LISTENER = -1;
    /** Room for a Blob cell's tag and length in front of its bytes. */
    private static final int BLOB_HEADER_ROOM = 10;

    private static final UnsafeBuffer LARGE_FORM = largeForm();

    private enum Kind
    {
        QUERY, LARGE_QUERY, TRANSACT, STATUS
    }

    /** What was asked under one message ID, to check its result against. */
    private record Request(Kind kind, long sequence)
    {
    }

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private final ResultCollector results = new ResultCollector();
    private final Map<Long, Request> requests = new HashMap<>();
    private NetworkNamespace namespace;
    private NodeProcess child;
    private Node node;
    private PeerLink link;
    private FaultInjectingProxy proxy;
    private Client client;
    private long nextSequence = 1;
    private long nextSendNs;
    private int sent;

    @BeforeAll
    static void requireEnvironment()
    {
        NetworkNamespace.requireEnvironment();
    }

    @BeforeEach
    void createNamespace()
    {
        namespace = NetworkNamespace.create();
    }

    @AfterEach
    void close() throws Exception
    {
        try
        {
            CloseHelper.closeAll(client, link == null ? null : link::close, node, proxy, child);
        }
        finally
        {
            if (namespace != null)
            {
                namespace.close();
            }
        }
        if (child != null)
        {
            assertEquals(List.of(), child.agentErrors(), "exceptions raised on the child node's agent threads");
        }
    }

    @Test
    void shouldAnswerEveryRequestUnderFivePercentLossEachWay() throws IOException
    {
        child = NodeProcess.launch(ReferencePeer.SEED_B, NETWORK_ID, NEVER);
        launchLinkedNode(NetworkNamespace.INNER_ADDRESS, NodeProcess.PORT, NEVER);
        client = connect(child.endpoint(), GENEROUS_TIMEOUT_MS);
        // Loss starts once both connections are open: a lost SYN-ACK would otherwise make a connect time out and be
        // retried while the first attempt completes, a third connection that no loss of data caused.
        awaitTrue("peer link trusted before the loss", link::isTrusted);
        namespace.loss(LOSS_PERCENT);

        final long startNs = System.nanoTime();
        sendWindowed(LOSS_REQUESTS, LOSS_WINDOW, i -> i % MIX_PERIOD == MIX_PERIOD - 1 ? Kind.TRANSACT :
            i % MIX_PERIOD == MIX_PERIOD / 2 ? Kind.STATUS : Kind.QUERY);
        results.drain(client, DRAIN_MS);
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
        awaitTrue("peer link trusted across the loss", link::isTrusted);
        final long dropped = namespace.droppedPackets();

        assertEachRequestEndedOnce();
        assertEquals(0, client.timeouts());
        requests.forEach((id, request) -> assertRealResult(request, results.outcomes.get(id)));
        awaitNudgesAnswered();
        assertEquals(count(Kind.QUERY) + client.nudgesSent(), child.counter(NodeCounter.QUERIES));
        assertEquals(0, child.counter(NodeCounter.SHED_QUERIES));
        assertEquals(count(Kind.TRANSACT), child.counter(NodeCounter.TRANSACTIONS_ADMITTED));
        final long statusAnswered = child.counter(NodeCounter.STATUS_ANSWERED);
        assertTrue(statusAnswered >= count(Kind.STATUS), "every client STATUS answered");
        assertTrue(statusAnswered <= count(Kind.STATUS) + nodeCounter(NodeCounter.KEEPALIVES_SENT),
            "the rest are the link's keepalives");
        assertEquals(2, child.counter(TransportCounter.CONNECTIONS_ACCEPTED),
            "no connection was lost: the client's and the link's");
        assertTrue(dropped > 0, "nftables dropped packets");
        report("loss %d%%: %d requests (%d QUERY, %d TRANSACT, %d STATUS) in %d ms, 0 timeouts, %d nudges, " +
            "%d packets dropped", LOSS_PERCENT, requests.size(), count(Kind.QUERY), count(Kind.TRANSACT),
            count(Kind.STATUS), elapsedMs, client.nudgesSent(), dropped);
    }

    @Test
    void shouldEndEveryRequestOnceAndReconnectClientAfterTwoSecondCut() throws IOException
    {
        child = NodeProcess.launch(ReferencePeer.SEED_B, NETWORK_ID, IDLE_TIMEOUT_MS);
        client = connect(child.endpoint(), SHORT_TIMEOUT_MS);
        pump(WARM_UP_MS);
        final int beforeCut = requests.size();

        namespace.cut();
        pump(CUT_MS);
        final long dropped = namespace.droppedPackets();
        namespace.heal();
        final long healedNs = System.nanoTime();
        pumpUntil("client reconnected", () -> clientCounter(TransportCounter.CONNECTIONS_OPENED) >= 2 &&
            client.isConnected());
        final long reconnectMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healedNs);
        final long firstAfterReconnect = requests.size() + 1L;
        sendWindowed(REQUESTS_AFTER_CUT, WINDOW, i -> Kind.QUERY);
        results.drain(client, DRAIN_MS);

        assertEachRequestEndedOnce();
        long echoes = 0;
        long timeouts = 0;
        for (final Map.Entry<Long, Request> entry : requests.entrySet())
        {
            final ResultCollector.Outcome outcome = results.outcomes.get(entry.getKey());
            if (outcome.timedOut())
            {
                assertEquals("TIMEOUT", outcome.error());
                assertTrue(entry.getKey() < firstAfterReconnect, "request " + entry.getKey() + " timed out after " +
                    "the client reconnected");
                timeouts++;
            }
            else
            {
                assertRealResult(entry.getValue(), outcome);
                echoes++;
            }
        }
        assertTrue(timeouts > 0, "requests sent into the cut time out");
        assertEquals(timeouts, client.timeouts());
        final long handled = child.counter(NodeCounter.QUERIES) + child.counter(NodeCounter.SHED_QUERIES);
        final long answered = echoes + client.nudgesAnswered();
        assertTrue(answered <= handled, "every result came from a query the node handled");
        assertTrue(handled <= requests.size() + client.nudgesSent(), "the node handled no query twice");
        assertTrue(handled - answered <= timeouts + client.nudgesSent() - client.nudgesAnswered(),
            "a handled query whose result did not arrive timed out");
        assertTrue(child.counter(TransportCounter.CONNECTIONS_IDLE) >= 1, "the node closed the silent connection");
        assertTrue(child.counter(TransportCounter.CONNECTIONS_ACCEPTED) >= 2, "the client came back");
        assertTrue(clientCounter(TransportCounter.CONNECTIONS_END_OF_STREAM) +
            clientCounter(TransportCounter.CONNECTIONS_RESET) >= 1,
            "the client saw its old connection end");
        report("cut %d ms: %d requests (%d before the cut), %d results, %d timeouts, %d late results, %d nudges; " +
            "%d packets dropped; client reconnected %d ms after the cut ended; node handled %d queries",
            CUT_MS, requests.size(), beforeCut, echoes, timeouts, client.unmatchedResults(), client.nudgesSent(),
            dropped, reconnectMs, handled);
    }

    @Test
    void shouldReconnectPeerLinkAndTrustItAgainAfterTwoSecondCut() throws IOException
    {
        child = NodeProcess.launch(ReferencePeer.SEED_B, NETWORK_ID, IDLE_TIMEOUT_MS);
        launchLinkedNode(NetworkNamespace.INNER_ADDRESS, NodeProcess.PORT, NEVER);
        pumpUntil("peer link trusted", link::isTrusted);
        final long before = link.connectionId();
        final long answeredBefore = nodeCounter(NodeCounter.IGNORED);
        pumpUntil("keepalives answered", () -> nodeCounter(NodeCounter.IGNORED) >= answeredBefore + HELD_KEEPALIVES);
        assertEquals(before, link.connectionId(), "keepalives hold the link open outside the cut");
        assertEquals(0, nodeCounter(NodeCounter.LINKS_TIMED_OUT));
        assertEquals(0, nodeCounter(TransportCounter.CONNECTIONS_IDLE));

        namespace.cut();
        pump(CUT_MS);
        final long dropped = namespace.droppedPackets();
        namespace.heal();
        final long healedNs = System.nanoTime();
        pumpUntil("peer link trusted on a new connection", () -> link.isTrusted() && link.connectionId() != before);
        final long trustedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - healedNs);

        assertNotEquals(before, link.connectionId());
        assertTrue(nodeCounter(NodeCounter.LINKS_TIMED_OUT) >= 1,
            "the linking node found the silent link by its link timeout and closed it");
        assertTrue(nodeCounter(TransportCounter.CONNECTIONS_OPENED) >= 2);
        assertTrue(nodeCounter(NodeCounter.RESPONSES_ACCEPTED) >= 2, "trusted again after reconnecting");
        assertTrue(child.counter(NodeCounter.CHALLENGES_ANSWERED) >= 2);
        assertTrue(child.counter(TransportCounter.CONNECTIONS_ACCEPTED) >= 2);
        final long statusAnswered = child.counter(NodeCounter.STATUS_ANSWERED);
        assertTrue(nodeCounter(NodeCounter.IGNORED) <= statusAnswered);
        final long keepalivesSent = nodeCounter(NodeCounter.KEEPALIVES_SENT);
        assertTrue(statusAnswered <= keepalivesSent, "the node answered no keepalive twice");
        report("cut %d ms: peer link trusted again on a new connection %d ms after the cut ended; %d connects, " +
            "%d challenges sent, %d packets dropped, %d keepalives", CUT_MS, trustedMs,
            nodeCounter(TransportCounter.CONNECTIONS_OPENED), nodeCounter(NodeCounter.CHALLENGES_SENT), dropped,
            keepalivesSent);
    }

    @Test
    void shouldAnswerEveryRequestThroughDelayingReorderingThrottlingProxy() throws Exception
    {
        child = NodeProcess.launch(ReferencePeer.SEED_B, NETWORK_ID, NEVER);
        proxy = new FaultInjectingProxy(new InetSocketAddress(NetworkNamespace.INNER_ADDRESS, NodeProcess.PORT),
            PROXY_SEED);
        launchLinkedNode("127.0.0.1", proxy.port(), NEVER);
        client = connect(proxy.endpoint(), GENEROUS_TIMEOUT_MS);

        final long startNs = System.nanoTime();
        sendWindowed(PROXY_REQUESTS, WINDOW, i -> i % LARGE_PERIOD == LARGE_PERIOD - 1 ? Kind.LARGE_QUERY : Kind.QUERY);
        results.drain(client, DRAIN_MS);
        final long elapsedNs = System.nanoTime() - startNs;
        awaitTrue("peer link trusted through the proxy", link::isTrusted);

        assertEachRequestEndedOnce();
        assertEquals(0, client.timeouts());
        requests.forEach((id, request) -> assertRealResult(request, results.outcomes.get(id)));
        awaitNudgesAnswered();
        assertEquals(requests.size() + client.nudgesSent(), child.counter(NodeCounter.QUERIES));
        assertEquals(0, child.counter(NodeCounter.SHED_QUERIES));
        awaitTrue("every byte relayed was read", () ->
            child.counter(TransportCounter.BYTES_IN) == proxy.bytesToTarget.get() &&
            clientCounter(TransportCounter.BYTES_OUT) + nodeCounter(TransportCounter.BYTES_OUT) ==
                proxy.bytesToTarget.get() &&
            child.counter(TransportCounter.BYTES_OUT) == proxy.bytesFromTarget.get() &&
            clientCounter(TransportCounter.BYTES_IN) + nodeCounter(TransportCounter.BYTES_IN) ==
                proxy.bytesFromTarget.get());
        assertTrue(proxy.pieces.get() > proxy.chunks.get(), "chunks were split");
        assertTrue(proxy.held.get() > 0, "chunks were held back");
        final long reorders = proxy.crossDirectionReorders();
        assertTrue(reorders > 0, "release order differed from arrival order across directions");
        final long ceiling = FaultInjectingProxy.BYTES_PER_SECOND * elapsedNs / NANOS_PER_SECOND +
            THROTTLE_SLACK_BYTES;
        assertTrue(clientCounter(TransportCounter.BYTES_OUT) <= ceiling,
            "throttled: " + clientCounter(TransportCounter.BYTES_OUT) + " > " + ceiling);
        report("delay %d±%d ms, throttle %d B/s: %d requests (%d large) in %d ms, 0 timeouts, %d nudges; proxy %d " +
            "chunks in %d pieces, %d held, %d cross-direction reorders, %d bytes up, %d bytes down",
            FaultInjectingProxy.DELAY_MS, FaultInjectingProxy.JITTER_MS, FaultInjectingProxy.BYTES_PER_SECOND,
            requests.size(), count(Kind.LARGE_QUERY), TimeUnit.NANOSECONDS.toMillis(elapsedNs), client.nudgesSent(),
            proxy.chunks.get(), proxy.pieces.get(), proxy.held.get(), reorders, proxy.bytesToTarget.get(),
            proxy.bytesFromTarget.get());
    }

    private Client connect(final String endpoint, final long requestTimeoutMs)
    {
        return Client.connect(new Client.Context()
            .endpoint(endpoint)
            .keySeed(ReferencePeer.SEED_A)
            .origin(GENESIS)
            .requestTimeoutNs(TimeUnit.MILLISECONDS.toNanos(requestTimeoutMs))
            .connectTimeoutNs(TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS))
            .transport(t -> t.idleStrategy(IdleStrategies.SLEEP).errorHandler(agentErrors)));
    }

    private void launchLinkedNode(final String host, final int port, final long idleTimeoutMs)
    {
        node = Node.launch(EchoPeerHandler.nodeContext()
            .keySeed(ReferencePeer.SEED_A)
            .networkId(NETWORK_ID)
            .linkKeepaliveNs(TimeUnit.MILLISECONDS.toNanos(LINK_KEEPALIVE_MS))
            .linkTimeoutNs(TimeUnit.MILLISECONDS.toNanos(LINK_TIMEOUT_MS))
            .transport(t -> t
                .port(NO_LISTENER)
                .idleTimeoutNs(TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs))
                .idleStrategy(IdleStrategies.SLEEP)
                .errorHandler(agentErrors)));
        link = node.connect(host, port, child.publicKey());
    }

    /** Sends {@code count} requests with at most {@code window} in flight, polling results meanwhile. */
    private void sendWindowed(final int count, final int window, final IntFunction<Kind> kindOf)
    {
        sent = 0;
        Await.pumpUntil(() -> sendOrPoll(window, kindOf), () -> sent == count, Duration.ofMillis(DRAIN_MS),
            () -> "sent " + sent + " of " + count + " requests");
    }

    /** Sends the next request if the window has room, else polls for results; returns the work done. */
    private int sendOrPoll(final int window, final IntFunction<Kind> kindOf)
    {
        if (client.inFlight() < window && send(kindOf.apply(sent)) > 0)
        {
            sent++;
            return 1;
        }
        return client.poll(results);
    }

    /** Keeps traffic flowing for a while: a QUERY every {@link #SEND_INTERVAL_MS}; the link keeps itself alive. */
    private void pump(final long durationMs)
    {
        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
        while (System.nanoTime() - endNs < 0)
        {
            if (pumpOnce() == 0)
            {
                LockSupport.parkNanos(POLL_PAUSE_NS);
            }
        }
    }

    /** Keeps traffic flowing until a condition holds, within {@link #AWAIT}. */
    private void pumpUntil(final String what, final BooleanSupplier condition)
    {
        Await.pumpUntil(this::pumpOnce, condition, AWAIT, () -> what);
    }

    /** @return the work done: a QUERY sent when one is due, and the results polled. */
    private int pumpOnce()
    {
        if (client == null)
        {
            return 0;
        }
        int work = 0;
        final long nowNs = System.nanoTime();
        if (nowNs - nextSendNs >= 0)
        {
            send(Kind.QUERY);
            nextSendNs = nowNs + TimeUnit.MILLISECONDS.toNanos(SEND_INTERVAL_MS);
            work++;
        }
        return work + client.poll(results);
    }

    /** @return the request's ID if the client accepted it, else a negative code (not recorded). */
    private long send(final Kind kind)
    {
        final long id;
        long sequence = 0;
        switch (kind)
        {
            case QUERY:
                id = client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), GENESIS);
                break;
            case LARGE_QUERY:
                id = client.query(LARGE_FORM, 0, LARGE_FORM.capacity(), MessageFields.NULL_ADDRESS);
                break;
            case TRANSACT:
                sequence = nextSequence;
                id = client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), sequence);
                break;
            default:
                id = client.status();
                break;
        }
        if (id > 0)
        {
            requests.put(id, new Request(kind, sequence));
            if (kind == Kind.TRANSACT)
            {
                nextSequence++;
            }
        }
        return id;
    }

    /** Polls until the last nudge's RESULT is in too: a nudge is not a request, so a drain does not wait for it. */
    private void awaitNudgesAnswered()
    {
        Await.pumpUntil(() -> client.poll(results), () -> client.nudgesAnswered() == client.nudgesSent(), AWAIT,
            () -> "every nudge answered: " + client.nudgesAnswered() + " of " + client.nudgesSent());
    }

    private void assertEachRequestEndedOnce()
    {
        assertEquals(0, client.inFlight());
        assertEquals(requests.keySet(), results.endings.keySet(), "results for exactly the accepted requests");
        results.endings.forEach((id, endings) -> assertEquals(1, endings, "request " + id + " ended more than once"));
    }

    private void assertRealResult(final Request request, final ResultCollector.Outcome outcome)
    {
        assertSuccess(outcome);
        switch (request.kind())
        {
            case QUERY:
                assertArrayEquals(bytes(ONE_PLUS_TWO), outcome.value(), "echo of the form");
                break;
            case LARGE_QUERY:
                assertArrayEquals(bytes(LARGE_FORM), outcome.value(), "echo of the large form");
                break;
            case TRANSACT:
                assertEquals(request.sequence(), outcome.longValue(), "the admitted sequence");
                break;
            default:
                assertEquals(STATUS_LENGTH, outcome.value().length);
                assertArrayEquals(child.publicKey(), Arrays.copyOfRange(
                    outcome.value(), STATUS_PEER_KEY_OFFSET, STATUS_PEER_KEY_OFFSET + CellDescriptor.PUBLIC_KEY_LENGTH), "peer key");
                break;
        }
    }

    private long count(final Kind kind)
    {
        return requests.values().stream().filter(request -> request.kind() == kind).count();
    }

    private long clientCounter(final CounterDescriptor label)
    {
        return client.transport().counters().value(label);
    }

    private long nodeCounter(final CounterDescriptor label)
    {
        return node.counters().value(label);
    }

    private static void awaitTrue(final String what, final BooleanSupplier condition)
    {
        Await.until(condition, AWAIT, () -> what);
    }

    /** Prints what a test measured, and the nft commands it ran, for the record of a run. */
    private void report(final String format, final Object... args)
    {
        System.out.println("[netfault] " + String.format(format, args));
        System.out.println("[netfault] nft commands: " + String.join("; ", namespace.nftLog));
    }

    private static byte[] bytes(final DirectBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.capacity()];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static byte[] filled(final int length, final int value)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte)value);
        return bytes;
    }

    private static UnsafeBuffer largeForm()
    {
        final UnsafeBuffer form = new UnsafeBuffer(new byte[LARGE_BLOB_LENGTH + BLOB_HEADER_ROOM]);
        final UnsafeBuffer blob = new UnsafeBuffer(new byte[LARGE_BLOB_LENGTH]);
        for (int i = 0; i < LARGE_BLOB_LENGTH; i++)
        {
            blob.putByte(i, (byte)i);
        }
        final int length = CellEncoder.writeBlob(form, 0, blob, 0, LARGE_BLOB_LENGTH);
        return new UnsafeBuffer(form, 0, length);
    }
}
