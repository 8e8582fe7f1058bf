package io.cellwire.client;

import convex.core.crypto.AKeyPair;
import convex.core.data.Address;
import convex.core.data.Format;
import convex.core.data.SignedData;
import convex.core.lang.Reader;
import convex.core.transactions.Invoke;
import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.MissingDataEncoder;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResultEncoder;
import io.cellwire.codec.message.TransactDecoder;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.testing.OffsetNanoClock;
import io.cellwire.testing.ReferencePeer;
import io.cellwire.testing.ResultCollector;
import io.cellwire.testing.TestCells;
import io.cellwire.transport.CounterDescriptor;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.TransportCounter;
import io.cellwire.transport.TransportCounters;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.MappedByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link Client} against a {@link ScriptedPeer}: correlation, timeouts, late and out-of-order RESULTs, results by
 * ref parked until MISSING_DATA is answered, the peer's MISSING_DATA answered, limits and malformed requests, and the
 * exact bytes of a TRANSACT compared with the reference's own encoding.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClientTest
{
    private static final long AWAIT_MS = 10_000;
    private static final Duration AWAIT = Duration.ofMillis(AWAIT_MS);
    private static final Duration THREADS_END_TIMEOUT = Duration.ofSeconds(5);
    /** A Blob cell the client never sent or received: the peer asks for it to see its earlier frames handled. */
    private static final UnsafeBuffer NEVER_SENT = blob(64, 0x5a);
    private static final long NULL = MessageFields.NULL_ADDRESS;
    private static final DirectBuffer ONE_PLUS_TWO = TestCells.hex("81030902090132012b");
    private static final DirectBuffer DEF_X_1 = TestCells.hex("81030901320178" + "3203646566");
    /** The first type id of the client's range, 1300–1399. */
    private static final int CLIENT_TYPE_IDS = 1300;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private final UnsafeBuffer reply = new UnsafeBuffer(new byte[8200]);
    private final OffsetNanoClock clock = new OffsetNanoClock();
    private final ResultEncoder resultEncoder = new ResultEncoder();
    private ScriptedPeer peer;
    private Client client;
    private Set<Thread> threadsBefore;

    @BeforeEach
    void start()
    {
        threadsBefore = ReferencePeer.liveThreads();
        peer = new ScriptedPeer(agentErrors);
    }

    @AfterEach
    void stop()
    {
        if (client != null)
        {
            client.close();
        }
        peer.close();
        Await.until(() -> leaked().isEmpty(), THREADS_END_TIMEOUT, () -> "threads left running: " + leaked());
    }

    private Set<Thread> leaked()
    {
        final Set<Thread> now = new HashSet<>(ReferencePeer.liveThreads());
        now.removeAll(threadsBefore);
        now.removeIf(thread -> thread.getName().startsWith("junit-"));
        return now;
    }

    private Client.Context context()
    {
        return new Client.Context().endpoint(peer.endpoint())
            .transport(t -> t.idleStrategy(IdleStrategies.BACKOFF).errorHandler(agentErrors)).nudgeIntervalNs(0);
    }

    @Test
    void shouldEndUnansweredRequestWithOneTimeoutResultAndDropTheLateResult() throws InterruptedException
    {
        client = Client.connect(context().requestTimeoutNs(TimeUnit.MILLISECONDS.toNanos(100)));
        final ResultCollector results = new ResultCollector();
        final long id = client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL);
        final ScriptedPeer.Frame query = peer.take(MessageType.QUERY);

        final ResultCollector.Outcome outcome = results.await(client, id, AWAIT_MS);
        assertTrue(outcome.timedOut());
        assertEquals("TIMEOUT", outcome.error());
        assertEquals(0, outcome.value().length);
        assertEquals(0, client.inFlight());

        sendResult(query.connectionId(), id, TestCells.hex("0903"));
        pollUntil(results, () -> client.unmatchedResults() == 1, "the late RESULT is handled as unmatched");
        assertEquals(1, results.endings.get(id));
        assertEquals(1, client.unmatchedResults());
        assertEquals(1, client.timeouts());
        assertEquals(0, client.resultsDelivered());
    }

    @Test
    void shouldPublishItsCountersByDescriptorInTheCountersFile(@TempDir final File countersDir)
        throws InterruptedException
    {
        client = Client.connect(context().requestTimeoutNs(TimeUnit.SECONDS.toNanos(5)).deadPeerNs(0).nanoClock(clock)
            .transport(t -> t.countersDirectory(countersDir)));
        final ResultCollector results = new ResultCollector();
        final int answered = 3;
        final long[] ids = new long[answered + 1];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL);
            assertTrue(ids[i] > 0, Client.resultName(ids[i]));
        }
        long connectionId = 0;
        for (int i = 0; i < ids.length; i++)
        {
            connectionId = peer.take(MessageType.QUERY).connectionId();
        }
        for (int i = 0; i < answered; i++)
        {
            sendResult(connectionId, ids[i], TestCells.hex("0903"));
        }
        pollUntil(results, () -> results.outcomes.size() == answered, answered + " RESULTs delivered");
        clock.advance(Duration.ofSeconds(6));
        assertTrue(results.await(client, ids[answered], AWAIT_MS).timedOut(), "the unanswered request times out");

        assertSame(client.transport().counters(), client.counters());
        assertEquals(answered, client.counters().value(ClientCounter.RESULTS_DELIVERED));
        assertEquals(1, client.counters().value(ClientCounter.TIMEOUTS));
        assertEquals(answered, client.resultsDelivered());
        assertEquals(1, client.timeouts());
        final File file = new File(countersDir, TransportCounters.FILE_NAME);
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file, "counters");
        try
        {
            final CountersReader reader = new CountersReader(
                new UnsafeBuffer(mapped, 0, TransportCounters.METADATA_LENGTH),
                new UnsafeBuffer(mapped, TransportCounters.METADATA_LENGTH, TransportCounters.VALUES_LENGTH));
            assertEquals(answered, TransportCounters.value(reader, ClientCounter.RESULTS_DELIVERED,
                CounterDescriptor.NO_KEY));
            assertEquals(1, TransportCounters.value(reader, ClientCounter.TIMEOUTS, CounterDescriptor.NO_KEY));
            assertEquals(0, TransportCounters.value(reader, ClientCounter.UNMATCHED_RESULTS, CounterDescriptor.NO_KEY));
            final Map<Integer, String> labels = new HashMap<>();
            reader.forEach((id, typeId, key, label) ->
            {
                if (typeId >= CLIENT_TYPE_IDS && typeId < CLIENT_TYPE_IDS + 100)
                {
                    assertNull(labels.put(typeId, label), "one counter of type id " + typeId);
                }
            });
            assertEquals(ClientCounter.values().length, labels.size(), "the client's counters: " + labels);
            for (final ClientCounter counter : ClientCounter.values())
            {
                assertEquals(counter.label(), labels.get(counter.typeId()), "what cellwire stat prints for " + counter);
            }
            assertEquals(1, TransportCounters.value(reader, TransportCounter.CONNECTIONS_ACTIVE,
                CounterDescriptor.NO_KEY), "the transport's counters in the same file");
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    @Test
    void shouldCorrelateResultsArrivingOutOfOrder() throws InterruptedException
    {
        client = Client.connect(context());
        final ResultCollector results = new ResultCollector();
        final long[] ids = new long[3];
        for (int i = 0; i < ids.length; i++)
        {
            ids[i] = client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL);
            assertEquals(i + 1, ids[i]);
        }
        final QueryDecoder decoder = new QueryDecoder();
        final long[] received = new long[3];
        long connectionId = 0;
        for (int i = 0; i < 3; i++)
        {
            final ScriptedPeer.Frame query = peer.take(MessageType.QUERY);
            connectionId = query.connectionId();
            assertTrue(decoder.wrap(query.buffer(), query.payloadOffset(), query.payloadLength()) > 0);
            received[i] = decoder.id();
        }
        assertArrayEquals(ids, received);
        for (int i = 2; i >= 0; i--)
        {
            sendResult(connectionId, ids[i], TestCells.hex("09" + String.format("%02x", 10 + i)));
        }
        results.drain(client, AWAIT_MS);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(10 + i, results.outcomes.get(ids[i]).longValue());
            assertEquals(1, results.endings.get(ids[i]));
        }
    }

    @Test
    void shouldParkResultByRefUntilItsMissingDataIsAnswered() throws InterruptedException
    {
        client = Client.connect(context());
        final ResultCollector results = new ResultCollector();
        final long id = client.status();
        final ScriptedPeer.Frame status = peer.take(MessageType.STATUS);
        final UnsafeBuffer blob = blob(200, 7);
        final UnsafeBuffer blobId = valueId(blob);

        final int length = resultEncoder.wrapFrame(reply, 0).id(id).valueRef(blobId, 0).errorNil().infoNil()
            .finishFrame();
        peer.sendFrame(status.connectionId(), MessageType.RESULT, reply, length);

        final ScriptedPeer.Frame missing = takePolling(MessageType.MISSING_DATA, results);
        final MissingDataDecoder decoder = new MissingDataDecoder();
        assertTrue(decoder.wrap(missing.buffer(), missing.payloadOffset(), missing.payloadLength()) > 0);
        assertEquals(ResultCollector.hex(bytes(blobId)), ResultCollector.hex(
            slice(missing.bytes(), decoder.valueIdOffset(), CellDescriptor.VALUE_ID_LENGTH)));
        awaitFramesHandled(results, status.connectionId());
        assertTrue(results.outcomes.isEmpty(), "delivered before its DATA");
        assertEquals(1, client.resultsParked());

        peer.send(status.connectionId(), MessageType.DATA, blob, 0, blob.capacity());
        final ResultCollector.Outcome outcome = results.await(client, id, AWAIT_MS);
        assertFalse(outcome.timedOut());
        assertNull(outcome.error());
        assertArrayEquals(bytes(blob), outcome.value());
        assertEquals(1, client.missingDataSent());
    }

    @Test
    void shouldDeliverOnceWhenTheSameResultByRefArrivesTwiceWhileParked() throws InterruptedException
    {
        client = Client.connect(context());
        final ResultCollector results = new ResultCollector();
        final long id = client.status();
        final ScriptedPeer.Frame status = peer.take(MessageType.STATUS);
        final UnsafeBuffer blob = blob(180, 5);
        final int length = resultEncoder.wrapFrame(reply, 0).id(id).valueRef(valueId(blob), 0).errorNil().infoNil()
            .finishFrame();
        peer.sendFrame(status.connectionId(), MessageType.RESULT, reply, length);
        peer.sendFrame(status.connectionId(), MessageType.RESULT, reply, length);
        takePolling(MessageType.MISSING_DATA, results);
        pollUntil(results, () -> client.unmatchedResults() == 1, "the second RESULT is handled as unmatched");

        peer.send(status.connectionId(), MessageType.DATA, blob, 0, blob.capacity());
        assertArrayEquals(bytes(blob), results.await(client, id, AWAIT_MS).value());
        awaitFramesHandled(results, status.connectionId());
        assertEquals(1, results.endings.get(id));
        assertEquals(1, client.unmatchedResults());
        assertEquals(1, client.missingDataSent());
    }

    @Test
    void shouldTimeOutParkedResultWhoseDataNeverComes() throws InterruptedException
    {
        client = Client.connect(context().requestTimeoutNs(TimeUnit.MILLISECONDS.toNanos(200)));
        final ResultCollector results = new ResultCollector();
        final long id = client.status();
        final ScriptedPeer.Frame status = peer.take(MessageType.STATUS);
        final UnsafeBuffer blob = blob(300, 9);
        final int length = resultEncoder.wrapFrame(reply, 0).id(id).valueRef(valueId(blob), 0).errorNil().infoNil()
            .finishFrame();
        peer.sendFrame(status.connectionId(), MessageType.RESULT, reply, length);
        takePolling(MessageType.MISSING_DATA, results);

        final ResultCollector.Outcome outcome = results.await(client, id, AWAIT_MS);
        assertTrue(outcome.timedOut());
        peer.send(status.connectionId(), MessageType.DATA, blob, 0, blob.capacity());
        awaitFramesHandled(results, status.connectionId());
        assertEquals(1, results.endings.get(id));
        assertEquals(1, client.resultsParked());
        assertEquals(0, client.resultsDelivered());
    }

    @Test
    void shouldCloseAndReconnectWhenThePeerAnswersNothingWhileRequestsAreInFlight() throws InterruptedException
    {
        client = Client.connect(context().deadPeerNs(TimeUnit.MILLISECONDS.toNanos(300))
            .requestTimeoutNs(TimeUnit.SECONDS.toNanos(5)).nanoClock(clock));
        final ResultCollector results = new ResultCollector();
        clock.advance(Duration.ofMillis(500));
        client.poll(results);
        assertEquals(0, client.deadPeerCloses(), "no requests in flight: silence is not death");
        final long id = client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL);
        final ScriptedPeer.Frame query = peer.take(MessageType.QUERY);
        pollUntil(results, () -> client.deadPeerCloses() > 0 &&
            peer.transport.counters().value(TransportCounter.CONNECTIONS_ACCEPTED) >= 2 && client.isConnected(),
            "a reconnect after the peer went silent");
        assertEquals(1, client.deadPeerCloses());
        final long second = client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL);
        assertTrue(second > 0, Client.resultName(second));
        final ScriptedPeer.Frame again = takePolling(MessageType.QUERY, results);
        assertTrue(again.connectionId() != query.connectionId(), "the query went out on a new connection");
        final int length = resultEncoder.wrapFrame(reply, 0).id(second).value(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity())
            .errorNil().infoNil().finishFrame();
        peer.sendFrame(again.connectionId(), MessageType.RESULT, reply, length);
        assertEquals(second, results.await(client, second, AWAIT_MS).id());
        assertTrue(results.await(client, id, AWAIT_MS).timedOut(), "the request lost with the old connection times out");
    }

    @Test
    void shouldSendTransactionExactlyAsTheReferenceEncodesIt() throws InterruptedException
    {
        ReferencePeer.initialiseHash();
        client = Client.connect(context().keySeed(ReferencePeer.SEED_A).origin(11));
        final long id = client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), 1);
        assertEquals(1, id);

        final ScriptedPeer.Frame data = peer.take(MessageType.DATA);
        final ScriptedPeer.Frame transact = peer.take(MessageType.TRANSACT);
        final SignedData<Invoke> reference =
            SignedData.create(AKeyPair.create(ReferencePeer.SEED_A), Invoke.create(Address.create(11), 1,
                Reader.read("(def x 1)")));
        assertEquals(Format.encodedBlob(reference).toHexString(), ResultCollector.hex(data.payload()));
        assertEquals("8002" + "0901" + "20" + reference.getHash().toHexString(),
            ResultCollector.hex(transact.payload()));
        assertTrue(new Ed25519Signer().verifySignedData(data.buffer(), data.payloadOffset(), data.payloadLength()));
        final TransactDecoder decoder = new TransactDecoder();
        assertTrue(decoder.wrap(transact.buffer(), transact.payloadOffset(), transact.payloadLength()) > 0);
        assertEquals(id, decoder.id());
    }

    @Test
    void shouldAnswerPeersMissingDataWithCellsItSentAndCountUnknownOnes() throws InterruptedException
    {
        client = Client.connect(context().keySeed(ReferencePeer.SEED_A).origin(11));
        final ResultCollector results = new ResultCollector();
        client.transactInvoke(DEF_X_1, 0, DEF_X_1.capacity(), 1);
        final ScriptedPeer.Frame data = peer.take(MessageType.DATA);
        peer.take(MessageType.TRANSACT);

        final UnsafeBuffer signedId = valueId(new UnsafeBuffer(data.payload()));
        final MissingDataEncoder encoder = new MissingDataEncoder();
        int length = encoder.wrapFrame(reply, 0).valueId(signedId, 0).finishFrame();
        peer.sendFrame(data.connectionId(), MessageType.MISSING_DATA, reply, length);
        final ScriptedPeer.Frame answer = takePolling(MessageType.DATA, results);
        assertArrayEquals(data.bytes(), answer.bytes());
        assertEquals(1, client.missingDataAnswered());

        length = encoder.wrapFrame(reply, 0).valueId(valueId(blob(150, 1)), 0).finishFrame();
        peer.sendFrame(data.connectionId(), MessageType.MISSING_DATA, reply, length);
        pollUntil(results, () -> client.missingDataUnknown() > 0, "the MISSING_DATA for an unknown cell is counted");
        assertEquals(1, client.missingDataUnknown());
        assertNextFrameIsALaterStatus("nothing is sent for a cell the client does not have");
    }

    @Test
    void shouldSendLargeFormAsDataThenByRef() throws InterruptedException
    {
        client = Client.connect(context());
        final UnsafeBuffer form = blob(300, 3);
        final long id = client.query(form, 0, form.capacity(), 11);
        assertEquals(1, id);
        final ScriptedPeer.Frame data = peer.take(MessageType.DATA);
        assertArrayEquals(bytes(form), data.payload());
        final ScriptedPeer.Frame query = peer.take(MessageType.QUERY);
        final QueryDecoder decoder = new QueryDecoder();
        assertTrue(decoder.wrap(query.buffer(), query.payloadOffset(), query.payloadLength()) > 0);
        assertTrue(decoder.formIsRef());
        assertEquals(ResultCollector.hex(bytes(valueId(form))),
            ResultCollector.hex(slice(query.bytes(), decoder.formOffset(), CellDescriptor.VALUE_ID_LENGTH)));
        assertEquals(11, decoder.address());
    }

    @Test
    void shouldNudgeASilentPeerWithAnAnonymousNilQueryOfNegativeIdAndDropItsResult() throws InterruptedException
    {
        client = Client.connect(context().nudgeIntervalNs(TimeUnit.MILLISECONDS.toNanos(20)));
        final ResultCollector results = new ResultCollector();
        final long id = client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL);
        final ScriptedPeer.Frame query = peer.take(MessageType.QUERY);

        final ScriptedPeer.Frame nudge = takePolling(MessageType.QUERY, results);
        assertEquals("8003" + "097f" + "00" + "00", ResultCollector.hex(nudge.payload()), "[-1 nil nil]");
        assertEquals(1, client.nudgesSent());
        sendResult(query.connectionId(), -1, TestCells.hex("00"));
        sendResult(query.connectionId(), id, TestCells.hex("0903"));
        assertEquals(3, results.await(client, id, AWAIT_MS).longValue());
        awaitFramesHandled(results, query.connectionId());
        assertEquals(Set.of(id), results.outcomes.keySet());
        assertEquals(1, client.nudgesAnswered());
        assertEquals(0, client.unmatchedResults());
        assertEquals(2, client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL), "request IDs have no gap");
    }

    @Test
    void shouldNotNudgeWhenNudgingIsOffOrNothingIsInFlight() throws InterruptedException
    {
        client = Client.connect(context().nudgeIntervalNs(0).nanoClock(clock));
        final ResultCollector results = new ResultCollector();
        client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL);
        peer.take(MessageType.QUERY);
        clock.advance(Duration.ofMillis(200));
        client.poll(results);
        assertNextFrameIsALaterStatus("no nudge when nudging is off, however long the silence");
        client.close();

        client = Client.connect(context().nudgeIntervalNs(TimeUnit.MILLISECONDS.toNanos(20)).nanoClock(clock));
        clock.advance(Duration.ofMillis(200));
        client.poll(results);
        assertNextFrameIsALaterStatus("no nudge with nothing in flight");
        assertEquals(0, client.nudgesSent());
    }

    @Test
    void shouldRefuseRequestsBeyondMaxInFlightUntilOneEnds() throws InterruptedException
    {
        client = Client.connect(context().maxInFlight(2));
        final ResultCollector results = new ResultCollector();
        final long first = client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL);
        assertEquals(2, client.status());
        assertEquals(Client.IN_FLIGHT_LIMIT, client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL));
        final ScriptedPeer.Frame query = peer.take(MessageType.QUERY);
        sendResult(query.connectionId(), first, TestCells.hex("0903"));
        results.await(client, first, AWAIT_MS);
        assertEquals(3, client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL));
    }

    @Test
    void shouldRejectMalformedRequestsWithoutUsingAnId()
    {
        client = Client.connect(context());
        assertEquals(Client.INVALID_REQUEST, client.query(TestCells.hex("09"), 0, 1, NULL));
        assertEquals(Client.INVALID_REQUEST, client.query(TestCells.hex("0903ff"), 0, 3, NULL));
        assertEquals(Client.INVALID_REQUEST, client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), -5));
        assertEquals(Client.NO_SIGNING_KEY, client.transact(DEF_X_1, 0, DEF_X_1.capacity()));
        final UnsafeBuffer signedByRef = new UnsafeBuffer(new byte[130]);
        signedByRef.putByte(0, (byte)CellDescriptor.TAG_SIGNED_DATA);
        signedByRef.putByte(CellDescriptor.SIGNED_DATA_HEADER_LENGTH, (byte)CellDescriptor.TAG_REF);
        assertEquals(Client.INVALID_REQUEST, client.transactSigned(signedByRef, 0, signedByRef.capacity()));
        assertEquals(1, client.query(ONE_PLUS_TWO, 0, ONE_PLUS_TWO.capacity(), NULL));
    }

    @Test
    void shouldGiveUpConnectingAfterTheConnectTimeout() throws IOException
    {
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
        final Client.Context context = new Client.Context().endpoint("127.0.0.1:" + port)
            .connectTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300)).transport(t -> t.errorHandler(agentErrors));
        assertThrows(IllegalStateException.class, () -> Client.connect(context));
    }

    /** Takes the peer's next frame, which must be of a type, polling the client meanwhile. */
    private ScriptedPeer.Frame takePolling(final int type, final ResultCollector results)
    {
        final ScriptedPeer.Frame[] next = new ScriptedPeer.Frame[1];
        pollUntil(results, () -> (next[0] = peer.poll()) != null, "a frame of type " + type + " at the peer");
        assertEquals(type, next[0].type(), "type of the next frame");
        return next[0];
    }

    /** Polls the client until a condition holds. */
    private void pollUntil(final ResultCollector results, final BooleanSupplier condition, final String what)
    {
        Await.pumpUntil(() -> client.poll(results), condition, AWAIT, () -> what);
    }

    /**
     * Has the peer ask for a cell the client never had, and polls until the client counts it unknown: the client
     * handles a connection's frames in order, so by then it has handled (and polled on) all the peer sent before.
     */
    private void awaitFramesHandled(final ResultCollector results, final long connectionId)
    {
        final long unknown = client.missingDataUnknown();
        final int length = new MissingDataEncoder().wrapFrame(reply, 0).valueId(valueId(NEVER_SENT), 0).finishFrame();
        peer.sendFrame(connectionId, MessageType.MISSING_DATA, reply, length);
        pollUntil(results, () -> client.missingDataUnknown() == unknown + 1,
            "the client handles the peer's MISSING_DATA for a cell it never had");
    }

    /**
     * Sends a STATUS and takes the peer's next frame, which must be it: the client's frames reach the peer in the
     * order it sent them, so anything it sent before would have come first.
     */
    private void assertNextFrameIsALaterStatus(final String why) throws InterruptedException
    {
        final long id = client.status();
        assertTrue(id > 0, Client.resultName(id));
        final ScriptedPeer.Frame next = peer.poll(AWAIT_MS);
        assertNotNull(next, why + ": the STATUS reaches the peer");
        assertEquals(MessageType.STATUS, next.type(), why);
    }

    private void sendResult(final long connectionId, final long id, final DirectBuffer value)
    {
        final int length = resultEncoder.wrapFrame(reply, 0).id(id).value(value, 0, value.capacity()).errorNil()
            .infoNil().finishFrame();
        peer.sendFrame(connectionId, MessageType.RESULT, reply, length);
    }

    /** A Blob cell {@code 31 VLC(n) bytes} of n bytes, each {@code fill}. */
    private static UnsafeBuffer blob(final int n, final int fill)
    {
        final byte[] cell = new byte[n + 3];
        cell[0] = 0x31;
        cell[1] = (byte)(0x80 | (n >> 7));
        cell[2] = (byte)(n & 0x7f);
        for (int i = 3; i < cell.length; i++)
        {
            cell[i] = (byte)fill;
        }
        return new UnsafeBuffer(cell);
    }

    private static UnsafeBuffer valueId(final DirectBuffer cell)
    {
        final UnsafeBuffer id = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
        new ValueIdDigest().valueId(cell, 0, cell.capacity(), id, 0);
        return id;
    }

    private static byte[] bytes(final DirectBuffer buffer)
    {
        final byte[] bytes = new byte[buffer.capacity()];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static byte[] slice(final byte[] bytes, final int from, final int length)
    {
        final byte[] slice = new byte[length];
        System.arraycopy(bytes, from, slice, 0, length);
        return slice;
    }
}
