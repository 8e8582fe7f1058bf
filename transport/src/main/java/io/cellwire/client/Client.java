package io.cellwire.client;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.RefSink;
import io.cellwire.store.CellStore;
import io.cellwire.store.MissingDataRequests;
import io.cellwire.transport.Connection;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.OutboundConnection;
import io.cellwire.transport.SendResult;
import io.cellwire.transport.ThreadingMode;
import io.cellwire.transport.Transport;
import io.cellwire.transport.TransportCounters;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A client of one Convex peer: sends QUERY, TRANSACT and STATUS over one TCP connection, with many requests in flight,
 * and delivers each request's RESULT, correlated by message ID, to a {@link ResultHandler}. Every request ends with
 * exactly one call: the peer's RESULT, or a client-side {@code :TIMEOUT} result after {@link Context#requestTimeoutNs}.
 * <pre>
 *   try (Client client = Client.connect(new Client.Context().endpoint("127.0.0.1:18888")))
 *   {
 *       final long id = client.query(form, 0, formLength, MessageFields.NULL_ADDRESS); // an ID, or a negative code
 *       while (client.inFlight() &gt; 0)
 *       {
 *           idle.idle(client.poll(handler));
 *       }
 *   }
 * </pre>
 * <b>Message IDs</b> increase from 1 per client (the 0.7.9 reference draws them from one JVM-wide counter; a peer only
 * needs them unique per connection). An ID is used up only when its request was handed to the transport, so a request
 * that returns a negative code leaves no gap.
 * <p>
 * <b>Results by ref</b> (docs/wire-format.md §8.1): the peer sends the cells of a large value as DATA before its
 * RESULT, except cells it believes the client already has. DATA cells go into a bounded {@link CellStore}; a RESULT
 * whose refs are not all there is parked (at most {@link Context#maxParkedResults}), MISSING_DATA is sent once for each
 * missing value ID, and the RESULT is delivered when the DATA arrives, or times out with its request. MISSING_DATA from
 * the peer is answered from the same store, which also holds the cells this client sent by ref (transactions, large
 * forms).
 * <p>
 * <b>Stalls.</b> The 0.7.9 reference sometimes keeps RESULTs in its send buffer until it next sends on the connection
 * (docs/wire-format.md §10). When requests are in flight and no frame has moved either way for {@link
 * Context#nudgeIntervalNs} (50 ms), the client sends a QUERY of {@code nil} with a negative ID, which makes the peer
 * send; its RESULT is dropped.
 * <p>
 * <b>Threads.</b> The client thread, the one application thread that calls {@code query}, {@code transact},
 * {@code status}, {@code poll} and {@code close}, owns every field of this class: encoders, the in-flight table, the
 * timer wheel, the store and the parked results. The transport's agents run on their own thread
 * ({@link ThreadingMode#SHARED}, the default: one thread for poller and lane) or on the client thread inside
 * {@link #poll} ({@link ThreadingMode#INVOKER}: then nothing is read or written unless {@code poll} is called).
 * The lane validates each inbound frame and hands RESULT, DATA and MISSING_DATA payloads to the client thread through a
 * one-to-one ring. Sending copies the frame into the connection's outbound ring and never blocks.
 * <p>
 * <b>Counters.</b> What the client counts ({@link ClientCounter}, type ids 1300–1312) sits beside its transport's
 * counters in one {@link TransportCounters}: in memory by default, in the counters file when
 * {@link Context#transport()} has a counters directory, where {@code cellwire stat} shows both. The client thread
 * writes them; any thread reads them, through {@link #counters()} by descriptor or the accessors below.
 * <p>
 * <b>Allocation.</b> After warm-up, {@code query}, {@code status}, {@code poll} and result delivery allocate nothing.
 * {@code transact} signs with BouncyCastle, which allocates about 2.3 KB per signature (see {@link Ed25519Signer}).
 */
public final class Client implements AutoCloseable
{
    /** Too many requests in flight ({@link Context#maxInFlight}): poll, then retry. */
    public static final long IN_FLIGHT_LIMIT = -10;
    /** A transaction to sign but no key seed in the context. */
    public static final long NO_SIGNING_KEY = -11;
    /**
     * The request cannot be sent as given: the cell does not walk to exactly its length, a QUERY's address is neither
     * an account nor {@link MessageFields#NULL_ADDRESS}, a SignedData has its value by ref, or no origin is set for
     * {@link #transactInvoke}.
     */
    public static final long INVALID_REQUEST = -12;

    /** Payloads a poll takes from the inbound ring at most. */
    private static final int FRAGMENT_LIMIT = 256;
    /** Marks a connection id the client has not closed. */
    private static final long NO_ID = -1;
    /** Pause while {@link #connect} waits for the connection. */
    private static final long CONNECT_POLL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private final Context context;
    private final NanoClock clock;
    private final long nudgeIntervalNs;
    private final long deadPeerNs;
    private final int maxInFlight;
    private final long origin;
    private final boolean invoker;
    private final CellWalker walker = new CellWalker();
    private final boolean ownsCounters;
    private final TransportCounters transportCounters;
    private final ClientCounters counters;
    private final OneToOneRingBuffer inbound;
    private final InboundForwarder forwarder;
    private final Transport transport;
    private final OutboundConnection outbound;
    private final CellStore store;
    private final InFlightRequests inFlight;
    private final RequestWriter writer;
    private final ResultReceiver receiver;

    private long lastReceiveNs;
    private long lastSendNs;
    private long nextId = 1;
    private long nextNudgeId = -1;
    private long closedConnectionId = NO_ID;
    private boolean closed;

    private Client(final Context context)
    {
        this.context = context;
        clock = context.nanoClock();
        nudgeIntervalNs = context.nudgeIntervalNs();
        deadPeerNs = context.deadPeerNs();
        maxInFlight = context.maxInFlight();
        origin = context.origin();
        final long nowNs = clock.nanoTime();
        store = new CellStore(context.storeCapacityBytes(), context.storeMaxEntries());
        inFlight = new InFlightRequests(maxInFlight, context.requestTimeoutNs(), nowNs);
        inbound = new OneToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            context.inboundRingLength() + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
        forwarder = new InboundForwarder(inbound);
        final Transport.Context transportContext = context.transport().handlerFactory(session -> forwarder);
        invoker = transportContext.threadingMode() == ThreadingMode.INVOKER;
        final TransportCounters supplied = transportContext.counters();
        ownsCounters = supplied == null;
        transportCounters = ownsCounters ?
            new TransportCounters(transportContext.countersDirectory(), transportContext.lanes()) : supplied;
        try
        {
            counters = new ClientCounters(transportCounters);
            transport = Transport.launch(transportContext.counters(transportCounters));
        }
        catch (final RuntimeException ex)
        {
            if (ownsCounters)
            {
                transportCounters.close();
            }
            throw ex;
        }
        finally
        {
            transportContext.counters(supplied);
        }
        outbound = transport.connect(context.endpoint());
        writer = new RequestWriter(transport, outbound, store, context.keySeed());
        receiver = new ResultReceiver(inFlight, writer, outbound, store, counters, context.maxParkedResults(),
            context.requestTimeoutNs(), context.missingDataRetryNs(), nowNs);
    }

    /**
     * Connects to a peer and waits, up to {@link Context#connectTimeoutNs}, until the connection is open. Afterwards
     * the transport reconnects by itself (with backoff) if the peer closes the connection; requests in flight on the
     * old connection then time out.
     *
     * @param context the configuration; concluded here.
     * @return the connected client.
     * @throws IllegalStateException if the connection does not open in time (the client is closed again).
     */
    public static Client connect(final Context context)
    {
        context.conclude();
        final Client client = new Client(context);
        try
        {
            client.awaitConnected();
            return client;
        }
        catch (final RuntimeException ex)
        {
            client.close();
            throw ex;
        }
    }

    private void awaitConnected()
    {
        final long deadline = clock.nanoTime() + context.connectTimeoutNs();
        while (!isConnected())
        {
            if (clock.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("no connection to " + context.endpoint() + " within " +
                    TimeUnit.NANOSECONDS.toMillis(context.connectTimeoutNs()) + " ms");
            }
            if (invoker)
            {
                transport.invoke();
            }
            LockSupport.parkNanos(CONNECT_POLL_NS);
        }
    }

    /**
     * Whether the connection to the peer is open now.
     *
     * @return true when open; any thread may ask.
     */
    public boolean isConnected()
    {
        final Connection connection = transport.connection(outbound.connectionId());
        return connection != null && connection.state() == Connection.ACTIVE;
    }

    /**
     * Sends a QUERY {@code [id form address]}. A form of at most 140 bytes goes inline; a larger one goes first as a
     * DATA frame and then by ref. Any {@code 20} refs inside the form are the caller's to have sent.
     *
     * @param form    holds the form as one encoded cell, e.g. the List {@code (+ 1 2)}, which is
     *                {@code 81 03 0902 0901 3201 2b}.
     * @param offset  where the cell starts.
     * @param length  its length, 1…8190.
     * @param address the account to run the query as, or {@link MessageFields#NULL_ADDRESS} for none.
     * @return the message ID (≥ 1), or {@link #IN_FLIGHT_LIMIT}, {@link #INVALID_REQUEST} or a {@link SendResult}
     * code.
     */
    public long query(final DirectBuffer form, final int offset, final int length, final long address)
    {
        final long check = checkRequest();
        if (check < 0)
        {
            return check;
        }
        if (address < 0 && address != MessageFields.NULL_ADDRESS || !isOneCell(form, offset, length))
        {
            return INVALID_REQUEST;
        }
        return sent(writer.query(nextId, form, offset, length, address));
    }

    /**
     * Sends a STATUS request. The reference answers with the vector {@code [belief-hash states-hash genesis-hash
     * peer-key consensus-hash]}, by ref: the vector arrives as DATA, or is fetched with MISSING_DATA.
     *
     * @return the message ID (≥ 1), or {@link #IN_FLIGHT_LIMIT} or a {@link SendResult} code.
     */
    public long status()
    {
        final long check = checkRequest();
        return check < 0 ? check : sent(writer.status(nextId));
    }

    /**
     * Signs an encoded transaction (Invoke, Transfer or Call cell) with the context's key and sends it as the
     * reference does: DATA of the transaction when it is not embedded, DATA of the SignedData
     * {@code 90 key signature value-slot}, then TRANSACT {@code [id 20<SignedData value ID>]}. The signature is over
     * the transaction's value ID (docs/wire-format.md §7). The transaction's origin and sequence number are the
     * caller's: the peer rejects a sequence number already used with {@code :SEQUENCE}. A negative {@link SendResult}
     * code can leave the DATA frames sent without the TRANSACT; the peer only stores them.
     *
     * @param transaction holds the transaction cell.
     * @param offset      where it starts.
     * @param length      its length, 1…8190.
     * @return the message ID (≥ 1), or {@link #NO_SIGNING_KEY}, {@link #IN_FLIGHT_LIMIT}, {@link #INVALID_REQUEST} or
     * a {@link SendResult} code.
     */
    public long transact(final DirectBuffer transaction, final int offset, final int length)
    {
        if (!writer.hasKey())
        {
            return NO_SIGNING_KEY;
        }
        final long check = checkRequest();
        if (check < 0)
        {
            return check;
        }
        return isOneCell(transaction, offset, length) ?
            sent(writer.transact(nextId, transaction, offset, length)) : INVALID_REQUEST;
    }

    /**
     * Builds the Invoke transaction {@code d0 origin sequence command} for the context's {@link Context#origin} and
     * sends it as {@link #transact} does.
     *
     * @param command  holds the command as one encoded cell, e.g. the List {@code (def x 1)}.
     * @param offset   where it starts.
     * @param length   its length.
     * @param sequence the origin account's next sequence number (one more than the last one it used).
     * @return the message ID (≥ 1), or a negative code as {@link #transact} returns.
     */
    public long transactInvoke(final DirectBuffer command, final int offset, final int length, final long sequence)
    {
        if (origin < 0 || length < 1)
        {
            return INVALID_REQUEST;
        }
        final int transactionLength = writer.buildInvoke(origin, sequence, command, offset, length);
        return transactionLength < 0 ? INVALID_REQUEST : transact(writer.invokeBuffer(), 0, transactionLength);
    }

    /**
     * Sends a SignedData transaction signed elsewhere, as it is: DATA of the SignedData, then TRANSACT. Its value must
     * be inline (a transaction of at most 140 bytes); the signature is not checked here, so this also serves to relay,
     * or to test a peer's rejection of a bad signature.
     *
     * @param signedData holds the SignedData cell.
     * @param offset     where it starts.
     * @param length     its length.
     * @return the message ID (≥ 1), or {@link #IN_FLIGHT_LIMIT}, {@link #INVALID_REQUEST} or a {@link SendResult}
     * code.
     */
    public long transactSigned(final DirectBuffer signedData, final int offset, final int length)
    {
        final long check = checkRequest();
        if (check < 0)
        {
            return check;
        }
        if (length <= CellDescriptor.SIGNED_DATA_HEADER_LENGTH || !isOneCell(signedData, offset, length) ||
            (signedData.getByte(offset) & 0xff) != CellDescriptor.TAG_SIGNED_DATA ||
            MessageFields.isRef(signedData, offset + CellDescriptor.SIGNED_DATA_HEADER_LENGTH))
        {
            return INVALID_REQUEST;
        }
        return sent(writer.transactSigned(nextId, signedData, offset, length));
    }

    /**
     * Does the client's work: in {@link ThreadingMode#INVOKER} mode runs the transport's duty cycle, then takes the
     * payloads the lane received (RESULT, DATA, MISSING_DATA), delivers completed results, retries parked ones and
     * expires timed-out requests. Call it in the application's loop; it never blocks.
     *
     * @param handler receives each ended request; must not call {@code poll} itself.
     * @return the work done, 0 when idle.
     */
    public int poll(final ResultHandler handler)
    {
        final long nowNs = clock.nanoTime();
        receiver.beginPoll(handler, nowNs);
        try
        {
            int work = invoker ? transport.invoke() : 0;
            final int received = inbound.read(receiver, FRAGMENT_LIMIT);
            if (received > 0)
            {
                lastReceiveNs = nowNs;
                work += received;
            }
            work += receiver.retryParked();
            work += inFlight.expire(nowNs, receiver);
            return work + nudge(nowNs) + closeIfDead(nowNs);
        }
        finally
        {
            receiver.endPoll();
        }
    }

    /**
     * How many requests await their result.
     *
     * @return the count.
     */
    public int inFlight()
    {
        return inFlight.size();
    }

    /**
     * The store of DATA cells: during {@link ResultHandler#onResult} it resolves the {@code 20} refs inside a value.
     *
     * @return the store, owned by the client thread.
     */
    public CellStore cellStore()
    {
        return store;
    }

    /**
     * The transport underneath.
     *
     * @return the transport.
     */
    public Transport transport()
    {
        return transport;
    }

    /**
     * The counters of the client and its transport, read by descriptor, e.g.
     * {@code client.counters().value(ClientCounter.RESULTS_DELIVERED)}: the client's ({@link ClientCounter}, type ids
     * 1300–1312) beside the transport's, in the counters file when {@link Context#transport()} has a counters
     * directory, so {@code cellwire stat} shows them. Any thread may read them until {@link #close}, which unmaps
     * a counters file the client made.
     *
     * @return the counters, the same as {@code transport().counters()}.
     */
    public TransportCounters counters()
    {
        return transportCounters;
    }

    /**
     * @return RESULTs delivered to the handler (not counting timeouts); counter {@link
     * ClientCounter#RESULTS_DELIVERED}, any thread.
     */
    public long resultsDelivered()
    {
        return counters.resultsDelivered.get();
    }

    /** @return requests ended by the client-side timeout; counter {@link ClientCounter#TIMEOUTS}, any thread. */
    public long timeouts()
    {
        return counters.timeouts.get();
    }

    /**
     * @return RESULTs whose ID was not in flight (late after a timeout, or repeated); dropped; counter {@link
     * ClientCounter#UNMATCHED_RESULTS}, any thread.
     */
    public long unmatchedResults()
    {
        return counters.unmatchedResults.get();
    }

    /** @return RESULTs that had to wait for DATA; counter {@link ClientCounter#RESULTS_PARKED}, any thread. */
    public long resultsParked()
    {
        return counters.resultsParked.get();
    }

    /**
     * @return RESULTs dropped (left to time out) because every park slot was taken; counter {@link
     * ClientCounter#PARK_REJECTIONS}, any thread.
     */
    public long parkRejections()
    {
        return counters.parkRejections.get();
    }

    /**
     * @return RESULTs dropped (left to time out) because their refs could not be resolved: too many, or invalid;
     * counter {@link ClientCounter#RESOLVE_ERRORS}, any thread.
     */
    public long resolveErrors()
    {
        return counters.resolveErrors.get();
    }

    /** @return MISSING_DATA requests this client sent; counter {@link ClientCounter#MISSING_DATA_SENT}, any thread. */
    public long missingDataSent()
    {
        return counters.missingDataSent.get();
    }

    /**
     * @return MISSING_DATA requests from the peer answered with DATA; counter {@link
     * ClientCounter#MISSING_DATA_ANSWERED}, any thread.
     */
    public long missingDataAnswered()
    {
        return counters.missingDataAnswered.get();
    }

    /**
     * @return MISSING_DATA requests from the peer for cells this client does not hold; counter {@link
     * ClientCounter#MISSING_DATA_UNKNOWN}, any thread.
     */
    public long missingDataUnknown()
    {
        return counters.missingDataUnknown.get();
    }

    /**
     * @return connections closed because the peer answered nothing for {@link Context#deadPeerNs}; counter {@link
     * ClientCounter#DEAD_PEER_CLOSES}, any thread.
     */
    public long deadPeerCloses()
    {
        return counters.deadPeerCloses.get();
    }

    /**
     * @return nudges sent to a peer that sat on requests in flight (see {@link Context#nudgeIntervalNs}); counter
     * {@link ClientCounter#NUDGES_SENT}, any thread.
     */
    public long nudgesSent()
    {
        return counters.nudgesSent.get();
    }

    /** @return RESULTs of nudges received (and dropped); counter {@link ClientCounter#NUDGES_ANSWERED}, any thread. */
    public long nudgesAnswered()
    {
        return counters.nudgesAnswered.get();
    }

    /**
     * @return inbound payloads that failed validation on the client thread; counter {@link
     * ClientCounter#INVALID_PAYLOADS}, any thread.
     */
    public long invalidPayloads()
    {
        return counters.invalidPayloads.get();
    }

    /** @return payloads the lane dropped because the inbound ring was full (poll more often); any thread. */
    public long inboundDropped()
    {
        return forwarder.dropped.get();
    }

    /** @return inbound frames of types a client does not handle (e.g. GOODBYE), ignored; any thread. */
    public long framesIgnored()
    {
        return forwarder.ignored.get();
    }

    /**
     * Closes the connection and stops the transport; requests in flight get no result. Idempotent; client thread.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        outbound.close();
        transport.close();
        if (ownsCounters)
        {
            transportCounters.close();
        }
        store.close();
        writer.close();
    }

    /**
     * A name for a request's return code, for logs and tools.
     *
     * @param result what a request returned.
     * @return {@code OK} for an ID, else the code's name.
     */
    public static String resultName(final long result)
    {
        if (result == IN_FLIGHT_LIMIT)
        {
            return "IN_FLIGHT_LIMIT";
        }
        if (result == NO_SIGNING_KEY)
        {
            return "NO_SIGNING_KEY";
        }
        return result == INVALID_REQUEST ? "INVALID_REQUEST" : SendResult.name(result);
    }

    private long checkRequest()
    {
        if (closed)
        {
            return SendResult.CLOSED;
        }
        if (inFlight.size() >= maxInFlight)
        {
            return IN_FLIGHT_LIMIT;
        }
        return outbound.connectionId() == OutboundConnection.NOT_CONNECTED ? SendResult.NOT_CONNECTED : 0;
    }

    private boolean isOneCell(final DirectBuffer buffer, final int offset, final int length)
    {
        return length >= 1 && length <= CellDescriptor.MAX_FRAMED_CELL_LENGTH && offset >= 0 &&
            offset <= buffer.capacity() - length && walker.walkExact(buffer, offset, length, RefSink.NONE) == length;
    }

    /**
     * Takes a request's ID once the transport has its frame: the ID is used up, the request goes in flight.
     *
     * @param sent what the writer's send returned.
     * @return the request's ID, or the negative code.
     */
    private long sent(final long sent)
    {
        if (sent < 0)
        {
            return sent;
        }
        final long id = nextId++;
        final long nowNs = clock.nanoTime();
        lastSendNs = nowNs;
        inFlight.add(id, nowNs);
        return id;
    }

    /**
     * Wakes a peer that holds RESULTs back. The 0.7.9 reference sometimes leaves RESULTs in its connection's send
     * buffer until it next sends on that connection (docs/wire-format.md §10; measured: 16 RESULTs held for more than
     * 5 s while frames kept arriving), so a client that has stopped sending (a full window, the last requests of a
     * batch) would wait for its timeouts, and a frame the peer does not answer does not help. When requests are in
     * flight and no frame has gone either way for the nudge interval, the client sends an anonymous QUERY of
     * {@code nil} with a negative ID, from a sequence of its own ({@code -1, -2, …}) so request IDs stay 1, 2, 3…; its
     * RESULT makes the peer send, which flushes what it held, and is counted and dropped.
     */
    private int nudge(final long nowNs)
    {
        if (nudgeIntervalNs <= 0 || inFlight.size() == 0 || nowNs - lastReceiveNs < nudgeIntervalNs ||
            nowNs - lastSendNs < nudgeIntervalNs)
        {
            return 0;
        }
        lastSendNs = nowNs;
        if (writer.nudge(nextNudgeId) > 0)
        {
            nextNudgeId--;
            counters.nudgesSent.incrementRelease();
            return 1;
        }
        return 0;
    }

    /**
     * Closes a connection whose peer has sent nothing for {@link Context#deadPeerNs} while requests were in flight
     * (counted from the later of its last frame and the moment requests went in flight), nudges included: the path or
     * the peer is gone, and TCP alone would wait minutes to say so. The transport then reconnects with backoff; the
     * requests in flight end with their timeouts.
     */
    private int closeIfDead(final long nowNs)
    {
        if (deadPeerNs <= 0 || inFlight.size() == 0 ||
            nowNs - Math.max(lastReceiveNs, inFlight.inFlightSinceNs()) < deadPeerNs)
        {
            return 0;
        }
        final long connectionId = outbound.connectionId();
        final Connection connection = transport.connection(connectionId);
        if (connection == null || connectionId == closedConnectionId)
        {
            return 0;
        }
        closedConnectionId = connectionId;
        inFlight.restartClock(nowNs);
        connection.requestClose();
        counters.deadPeerCloses.incrementRelease();
        return 1;
    }

    /**
     * Configuration of a client, Aeron style: fields with defaults, overridable by system properties, checked by
     * {@link #conclude()}. Not thread-safe; configure on one thread, then connect.
     */
    public static final class Context
    {
        /** Property: the peer to connect to, {@code host:port}. */
        public static final String ENDPOINT_PROP = "cellwire.client.endpoint";
        /** Property: request timeout in milliseconds. */
        public static final String TIMEOUT_MS_PROP = "cellwire.client.timeout.ms";
        /** Property: most requests in flight. */
        public static final String MAX_IN_FLIGHT_PROP = "cellwire.client.max.in.flight";
        /** Property: threading mode of the client's transport (its default; {@link #transport()} sets it too). */
        public static final String THREADING_PROP = "cellwire.client.threading";
        /** Property: idle strategy alias of the client's transport thread (its default). */
        public static final String IDLE_PROP = "cellwire.client.idle";
        /** Property: nudge interval in milliseconds, 0 for none. */
        public static final String NUDGE_MS_PROP = "cellwire.client.nudge.ms";

        /** Default request timeout: 5 s. */
        public static final long DEFAULT_TIMEOUT_MS = 5_000;
        /** Default nudge interval: 50 ms, far above a loopback round trip and far below the request timeout. */
        public static final long DEFAULT_NUDGE_MS = 50;
        /** Property: milliseconds without a frame from the peer, requests in flight, before the connection is closed.
         * */
        public static final String DEAD_PEER_MS_PROP = "cellwire.client.dead.peer.ms";
        /** Default of {@link #DEAD_PEER_MS_PROP}: 100 nudge intervals. */
        public static final long DEFAULT_DEAD_PEER_MS = 5_000;
        /** Default connect timeout: 5 s. */
        public static final long DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
        /** Default most requests in flight. */
        public static final int DEFAULT_MAX_IN_FLIGHT = 4096;
        /** Default most RESULTs waiting for DATA at once. */
        public static final int DEFAULT_MAX_PARKED_RESULTS = 64;
        /** Default inbound ring: room for 1 MiB of payloads between lane and client thread. */
        public static final int DEFAULT_INBOUND_RING_LENGTH = 1 << 20;

        private InetSocketAddress endpoint = parseEndpoint(System.getProperty(ENDPOINT_PROP, "127.0.0.1:18888"));
        private long requestTimeoutNs =
            TimeUnit.MILLISECONDS.toNanos(Long.getLong(TIMEOUT_MS_PROP, DEFAULT_TIMEOUT_MS));
        private long connectTimeoutNs = TimeUnit.MILLISECONDS.toNanos(DEFAULT_CONNECT_TIMEOUT_MS);
        private long nudgeIntervalNs = TimeUnit.MILLISECONDS.toNanos(Long.getLong(NUDGE_MS_PROP, DEFAULT_NUDGE_MS));
        private long deadPeerNs = TimeUnit.MILLISECONDS.toNanos(Long.getLong(DEAD_PEER_MS_PROP, DEFAULT_DEAD_PEER_MS));
        private int maxInFlight = Integer.getInteger(MAX_IN_FLIGHT_PROP, DEFAULT_MAX_IN_FLIGHT);
        private final Transport.Context transport = new Transport.Context()
            .port(-1)
            .lanes(1)
            .maxConnections(2)
            .countersDirectory(null)
            .threadingMode(ThreadingMode.valueOf(System.getProperty(THREADING_PROP, ThreadingMode.SHARED.name())))
            .idleStrategy(System.getProperty(IDLE_PROP, IdleStrategies.ADAPTIVE));
        private long missingDataRetryNs = MissingDataRequests.DEFAULT_RETRY_INTERVAL_NS;
        private byte[] keySeed;
        private long origin = MessageFields.NULL_ADDRESS;
        private int maxParkedResults = DEFAULT_MAX_PARKED_RESULTS;
        private int storeCapacityBytes = CellStore.DEFAULT_CAPACITY_BYTES;
        private int storeMaxEntries = CellStore.DEFAULT_MAX_ENTRIES;
        private int inboundRingLength = DEFAULT_INBOUND_RING_LENGTH;
        private NanoClock nanoClock = SystemNanoClock.INSTANCE;

        /**
         * Checks the configuration.
         *
         * @return this.
         * @throws IllegalArgumentException if a value is out of range.
         */
        public Context conclude()
        {
            require(endpoint != null, "an endpoint is required");
            require(requestTimeoutNs > 0, "request timeout must be positive");
            require(connectTimeoutNs > 0, "connect timeout must be positive");
            require(nudgeIntervalNs >= 0, "nudge interval must not be negative");
            require(deadPeerNs >= 0, "dead peer time must not be negative");
            require(maxInFlight >= 1, "max in flight must be at least 1");
            require(keySeed == null || keySeed.length == Ed25519Signer.SEED_LENGTH, "key seed must be 32 bytes");
            require(origin >= MessageFields.NULL_ADDRESS, "origin must be an address or NULL_ADDRESS");
            require(maxParkedResults >= 0, "max parked results must not be negative");
            require(BitUtil.isPowerOfTwo(inboundRingLength) && inboundRingLength >= Transport.Context.MIN_RING_LENGTH,
                "inbound ring length: a power of two >= 128 KiB");
            require(missingDataRetryNs > 0, "missing data retry interval must be positive");
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
         * Parses {@code host:port}.
         *
         * @param hostPort e.g. {@code 127.0.0.1:18888}.
         * @return the address, unresolved names resolved now.
         */
        public static InetSocketAddress parseEndpoint(final String hostPort)
        {
            final int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1)
            {
                throw new IllegalArgumentException("endpoint must be host:port: " + hostPort);
            }
            return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
        }

        /** @return the peer to connect to. */
        public InetSocketAddress endpoint()
        {
            return endpoint;
        }

        /** @param hostPort the peer to connect to, {@code host:port}. @return this. */
        public Context endpoint(final String hostPort)
        {
            this.endpoint = parseEndpoint(hostPort);
            return this;
        }

        /** @param endpoint the peer to connect to. @return this. */
        public Context endpoint(final InetSocketAddress endpoint)
        {
            this.endpoint = endpoint;
            return this;
        }

        /** @return how long a request waits for its RESULT, in nanoseconds. */
        public long requestTimeoutNs()
        {
            return requestTimeoutNs;
        }

        /** @param timeoutNs how long a request waits for its RESULT, in nanoseconds. @return this. */
        public Context requestTimeoutNs(final long timeoutNs)
        {
            this.requestTimeoutNs = timeoutNs;
            return this;
        }

        /**
         * @return how long requests may sit in flight with no frame going either way before the client sends the peer
         * a QUERY of nil to make it send (docs/wire-format.md §10 stall), in nanoseconds; 0 for never.
         */
        public long nudgeIntervalNs()
        {
            return nudgeIntervalNs;
        }

        /** @param intervalNs quiet time before a nudge, in nanoseconds; 0 for never. @return this. */
        public Context nudgeIntervalNs(final long intervalNs)
        {
            this.nudgeIntervalNs = intervalNs;
            return this;
        }

        /**
         * @return how long requests may be in flight with no frame from the peer, nudges unanswered, before the client
         * closes the connection and the transport reconnects, in nanoseconds; 0 for never.
         */
        public long deadPeerNs()
        {
            return deadPeerNs;
        }

        /** @param timeoutNs silence, requests in flight, before the connection is closed; 0 never. @return this. */
        public Context deadPeerNs(final long timeoutNs)
        {
            this.deadPeerNs = timeoutNs;
            return this;
        }

        /** @return how long {@link Client#connect} waits for the connection, in nanoseconds. */
        public long connectTimeoutNs()
        {
            return connectTimeoutNs;
        }

        /** @param timeoutNs how long {@link Client#connect} waits for the connection, in nanoseconds. @return this. */
        public Context connectTimeoutNs(final long timeoutNs)
        {
            this.connectTimeoutNs = timeoutNs;
            return this;
        }

        /** @return most requests in flight. */
        public int maxInFlight()
        {
            return maxInFlight;
        }

        /** @param maxInFlight most requests in flight. @return this. */
        public Context maxInFlight(final int maxInFlight)
        {
            this.maxInFlight = maxInFlight;
            return this;
        }

        /**
         * The client's transport settings: threading mode ({@link ThreadingMode#SHARED}, the default: one transport
         * thread, or {@link ThreadingMode#INVOKER}: no thread, {@link Client#poll} drives it), idle strategy, error
         * handler, timeouts, socket buffers, counters directory. The client sets the handler factory itself and
         * listens on no port; its counters, the transport's and the client's ({@link ClientCounter}), stay in memory
         * unless a counters directory is set here (then {@code cellwire stat} reads them from its file). Counters
         * supplied with {@link Transport.Context#counters(TransportCounters)} are used instead; their owner closes
         * them.
         *
         * @return the transport context, to configure in place.
         */
        public Transport.Context transport()
        {
            return transport;
        }

        /**
         * Configures the client's transport in one chain, e.g. {@code .transport(t -> t.idleStrategy("spin"))}.
         *
         * @param configure applied to {@link #transport()} at once.
         * @return this.
         */
        public Context transport(final Consumer<Transport.Context> configure)
        {
            configure.accept(transport);
            return this;
        }

        /**
         * @return how long a cell a parked RESULT needs may stay missing before MISSING_DATA asks again, and how often
         * parked RESULTs are retried without new DATA.
         */
        public long missingDataRetryNs()
        {
            return missingDataRetryNs;
        }

        /** @param retryNs interval of MISSING_DATA retries for a RESULT still waiting; default 1 s. @return this. */
        public Context missingDataRetryNs(final long retryNs)
        {
            this.missingDataRetryNs = retryNs;
            return this;
        }

        /** @return the 32-byte Ed25519 seed transactions are signed with, or null. */
        public byte[] keySeed()
        {
            return keySeed;
        }

        /** @param seed the 32-byte Ed25519 seed transactions are signed with; copied. @return this. */
        public Context keySeed(final byte[] seed)
        {
            this.keySeed = seed == null ? null : seed.clone();
            return this;
        }

        /** @return the account {@link Client#transactInvoke} transacts as, or {@link MessageFields#NULL_ADDRESS}. */
        public long origin()
        {
            return origin;
        }

        /** @param origin the account {@link Client#transactInvoke} transacts as. @return this. */
        public Context origin(final long origin)
        {
            this.origin = origin;
            return this;
        }

        /** @return most RESULTs waiting for DATA at once. */
        public int maxParkedResults()
        {
            return maxParkedResults;
        }

        /** @param maxParkedResults most RESULTs waiting for DATA at once. @return this. */
        public Context maxParkedResults(final int maxParkedResults)
        {
            this.maxParkedResults = maxParkedResults;
            return this;
        }

        /** @return bytes of the DATA cell store. */
        public int storeCapacityBytes()
        {
            return storeCapacityBytes;
        }

        /** @param bytes bytes of the DATA cell store, a power of two ≥ 32 KiB. @return this. */
        public Context storeCapacityBytes(final int bytes)
        {
            this.storeCapacityBytes = bytes;
            return this;
        }

        /** @return most cells in the store. */
        public int storeMaxEntries()
        {
            return storeMaxEntries;
        }

        /** @param entries most cells in the store. @return this. */
        public Context storeMaxEntries(final int entries)
        {
            this.storeMaxEntries = entries;
            return this;
        }

        /** @return bytes of the ring between the lane and the client thread. */
        public int inboundRingLength()
        {
            return inboundRingLength;
        }

        /** @param length bytes of the ring between the lane and the client thread, a power of two. @return this. */
        public Context inboundRingLength(final int length)
        {
            this.inboundRingLength = length;
            return this;
        }

        /** @return the clock of timeouts. */
        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        /** @param clock the clock of timeouts. @return this. */
        public Context nanoClock(final NanoClock clock)
        {
            this.nanoClock = clock;
            return this;
        }

    }
}
