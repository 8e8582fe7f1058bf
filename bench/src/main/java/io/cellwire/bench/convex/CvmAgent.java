package io.cellwire.bench.convex;

import convex.core.Belief;
import convex.core.Result;
import convex.core.State;
import convex.core.data.ACell;
import convex.core.data.AVector;
import convex.core.data.AccountKey;
import convex.core.data.AccountStatus;
import convex.core.data.Address;
import convex.core.data.Blob;
import convex.core.data.Hash;
import convex.core.data.SignedData;
import convex.core.data.prim.CVMLong;
import convex.core.exceptions.MissingDataException;
import convex.core.transactions.ATransaction;
import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.message.BeliefEncoder;
import io.cellwire.codec.message.DataEncoder;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.MissingDataEncoder;
import io.cellwire.codec.message.ResultEncoder;
import io.cellwire.node.NodeStatus;
import io.cellwire.node.PeerLink;
import io.cellwire.node.ResultErrors;
import io.cellwire.transport.OutboundConnection;
import io.cellwire.transport.Transport;
import io.cellwire.transport.ThreadWaker;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.collections.LongHashSet;
import org.agrona.collections.Object2LongHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * The CVM thread's duty cycle: takes what the lanes copied into their rings ({@link CvmRingDescriptor}) and runs it
 * on the {@link CvmEngine}, as 0.7.9's {@code Server} does on its receiver and update threads:
 * <ul>
 *   <li>DATA is kept in the engine's store; a cell whose children have not come is kept aside (bounded), after
 *   MISSING_DATA for what it lacks, and retried as soon as the cell it lacks comes (before the next record of the
 *   ring, which may be a QUERY by ref to it), and when more DATA comes.</li>
 *   <li>QUERY runs on the consensus state and is answered with a RESULT: its value inline if embedded, else as DATA
 *   (children first) and then by ref; an error as the reference sends it, the message as value and the code.</li>
 *   <li>TRANSACT is queued for the next block with a token that maps to its connection and message ID; its RESULT
 *   goes once its block is in consensus.</li>
 *   <li>BELIEF is offered to the next merge; one that lacks a cell is kept (the latest per connection), MISSING_DATA
 *   goes to its connection for the cell, and it is retried when DATA comes.</li>
 *   <li>MISSING_DATA for a cell of the engine's store (the beliefs this peer broadcast) is answered with DATA.</li>
 * </ul>
 * Each duty cycle with input, and every {@value #REBROADCAST_INTERVAL_MS} ms while consensus is behind this peer's
 * order, the engine proposes and merges; when its belief changes, or while consensus is behind at that interval as
 * 0.7.9 rebroadcasts, the novel cells go as DATA and then the belief as BELIEF to every peer connection (the links
 * this peer opened, and each connection that sent a BELIEF, but one connection per peer key); then the node's STATUS
 * hashes and, if consensus moved, the account table are updated.
 * <p>
 * Owned by the CVM thread (its {@link org.agrona.concurrent.AgentRunner}), the only consumer of the lanes' rings and
 * the only user of the engine; it allocates, the lanes do not. Links are handed in from any thread through a queue
 * ({@link #addLink}).
 */
final class CvmAgent implements Agent, MessageHandler, CvmEngine.CellHandler
{
    /** Records taken from each lane's ring per duty cycle, so that one busy lane does not hold up the others. */
    static final int READ_LIMIT = 64;
    /** 0.7.9's {@code Constants.MAX_REBROADCAST_DELAY}: the longest quiet spell while consensus is behind. */
    static final long REBROADCAST_INTERVAL_MS = 100;
    /** How often cells and beliefs awaiting data are retried without new DATA, and MISSING_DATA sent again. */
    static final long RETRY_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    /** How long a cell or belief may wait for its data before it is dropped. */
    static final long PENDING_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(30);
    /** Most DATA cells awaiting their children at once; the oldest is dropped to make room. */
    static final int MAX_PENDING_CELLS = 1024;
    /** Most DATA cells sent before one RESULT: a larger value is not sent (counted as a failed send). */
    static final int MAX_RESULT_CELLS = 4096;
    /** Most DATA cells that answer one MISSING_DATA: the cell asked for and those below it, children first. */
    static final int MAX_MISSING_DATA_CELLS = 256;
    /** Most links this peer may open (as many as a node takes pending at once). */
    static final int MAX_LINKS = 64;

    private static final long NO_VALUE = Long.MIN_VALUE;
    private static final DirectBuffer NIL = new UnsafeBuffer(new byte[]{ (byte)CellDescriptor.TAG_NULL });
    private static final DirectBuffer UNREADABLE_MESSAGE = string("Not a readable cell");
    private static final DirectBuffer QUEUED_MESSAGE = string("Transaction already awaiting its result");

    private final CvmEngine engine;
    private final TransactionResults results;
    private final Transport transport;
    private final NodeStatus status;
    private final ConsensusAccountTable accounts;
    private final OneToOneRingBuffer[] rings;
    private final CvmRingShares[] shares;
    private final ConvexPeerCounters counters;
    private final ThreadWaker waker;
    private final ErrorHandler errorHandler;
    private final ManyToOneConcurrentArrayQueue<Link> newLinks = new ManyToOneConcurrentArrayQueue<>(MAX_LINKS);
    private final ArrayList<Link> links = new ArrayList<>();

    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
    private final UnsafeBuffer cellView = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer hashes = new UnsafeBuffer(new byte[3 * CellDescriptor.VALUE_ID_LENGTH]);
    private final UnsafeBuffer key = new UnsafeBuffer(new byte[CellDescriptor.PUBLIC_KEY_LENGTH]);
    private final ResultEncoder resultEncoder = new ResultEncoder();
    private final DataEncoder dataEncoder = new DataEncoder();
    private final BeliefEncoder beliefEncoder = new BeliefEncoder();
    private final MissingDataEncoder missingDataEncoder = new MissingDataEncoder();

    private final Long2LongHashMap tokenConnections = new Long2LongHashMap(NO_VALUE);
    private final Long2LongHashMap tokenMessageIds = new Long2LongHashMap(NO_VALUE);
    private final Long2LongHashMap tokenOrigins = new Long2LongHashMap(NO_VALUE);
    private final Long2LongHashMap awaitedByOrigin = new Long2LongHashMap(0);
    private final LongHashSet beliefSenders = new LongHashSet();
    private final Long2ObjectHashMap<AccountKey> senderKeys = new Long2ObjectHashMap<>();
    private final ArrayList<Pending> pendingCells = new ArrayList<>();
    private final Long2ObjectHashMap<Pending> pendingBeliefs = new Long2ObjectHashMap<>();
    private final Object2LongHashMap<Hash> requestedAt = new Object2LongHashMap<>(NO_VALUE);
    private final HashSet<Hash> sentCells = new HashSet<>();
    private final HashSet<AccountKey> linkedKeys = new HashSet<>();
    private final LongArrayList targets = new LongArrayList();
    private final ArrayList<Hash> arrivals = new ArrayList<>();

    private AVector<AccountStatus> publishedAccounts;
    private long publishedConsensusPoint;
    private long nextToken;
    private int cellBudget;
    private long lastUpdateMs;
    private long lastBroadcastMs;
    private long lastRetryNs;
    private boolean dataArrived;
    private CvmRingShares readingShares;

    /**
     * The agent of a launched node; the engine's store holds this peer's first belief and the table the genesis
     * accounts ({@link #publishAccounts}).
     *
     * @param engine       the engine, used by the CVM thread only from now on.
     * @param results      where the engine reports transaction results.
     * @param transport    the node's transport, which every frame goes out through.
     * @param status       the node's STATUS answer, updated when the belief changes.
     * @param accounts     the table the lanes admit transactions with.
     * @param rings        the lanes' rings, in lane order.
     * @param shares       each lane's connection shares of its ring, credited here as records are read.
     * @param counters     the peer's counters.
     * @param waker        owned by this agent's thread once it starts, for the lanes to wake it.
     * @param errorHandler told of an exception from the engine on a message, which is then dropped.
     */
    CvmAgent(
        final CvmEngine engine,
        final TransactionResults results,
        final Transport transport,
        final NodeStatus status,
        final ConsensusAccountTable accounts,
        final OneToOneRingBuffer[] rings,
        final CvmRingShares[] shares,
        final ConvexPeerCounters counters,
        final ThreadWaker waker,
        final ErrorHandler errorHandler)
    {
        this.waker = waker;
        this.engine = engine;
        this.results = results;
        this.transport = transport;
        this.status = status;
        this.accounts = accounts;
        this.rings = rings;
        this.shares = shares;
        this.counters = counters;
        this.errorHandler = errorHandler;
        publishedAccounts = engine.consensusState().getAccounts();
        publishedConsensusPoint = engine.consensusPoint();
        publishStatus();
    }

    /**
     * Makes a link a broadcast target from the next duty cycle on; any thread.
     *
     * @param link    the link, opened by the node.
     * @param peerKey the key its peer proved, or is to prove.
     * @return false if {@link #MAX_LINKS} links are waiting to be taken up.
     */
    boolean addLink(final PeerLink link, final AccountKey peerKey)
    {
        return newLinks.offer(new Link(link, peerKey));
    }

    @Override
    public void onStart()
    {
        waker.ownedByCurrentThread();
    }

    @Override
    public int doWork()
    {
        final long nowNs = System.nanoTime();
        int work = newLinks.drainTo(links, MAX_LINKS);
        int input = 0;
        for (int lane = 0; lane < rings.length; lane++)
        {
            readingShares = shares[lane];
            input += rings[lane].read(this, READ_LIMIT);
        }
        if ((!pendingCells.isEmpty() || !pendingBeliefs.isEmpty()) &&
            (dataArrived || nowNs - lastRetryNs >= RETRY_INTERVAL_NS))
        {
            work += retryPending(nowNs);
        }
        dataArrived = false;
        final long nowMs = System.currentTimeMillis();
        if (input > 0 || (isBehind() && nowMs - lastUpdateMs >= REBROADCAST_INTERVAL_MS))
        {
            lastUpdateMs = nowMs;
            if (engine.update(nowMs))
            {
                counters.beliefUpdates.increment();
                broadcast(nowMs);
                publishStatus();
                sendTransactionResults();
                work++;
            }
            else if (isBehind() && nowMs - lastBroadcastMs >= REBROADCAST_INTERVAL_MS)
            {
                broadcast(nowMs);
                work++;
            }
        }
        return work + input;
    }

    @Override
    public String roleName()
    {
        return "cellwire-cvm";
    }

    @Override
    public void onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long connectionId = buffer.getLong(index + CvmRingDescriptor.CONNECTION_ID_OFFSET);
        readingShares.consumed(connectionId, length);
        final long messageId = buffer.getLong(index + CvmRingDescriptor.MESSAGE_ID_OFFSET);
        final int flags = buffer.getInt(index + CvmRingDescriptor.FLAGS_OFFSET);
        final int body = index + CvmRingDescriptor.HEADER_LENGTH;
        final int firstLength = buffer.getInt(index + CvmRingDescriptor.FIRST_LENGTH_OFFSET);
        try
        {
            switch (type)
            {
                case MessageType.QUERY:
                    onQuery(connectionId, messageId, buffer.getLong(index + CvmRingDescriptor.ADDRESS_OFFSET), flags,
                        blob(buffer, body, firstLength));
                    break;
                case MessageType.TRANSACT:
                    final int txLength = length - CvmRingDescriptor.HEADER_LENGTH - firstLength;
                    onTransact(connectionId, messageId, buffer.getLong(index + CvmRingDescriptor.ADDRESS_OFFSET),
                        blob(buffer, body, firstLength),
                        txLength == 0 ? null : blob(buffer, body + firstLength, txLength));
                    break;
                case MessageType.BELIEF:
                    onBelief(connectionId, buffer, body, firstLength);
                    break;
                case MessageType.DATA:
                    onData(connectionId, flags, blob(buffer, body, firstLength));
                    break;
                case MessageType.MISSING_DATA:
                    onMissingData(connectionId, Hash.wrap(blob(buffer, body, firstLength)));
                    break;
                default:
                    break;
            }
        }
        catch (final RuntimeException ex)
        {
            // convex throws for data it cannot use (MissingDataException among others): the message is dropped
            counters.errors.increment();
            errorHandler.onError(ex);
        }
    }

    @Override
    public void onCell(final ACell cell)
    {
        final DirectBuffer encoding = encoding(cell);
        sendToTargets(MessageType.DATA,
            dataEncoder.wrapFrame(frame, 0).cell(encoding, 0, encoding.capacity()).finishFrame());
    }

    /**
     * Fills the account table from a consensus state: every account the previous state did not hold as it is now.
     *
     * @param table    the table.
     * @param state    the consensus state.
     * @param previous the accounts of the state published before, or null for all.
     */
    static void publishAccounts(
        final ConsensusAccountTable table, final State state, final AVector<AccountStatus> previous)
    {
        final AVector<AccountStatus> accounts = state.getAccounts();
        if (accounts == previous)
        {
            return;
        }
        final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[CellDescriptor.PUBLIC_KEY_LENGTH]);
        final long count = Math.min(accounts.count(), table.capacity());
        final long previousCount = null == previous ? 0 : previous.count();
        for (long i = 0; i < count; i++)
        {
            final AccountStatus account = accounts.get(i);
            if (i < previousCount && account.equals(previous.get(i)))
            {
                continue;
            }
            final AccountKey accountKey = account.getAccountKey();
            if (null == accountKey)
            {
                table.remove(i);
            }
            else
            {
                accountKey.getBytes(keyBuffer.byteArray(), 0);
                table.update(i, keyBuffer, 0, account.getSequence());
            }
        }
    }

    // ---------------------------------------------------------------- messages

    private void onQuery(
        final long connectionId, final long messageId, final long address, final int flags, final Blob formBytes)
    {
        final ACell form = (flags & CvmRingDescriptor.FLAG_FORM_IS_REF) != 0 ?
            engine.cell(Hash.wrap(formBytes)) : engine.decode(formBytes);
        if (null == form && (flags & CvmRingDescriptor.FLAG_FORM_IS_REF) != 0)
        {
            refuse(connectionId, messageId, ResultErrors.MISSING, ResultErrors.MISSING_MESSAGE);
            return;
        }
        if (null == form && !isNil(formBytes))
        {
            refuse(connectionId, messageId, ResultErrors.FORMAT, UNREADABLE_MESSAGE);
            return;
        }
        final Result result;
        try
        {
            result = engine.query(form, MessageFields.NULL_ADDRESS == address ? null : Address.create(address));
        }
        catch (final MissingDataException ex)
        {
            refuse(connectionId, messageId, ResultErrors.MISSING, ResultErrors.MISSING_MESSAGE);
            return;
        }
        counters.queriesAnswered.increment();
        sendResult(connectionId, messageId, result);
    }

    @SuppressWarnings("unchecked")
    private void onTransact(
        final long connectionId, final long messageId, final long origin, final Blob signedBytes, final Blob txBytes)
    {
        if (null != txBytes)
        {
            // a client's cell: a block will carry it, and every peer needs it then
            engine.receiveCell(txBytes, false);
        }
        final ACell cell = engine.decode(signedBytes);
        final SignedData<ATransaction> transaction;
        try
        {
            if (!(cell instanceof SignedData) || !(((SignedData<?>)cell).getValue() instanceof ATransaction))
            {
                refuse(connectionId, messageId, ResultErrors.FORMAT, ResultErrors.FORMAT_MESSAGE);
                release(origin);
                return;
            }
            transaction = (SignedData<ATransaction>)cell;
        }
        catch (final MissingDataException ex)
        {
            refuse(connectionId, messageId, ResultErrors.MISSING, ResultErrors.MISSING_MESSAGE);
            release(origin);
            return;
        }
        final long token = nextToken++;
        if (!engine.submit(transaction, token))
        {
            // the node admits a sequence once, so only the same SignedData sent again gets here
            refuse(connectionId, messageId, ResultErrors.SEQUENCE, QUEUED_MESSAGE);
            release(origin);
            return;
        }
        tokenConnections.put(token, connectionId);
        tokenMessageIds.put(token, messageId);
        tokenOrigins.put(token, origin);
        awaitedByOrigin.put(origin, awaitedByOrigin.get(origin) + 1);
        counters.transactionsSubmitted.increment();
    }

    /** A transaction the node admitted that never reaches a block gives its sequence back, if none is awaited. */
    private void release(final long origin)
    {
        if (awaitedByOrigin.get(origin) == 0)
        {
            accounts.settle(origin);
        }
    }

    private void onBelief(final long connectionId, final DirectBuffer buffer, final int offset, final int length)
    {
        beliefSenders.add(connectionId);
        final Blob encoding = blob(buffer, offset, length);
        final int received = engine.receiveBelief(encoding);
        if (CvmEngine.ACCEPTED == received)
        {
            onBeliefAccepted(connectionId, encoding);
            pendingBeliefs.remove(connectionId);
        }
        else if (CvmEngine.MISSING_DATA == received)
        {
            // a later belief of the same peer supersedes the one kept before it
            final Pending pending = new Pending(connectionId, encoding, true, System.nanoTime());
            pendingBeliefs.put(connectionId, pending);
            counters.beliefsPending.increment();
            requestMissing(connectionId, engine.missingHash(), pending.sinceNs);
        }
        else
        {
            counters.beliefsRejected.increment();
        }
    }

    private void onBeliefAccepted(final long connectionId, final Blob encoding)
    {
        counters.beliefsReceived.increment();
        // the SignedData's signer key follows its tag
        senderKeys.put(connectionId, AccountKey.wrap(encoding.getBytes(), 1));
        dataArrived = true;
    }

    private void onData(final long connectionId, final int flags, final Blob encoding)
    {
        final boolean fromPeer = (flags & CvmRingDescriptor.FLAG_TRUSTED) != 0 || beliefSenders.contains(connectionId);
        final int received = engine.receiveCell(encoding, fromPeer);
        if (CvmEngine.ACCEPTED == received)
        {
            counters.cellsReceived.increment();
            dataArrived = true;
            if (!pendingCells.isEmpty())
            {
                acceptWaitingOn(encoding.getContentHash());
            }
        }
        else if (CvmEngine.MISSING_DATA == received)
        {
            if (pendingCells.size() == MAX_PENDING_CELLS)
            {
                pendingCells.remove(0);
            }
            final Pending pending = new Pending(connectionId, encoding, fromPeer, System.nanoTime());
            pending.missing = engine.missingHash();
            pendingCells.add(pending);
            counters.cellsPending.increment();
            requestMissing(connectionId, engine.missingHash(), pending.sinceNs);
        }
        else
        {
            counters.beliefsRejected.increment();
        }
    }

    private void onMissingData(final long connectionId, final Hash hash)
    {
        final ACell cell = engine.cell(hash);
        if (null == cell)
        {
            counters.missingDataUnknown.increment();
            return;
        }
        // 0.7.9 with a memory store persists each DATA cell deeply and drops one whose children it lacks (as a
        // client's acquire does), so the cells below go first; past the budget, only the cell asked for
        sentCells.clear();
        cellBudget = MAX_MISSING_DATA_CELLS;
        final boolean sent = sendTree(connectionId, cell) || (cellBudget == 0 && sendData(connectionId, cell));
        if (sent)
        {
            counters.missingDataAnswered.increment();
        }
    }

    // ---------------------------------------------------------------- data awaiting its children

    /**
     * Takes in at once the cells kept aside for want of a cell just accepted, and those waiting on them in turn, so
     * that a message behind the DATA in the same ring (a QUERY by ref to the tree's root, say) finds its tree whole.
     * Only the cells that named the arrived one as missing are decoded again; the others are compared by hash.
     */
    private void acceptWaitingOn(final Hash arrived)
    {
        arrivals.clear();
        arrivals.add(arrived);
        while (!arrivals.isEmpty())
        {
            final Hash hash = arrivals.remove(arrivals.size() - 1);
            int i = 0;
            while (i < pendingCells.size())
            {
                final Pending pending = pendingCells.get(i);
                if (!hash.equals(pending.missing))
                {
                    i++;
                    continue;
                }
                final int received = engine.receiveCell(pending.encoding, pending.fromPeer);
                if (CvmEngine.MISSING_DATA == received)
                {
                    pending.missing = engine.missingHash();
                    requestMissing(pending.connectionId, pending.missing, System.nanoTime());
                    i++;
                    continue;
                }
                pendingCells.remove(i);
                if (CvmEngine.ACCEPTED == received)
                {
                    counters.cellsReceived.increment();
                    arrivals.add(pending.encoding.getContentHash());
                }
            }
        }
    }

    /**
     * Retries the cells awaiting children, in the order they came, until a pass accepts none, then the beliefs; asks
     * again for what is still missing; drops what waited too long.
     */
    private int retryPending(final long nowNs)
    {
        lastRetryNs = nowNs;
        int accepted = 0;
        boolean progress = true;
        while (progress)
        {
            progress = false;
            int i = 0;
            while (i < pendingCells.size())
            {
                final Pending pending = pendingCells.get(i);
                final int received = engine.receiveCell(pending.encoding, pending.fromPeer);
                if (CvmEngine.MISSING_DATA == received && nowNs - pending.sinceNs < PENDING_TIMEOUT_NS)
                {
                    pending.missing = engine.missingHash();
                    requestMissing(pending.connectionId, pending.missing, nowNs);
                    i++;
                    continue;
                }
                pendingCells.remove(i);
                if (CvmEngine.ACCEPTED == received)
                {
                    counters.cellsReceived.increment();
                    accepted++;
                    progress = true;
                }
            }
        }
        final Iterator<Pending> beliefs = pendingBeliefs.values().iterator();
        while (beliefs.hasNext())
        {
            final Pending pending = beliefs.next();
            final int received = engine.receiveBelief(pending.encoding);
            if (CvmEngine.MISSING_DATA == received && nowNs - pending.sinceNs < PENDING_TIMEOUT_NS)
            {
                requestMissing(pending.connectionId, engine.missingHash(), nowNs);
                continue;
            }
            beliefs.remove();
            if (CvmEngine.ACCEPTED == received)
            {
                onBeliefAccepted(pending.connectionId, pending.encoding);
                accepted++;
            }
        }
        if (pendingCells.isEmpty() && pendingBeliefs.isEmpty())
        {
            requestedAt.clear();
        }
        return accepted;
    }

    /** Sends MISSING_DATA for a cell, unless it was asked for within the retry interval. */
    private void requestMissing(final long connectionId, final Hash hash, final long nowNs)
    {
        final long at = requestedAt.getValue(hash);
        if (NO_VALUE != at && nowNs - at < RETRY_INTERVAL_NS)
        {
            return;
        }
        requestedAt.put(hash, nowNs);
        hash.getBytes(hashes.byteArray(), 0);
        if (send(connectionId, MessageType.MISSING_DATA,
            missingDataEncoder.wrapFrame(frame, 0).valueId(hashes, 0).finishFrame()))
        {
            counters.missingDataSent.increment();
        }
    }

    // ---------------------------------------------------------------- belief and results

    private boolean isBehind()
    {
        return engine.consensusPoint() < engine.blockCount();
    }

    private void broadcast(final long nowMs)
    {
        collectTargets();
        final SignedData<Belief> belief = engine.announceBelief(this);
        final DirectBuffer encoding = encoding(belief);
        sendToTargets(MessageType.BELIEF,
            beliefEncoder.wrapFrame(frame, 0).belief(encoding, 0, encoding.capacity()).finishFrame());
        lastBroadcastMs = nowMs;
        counters.beliefBroadcasts.increment();
    }

    /**
     * The connections a belief goes to: each link that is connected, and each connection that sent a BELIEF and is
     * still open, unless a connected link goes to the same peer.
     */
    private void collectTargets()
    {
        targets.clear();
        linkedKeys.clear();
        for (int i = 0; i < links.size(); i++)
        {
            final Link link = links.get(i);
            final long connectionId = link.link.connectionId();
            if (OutboundConnection.NOT_CONNECTED != connectionId)
            {
                targets.addLong(connectionId);
                linkedKeys.add(link.peerKey);
            }
        }
        final LongHashSet.LongIterator senders = beliefSenders.iterator();
        while (senders.hasNext())
        {
            final long connectionId = senders.nextValue();
            if (null == transport.connection(connectionId))
            {
                senders.remove();
                senderKeys.remove(connectionId);
                continue;
            }
            final AccountKey senderKey = senderKeys.get(connectionId);
            if (null == senderKey || !linkedKeys.contains(senderKey))
            {
                targets.addLong(connectionId);
            }
        }
    }

    private void sendToTargets(final int type, final int frameLength)
    {
        for (int i = 0; i < targets.size(); i++)
        {
            send(targets.getLong(i), type, frameLength);
        }
    }

    private void publishStatus()
    {
        engine.beliefHash().getBytes(hashes.byteArray(), 0);
        engine.statesHash().getBytes(hashes.byteArray(), CellDescriptor.VALUE_ID_LENGTH);
        engine.consensusStateHash().getBytes(hashes.byteArray(), 2 * CellDescriptor.VALUE_ID_LENGTH);
        status.update(hashes, 0, hashes, CellDescriptor.VALUE_ID_LENGTH, hashes, 2 * CellDescriptor.VALUE_ID_LENGTH);
        final long consensusPoint = engine.consensusPoint();
        if (consensusPoint != publishedConsensusPoint)
        {
            final State consensus = engine.consensusState();
            publishAccounts(accounts, consensus, publishedAccounts);
            publishedAccounts = consensus.getAccounts();
            publishedConsensusPoint = consensusPoint;
        }
        counters.consensusPoint.setOrdered(consensusPoint);
    }

    private void sendTransactionResults()
    {
        for (int i = 0; i < results.size(); i++)
        {
            final long token = results.tokens.getLong(i);
            final long connectionId = tokenConnections.remove(token);
            final long messageId = tokenMessageIds.remove(token);
            final long origin = tokenOrigins.remove(token);
            final long awaited = awaitedByOrigin.remove(origin) - 1;
            if (awaited > 0)
            {
                awaitedByOrigin.put(origin, awaited);
            }
            else
            {
                accounts.settle(origin);
            }
            if (NO_VALUE != connectionId)
            {
                sendResult(connectionId, messageId, results.results.get(i).withID(CVMLong.create(messageId)));
                counters.transactionResults.increment();
            }
        }
        results.clear();
    }

    /** A RESULT as 0.7.9 sends one: the cells of the value and the info that are not embedded go first, as DATA. */
    private void sendResult(final long connectionId, final long messageId, final Result result)
    {
        final ACell value = result.getValue();
        final ACell code = result.getErrorCode();
        final ACell info = result.getInfo();
        sentCells.clear();
        cellBudget = MAX_RESULT_CELLS;
        if (!sendTree(connectionId, value) || !sendTree(connectionId, info))
        {
            if (cellBudget == 0)
            {
                counters.sendsFailed.increment();
            }
            return;
        }
        final ResultEncoder encoder = resultEncoder.wrapFrame(frame, 0).id(messageId);
        DirectBuffer encoding = encoding(value);
        encoder.value(encoding, 0, encoding.capacity());
        if (null == code)
        {
            encoder.errorNil();
        }
        else
        {
            encoding = encoding(code);
            encoder.error(encoding, 0, encoding.capacity());
        }
        if (null == info)
        {
            encoder.infoNil();
        }
        else
        {
            encoding = encoding(info);
            encoder.info(encoding, 0, encoding.capacity());
        }
        send(connectionId, MessageType.RESULT, encoder.finishFrame());
    }

    /**
     * Sends each cell of a tree that is not embedded, children first, once per {@link #sentCells}, at most
     * {@link #cellBudget} of them; false if a send failed or the budget ran out.
     */
    private boolean sendTree(final long connectionId, final ACell cell)
    {
        if (null == cell || (!cell.isEmbedded() && sentCells.contains(cell.getHash())))
        {
            return true;
        }
        if (cellBudget == 0)
        {
            return false;
        }
        final int refCount = cell.getRefCount();
        for (int i = 0; i < refCount; i++)
        {
            if (!sendTree(connectionId, cell.getRef(i).getValue()))
            {
                return false;
            }
        }
        if (cell.isEmbedded())
        {
            return true;
        }
        sentCells.add(cell.getHash());
        cellBudget--;
        return sendData(connectionId, cell);
    }

    private void refuse(
        final long connectionId, final long messageId, final DirectBuffer code, final DirectBuffer message)
    {
        counters.requestsRefused.increment();
        send(connectionId, MessageType.RESULT, resultEncoder.wrapFrame(frame, 0).id(messageId)
            .value(message, 0, message.capacity()).error(code, 0, code.capacity()).infoNil().finishFrame());
    }

    private boolean sendData(final long connectionId, final ACell cell)
    {
        final DirectBuffer encoding = encoding(cell);
        return send(connectionId, MessageType.DATA,
            dataEncoder.wrapFrame(frame, 0).cell(encoding, 0, encoding.capacity()).finishFrame());
    }

    private boolean send(final long connectionId, final int type, final int frameLength)
    {
        if (frameLength < 0 || transport.send(connectionId, type, frame, 0, frameLength) < 0)
        {
            counters.sendsFailed.increment();
            return false;
        }
        return true;
    }

    /** @return the cell's encoding in {@link #cellView}, valid until the next call; nil for null. */
    private DirectBuffer encoding(final ACell cell)
    {
        if (null == cell)
        {
            return NIL;
        }
        cellView.wrap(cell.getEncoding().getBytes());
        return cellView;
    }

    private static Blob blob(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return Blob.wrap(bytes);
    }

    private static boolean isNil(final Blob encoding)
    {
        return encoding.count() == 1 && encoding.byteAt(0) == CellDescriptor.TAG_NULL;
    }

    private static DirectBuffer string(final String text)
    {
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[text.getBytes(StandardCharsets.UTF_8).length + 16]);
        return new UnsafeBuffer(scratch.byteArray(), 0, CellEncoder.writeString(scratch, 0, text));
    }

    /** A link this peer opened, with the key of the peer at its other end. */
    static final class Link
    {
        final PeerLink link;
        final AccountKey peerKey;

        Link(final PeerLink link, final AccountKey peerKey)
        {
            this.link = link;
            this.peerKey = peerKey;
        }
    }

    /** A cell or belief that lacked a cell when it came, kept to retry. */
    private static final class Pending
    {
        final long connectionId;
        final Blob encoding;
        final boolean fromPeer;
        final long sinceNs;
        /** The cell it lacked when last tried. */
        Hash missing;

        Pending(final long connectionId, final Blob encoding, final boolean fromPeer, final long sinceNs)
        {
            this.connectionId = connectionId;
            this.encoding = encoding;
            this.fromPeer = fromPeer;
            this.sinceNs = sinceNs;
        }
    }

    /**
     * The results the engine reports during {@link CvmEngine#update}, kept until the agent sends them. Owned by the
     * CVM thread.
     */
    static final class TransactionResults implements CvmEngine.TransactionResultHandler
    {
        private final LongArrayList tokens = new LongArrayList();
        private final ArrayList<Result> results = new ArrayList<>();

        @Override
        public void onTransactionResult(final long token, final Result result)
        {
            tokens.addLong(token);
            results.add(result);
        }

        int size()
        {
            return tokens.size();
        }

        void clear()
        {
            tokens.clear();
            results.clear();
        }
    }
}
