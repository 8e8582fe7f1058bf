package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.RefList;
import io.cellwire.codec.Vlc;
import io.cellwire.codec.message.BeliefDecoder;
import io.cellwire.codec.message.ChallengeDecoder;
import io.cellwire.codec.message.CommandDecoder;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.GoodbyeDecoder;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.MissingDataEncoder;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResponseDecoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.codec.message.ResultEncoder;
import io.cellwire.codec.message.StatusDecoder;
import io.cellwire.codec.message.TransactDecoder;
import io.cellwire.store.CellStore;
import io.cellwire.store.DependencyResolver;
import io.cellwire.store.MissingDataRequests;
import io.cellwire.store.ParkedMessages;
import io.cellwire.transport.Connection;
import io.cellwire.transport.LaneSession;
import io.cellwire.transport.SendResult;
import io.cellwire.transport.ThreadingMode;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;


/**
 * A node's protocol rules on one handler lane: every frame the lane decodes comes here, and only what passes the
 * rules reaches the application's {@link PeerHandler}.
 * <ul>
 *   <li><b>Refs:</b> a QUERY, TRANSACT or BELIEF whose refs are not all in the lane's {@link CellStore} is parked
 *   ({@link ParkedMessages}: bounded count and bytes, a timeout), and so is any later one from the same connection,
 *   so each connection's messages resume in the order they came. MISSING_DATA goes out for each missing ID and
 *   connection, again after each retry interval while the cell is still missing ({@link MissingDataRequests}). Parked
 *   messages are retried, oldest first, on the duty cycle after DATA arrives and once per retry interval. A message
 *   that cannot be parked is answered {@code :LOAD} (QUERY, TRANSACT) or dropped (BELIEF); one whose deadline passes
 *   is answered {@code :MISSING} (QUERY, TRANSACT) or dropped (BELIEF); all counted.</li>
 *   <li><b>Store:</b> DATA from a trusted connection goes into the store's trusted region, the rest into its ordinary
 *   region; when a message parks, the cells of it that have arrived move to the kept region. Each region evicts only
 *   its own oldest, so an untrusted DATA flood cannot push out a trusted peer's cells or a parked message's.</li>
 *   <li><b>TRANSACT:</b> the SignedData's signature must verify, on the verifier stage ({@code :SIGNATURE}
 *   "Bad Signature!"; {@code :LOAD} when the connection's share of the stage is taken), the value must
 *   be a transaction ({@code :FORMAT}), and the {@link AccountTable} must admit its origin key and sequence
 *   ({@code :SIGNATURE}, {@code :SEQUENCE}; {@code :NOBODY} for an origin a full table has no room for) before the
 *   application sees it.</li>
 *   <li><b>BELIEF:</b> one accepted recently or awaiting its verdict (the same SignedData, by value ID) is ignored;
 *   a bad signature or a value that is not a Belief closes the connection; the rest reach the application, with
 *   their refs resolved as for QUERY unless {@link Node.Context#beliefRefsResolved(boolean)} is off. Each distinct SignedData is
 *   verified once: a belief parked for its refs and retried, or sent again, is not verified again.</li>
 *   <li><b>STATUS</b> is answered at once from the {@link StatusAnswer} cache, rebuilt when {@link NodeStatus}
 *   changes. <b>MISSING_DATA</b> is answered with DATA from the store, or counted unknown and handed to the
 *   application.</li>
 *   <li><b>Trust:</b> a CHALLENGE is checked by the lane's {@link TrustKeeper} and, if addressed to this node,
 *   verified and answered on the verifier stage; RESPONSE goes to the TrustKeeper, which on lane 0 also looks after
 *   the node's peer links.</li>
 *   <li><b>GOODBYE</b> closes the connection.</li>
 * </ul>
 * <b>Signatures.</b> A TRANSACT or BELIEF whose SignedData this lane has not verified yet, and every CHALLENGE, goes
 * to the {@link VerifierStage}, whose workers run on threads of their own, and comes back with its verdict (for a
 * CHALLENGE, the signed RESPONSE); at most {@link Node.Context#verifierShare()} messages of one connection are in the
 * stage at once. BouncyCastle's allocation and its 46–110 µs per verify are therefore never on the lane or the poller
 * for anything a peer sends. Only the links this node makes sign a CHALLENGE and verify its RESPONSE on lane 0, once
 * per connect ({@link TrustKeeper}).
 * <p>
 * Owned by its lane's thread (the poller's in {@link ThreadingMode#SHARED}); what it does per message allocates
 * nothing, except lane 0's signing and verifying for its own links.
 */
final class PeerLane implements MessageHandler, Agent, PeerSession, ControlledMessageHandler
{
    private static final int HASH = CellDescriptor.VALUE_ID_LENGTH;
    private static final int NO_RETRY = -1;
    /** Stands for the id of a parked payload that no longer decodes (it was validated when parked, so never). */
    private static final long NO_ID = Long.MIN_VALUE;
    /** No connection stands in for the current frame's: the frame is the lane session's, or a parked one. */
    private static final long NO_CONNECTION = Long.MIN_VALUE;
    /** Verdicts a lane takes from each verifier worker per duty cycle. */
    private static final int VERDICT_LIMIT = 64;

    private final int lane;
    private final LaneSession laneSession;
    private final PeerHandler handler;
    private final ErrorHandler errorHandler;
    private final AccountTable accounts;
    private final NodeCounters counters;

    private final CellWalker walker = new CellWalker();
    private final MessageDispatcher dispatcher = new MessageDispatcher(walker);
    private final Ed25519Signer signer = new Ed25519Signer();
    private final Handshake handshake;
    private final TrustKeeper trust;
    private final StatusAnswer statusAnswer;
    private final UnsafeBuffer valueId = new UnsafeBuffer(new byte[HASH]);
    private final ResultEncoder resultEncoder = new ResultEncoder();
    private final MissingDataEncoder missingDataEncoder = new MissingDataEncoder();
    private final CellStore store;
    private final DependencyResolver resolver;
    private final ParkedMessages parked;
    private final RecentIds recentBeliefs;
    private final RecentIds verifiedBeliefs;
    private final RecentIds verifiedTransactions;
    private final VerifierStage verifier;
    private final Long2LongHashMap inVerifier = new Long2LongHashMap(0);
    private final LongHashSet beliefsInVerifier = new LongHashSet();
    private final int verifierShare;
    private final boolean beliefRefsResolved;
    private final UnsafeBuffer signedId = new UnsafeBuffer(new byte[HASH]);
    private final TransactDecoder refusedTransact = new TransactDecoder(walker);
    private final MissingDataRequests requested;
    private final ParkedMessages.ExpiryHandler onExpired = this::onExpired;
    private final QueryDecoder expiredQuery = new QueryDecoder(walker);
    private final TransactDecoder expiredTransact = new TransactDecoder(walker);
    private final long retryIntervalNs;
    private final Transaction transaction = new Transaction();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);

    private int retrySlot = NO_RETRY;
    private long verdictConnectionId = NO_CONNECTION;
    private boolean stillMissing;
    private boolean dataArrived;
    private long nowNs;
    private long nextRetryNs;
    private long evictedCounted;

    PeerLane(
        final LaneSession laneSession,
        final Node.Context context,
        final NodeStatus status,
        final NodeCounters counters,
        final ManyToOneConcurrentArrayQueue<PeerLink> newLinks,
        final VerifierStage verifier)
    {
        this.verifier = verifier;
        verifierShare = context.verifierShare();
        beliefRefsResolved = context.beliefRefsResolved();
        this.lane = laneSession.lane();
        this.laneSession = laneSession;
        this.counters = counters;
        accounts = context.accountTable();
        signer.loadKey(new UnsafeBuffer(context.keySeed()), 0);
        handshake = new Handshake(signer);
        trust = new TrustKeeper(laneSession, handshake, counters, newLinks, context);
        store = new CellStore(context.storeCapacityBytes(), context.storeMaxEntries());
        statusAnswer = new StatusAnswer(status, store);
        resolver = new DependencyResolver(store, DependencyResolver.DEFAULT_MAX_IDS);
        nowNs = System.nanoTime();
        parked = new ParkedMessages(
            context.maxParkedMessages(), context.maxParkedPerConnection(), context.maxParkedBytes(),
            context.parkTimeoutNs(), nowNs);
        recentBeliefs = new RecentIds(context.recentBeliefs());
        verifiedBeliefs = new RecentIds(context.recentBeliefs());
        verifiedTransactions = new RecentIds(context.recentBeliefs());
        retryIntervalNs = context.missingDataRetryNs();
        requested = new MissingDataRequests(MissingDataRequests.DEFAULT_CAPACITY, retryIntervalNs);
        handler = context.handlerFactory().create(lane, status);
        errorHandler = context.transport().errorHandler();
    }

    @Override
    public int doWork()
    {
        nowNs = System.nanoTime();
        final int expired = parked.expire(nowNs, onExpired);
        if (expired > 0)
        {
            counters.parkedExpired.getAndAdd(expired);
            clearRequestedIfIdle();
        }
        int work = expired + verifier.pollVerdicts(lane, this, VERDICT_LIMIT);
        if (parked.count() > 0 && (dataArrived || nowNs - nextRetryNs >= 0))
        {
            work += retryParked();
        }
        dataArrived = false;
        if (lane == 0)
        {
            work += trust.doWork(nowNs);
        }
        return work;
    }

    @Override
    public void onClose()
    {
        store.close();
    }

    @Override
    public String roleName()
    {
        return "cellwire-peer-lane-" + lane;
    }

    // ---------------------------------------------------------------- messages

    @Override
    public void onQuery(final QueryDecoder query)
    {
        if (!resolved(query.refs(), MessageType.QUERY, query.buffer(), query.offset(), query.length(), query.id()))
        {
            return;
        }
        counters.queries.increment();
        handler.onQuery(query, this);
    }

    @Override
    public void onTransact(final TransactDecoder decoder)
    {
        final long id = decoder.id();
        if (!resolved(decoder.refs(), MessageType.TRANSACT, decoder.buffer(), decoder.offset(), decoder.length(), id))
        {
            return;
        }
        final DirectBuffer cells = store.buffer();
        final int signed = store.find(decoder.buffer(), decoder.transactionOffset());
        final int signedLength = store.cellLength(signed);
        if ((cells.getByte(signed) & 0xff) != CellDescriptor.TAG_SIGNED_DATA)
        {
            counters.transactionsBadFormat.increment();
            error(id, ResultErrors.FORMAT, ResultErrors.FORMAT_MESSAGE);
            return;
        }
        final long key = signedDataKey(cells, signed, signedLength);
        if (!verifiedTransactions.contains(key))
        {
            toVerifier(MessageType.TRANSACT, key, decoder.buffer(), decoder.offset(), decoder.length(), cells, signed,
                signedLength, id);
            return;
        }
        final int slot = signed + CellDescriptor.SIGNED_DATA_HEADER_LENGTH;
        final int tx = MessageFields.isRef(cells, slot) ? store.find(cells, slot + 1) : slot;
        final int txLength = tx == slot ? signedLength - CellDescriptor.SIGNED_DATA_HEADER_LENGTH : store.cellLength(tx);
        final int tag = cells.getByte(tx) & 0xff;
        if (tag != CellDescriptor.TAG_INVOKE && tag != CellDescriptor.TAG_TRANSFER && tag != CellDescriptor.TAG_CALL)
        {
            counters.transactionsBadFormat.increment();
            error(id, ResultErrors.FORMAT, ResultErrors.FORMAT_MESSAGE);
            return;
        }
        final int originLength = Vlc.length(cells, tx + 1, tx + txLength);
        final long origin = Vlc.value(cells, tx + 1);
        final long sequence = Vlc.value(cells, tx + 1 + originLength);
        final int admitted = accounts.admit(origin, cells, signed + 1, sequence);
        if (admitted == AccountTable.WRONG_KEY)
        {
            counters.transactionsWrongKey.increment();
            error(id, ResultErrors.SIGNATURE, ResultErrors.WRONG_KEY_MESSAGE);
            return;
        }
        if (admitted == AccountTable.NO_ROOM)
        {
            counters.transactionsNoAccount.increment();
            error(id, ResultErrors.NOBODY, ResultErrors.NOBODY_MESSAGE);
            return;
        }
        if (admitted == AccountTable.USED_SEQUENCE)
        {
            counters.transactionsUsedSequence.increment();
            error(id, ResultErrors.SEQUENCE, ResultErrors.SEQUENCE_MESSAGE);
            return;
        }
        counters.transactionsAdmitted.increment();
        handler.onTransact(
            transaction.wrap(id, cells, signed, signedLength, cells, tx, txLength, origin, sequence), this);
    }

    @Override
    public void onBelief(final BeliefDecoder belief)
    {
        final long key = signedDataKey(belief.buffer(), belief.beliefOffset(), belief.beliefLength());
        if (recentBeliefs.contains(key) || beliefsInVerifier.contains(key))
        {
            counters.beliefsDuplicate.increment();
            return;
        }
        if (!verifiedBeliefs.contains(key))
        {
            toVerifier(MessageType.BELIEF, key, belief.buffer(), belief.offset(), belief.length(), belief.buffer(),
                belief.beliefOffset(), belief.beliefLength(), 0);
            return;
        }
        if (beliefRefsResolved &&
            !resolved(belief.refs(), MessageType.BELIEF, belief.buffer(), belief.offset(), belief.length(), 0))
        {
            return;
        }
        final int value = belief.beliefValueIsRef() ?
            store.find(belief.buffer(), belief.beliefValueOffset()) : belief.beliefValueOffset();
        final DirectBuffer valueBuffer = belief.beliefValueIsRef() ? store.buffer() : belief.buffer();
        // with refs left to the application, a value not in the store yet is its application's to check
        if (value != CellStore.NOT_FOUND && (valueBuffer.getByte(value) & 0xff) != CellDescriptor.TAG_BELIEF)
        {
            counters.beliefsInvalid.increment();
            laneSession.close(connectionId());
            return;
        }
        recentBeliefs.add(key);
        counters.beliefsAccepted.increment();
        handler.onBelief(belief, this);
    }

    @Override
    public void onData(final DataDecoder data)
    {
        if (isTrusted())
        {
            store.putTrusted(data.buffer(), data.cellOffset(), data.cellLength());
        }
        else
        {
            store.put(data.buffer(), data.cellOffset(), data.cellLength());
        }
        counters.dataStored.increment();
        countEvictions();
        dataArrived = true;
        handler.onData(data, this);
    }

    @Override
    public void onMissingData(final MissingDataDecoder missing)
    {
        final int cell = store.find(missing.buffer(), missing.valueIdOffset());
        if (cell == CellStore.NOT_FOUND)
        {
            counters.missingDataUnknown.increment();
            handler.onMissingData(missing, this);
            return;
        }
        if (sendData(connectionId(), store.buffer(), cell, store.cellLength(cell)) > 0)
        {
            counters.missingDataAnswered.increment();
        }
    }

    @Override
    public void onStatus(final StatusDecoder decoder)
    {
        statusAnswer.refresh();
        final long connectionId = connectionId();
        if (laneSession.send(
            connectionId, MessageType.DATA, statusAnswer.dataFrame(), 0, statusAnswer.dataFrameLength()) < 0)
        {
            counters.repliesLost.increment();
            return;
        }
        final int length = resultEncoder.wrapFrame(frame, 0).id(decoder.id()).valueRef(statusAnswer.valueId(), 0).errorNil()
            .infoNil().finishFrame();
        if (laneSession.send(connectionId, MessageType.RESULT, frame, 0, length) > 0)
        {
            counters.statusAnswered.increment();
        }
        else
        {
            counters.repliesLost.increment();
        }
    }

    @Override
    public void onChallenge(final ChallengeDecoder challenge)
    {
        if (trust.prepareResponse(challenge))
        {
            toVerifier(MessageType.CHALLENGE, 0, trust.responseHashes(), 0, Handshake.RESPONSE_HASHES_LENGTH,
                challenge.buffer(), challenge.challengeOffset(), challenge.challengeLength(), 0);
        }
    }

    @Override
    public void onResponse(final ResponseDecoder response)
    {
        trust.onResponse(response, connectionId());
    }

    @Override
    public void onGoodbye(final GoodbyeDecoder goodbye)
    {
        counters.goodbyes.increment();
        laneSession.close(connectionId());
    }

    @Override
    public void onResult(final ResultDecoder result)
    {
        counters.ignored.increment();
    }

    @Override
    public void onCommand(final CommandDecoder command)
    {
        counters.ignored.increment();
    }

    // ---------------------------------------------------------------- PeerSession

    @Override
    public long connectionId()
    {
        if (verdictConnectionId != NO_CONNECTION)
        {
            return verdictConnectionId;
        }
        return retrySlot == NO_RETRY ? laneSession.connectionId() : parked.owner(retrySlot);
    }

    @Override
    public boolean isTrusted()
    {
        final Connection connection = laneSession.connection(connectionId());
        return connection != null && connection.isPrioritized();
    }

    @Override
    public long result(final long id, final DirectBuffer value, final int offset, final int length)
    {
        if (length < 1 || length > CellDescriptor.MAX_FRAMED_CELL_LENGTH)
        {
            return SendResult.MAX_FRAME_EXCEEDED;
        }
        if (CellWalker.isEmbedded(value.getByte(offset) & 0xff, length))
        {
            return sendResult(resultEncoder.wrapFrame(frame, 0).id(id).value(value, offset, length).errorNil()
                .infoNil().finishFrame());
        }
        final long sent = sendData(connectionId(), value, offset, length);
        if (sent < 0)
        {
            return sent;
        }
        handshake.valueId(value, offset, length, valueId, 0);
        return resultRef(id, valueId, 0);
    }

    @Override
    public long resultRef(final long id, final DirectBuffer valueId, final int valueIdOffset)
    {
        return sendResult(resultEncoder.wrapFrame(frame, 0).id(id).valueRef(valueId, valueIdOffset).errorNil()
            .infoNil().finishFrame());
    }

    @Override
    public long error(final long id, final DirectBuffer code, final DirectBuffer message)
    {
        return sendResult(resultEncoder.wrapFrame(frame, 0).id(id).value(message, 0, message.capacity())
            .error(code, 0, code.capacity()).infoNil().finishFrame());
    }

    // ---------------------------------------------------------------- internals

    private long sendResult(final int length)
    {
        final long sent = laneSession.send(connectionId(), MessageType.RESULT, frame, 0, length);
        if (sent < 0)
        {
            counters.repliesLost.increment();
        }
        return sent;
    }

    private long sendData(final long connectionId, final DirectBuffer cell, final int offset, final int length)
    {
        final int header = FrameHeader.write(frame, 0, length + 1, MessageType.DATA);
        frame.putBytes(header, cell, offset, length);
        final long sent = laneSession.send(connectionId, MessageType.DATA, frame, 0, header + length);
        if (sent < 0)
        {
            counters.repliesLost.increment();
        }
        return sent;
    }

    /**
     * Whether a message may go on now: every ref is in the store and no earlier message of its connection is parked.
     * If not, parks it (or, while retrying a parked one, keeps it parked) and asks for what is missing.
     */
    private boolean resolved(
        final RefList refs,
        final int type,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long id)
    {
        final boolean behindParked = retrySlot == NO_RETRY && parked.count() > 0 && parked.countOf(connectionId()) > 0;
        if (refs.count() == 0 && !behindParked)
        {
            return true;
        }
        final int missing = refs.count() == 0 ? 0 : resolver.resolve(refs);
        if (missing == 0 && !behindParked)
        {
            return true;
        }
        if (missing < 0)
        {
            counters.resolveErrors.increment();
            laneSession.close(connectionId());
            stillMissing = false;
            return false;
        }
        if (retrySlot != NO_RETRY)
        {
            stillMissing = true;
        }
        else if (parked.park(connectionId(), type, buffer, offset, length, nowNs) == ParkedMessages.FULL)
        {
            counters.parkedRejected.increment();
            if (type != MessageType.BELIEF)
            {
                error(id, ResultErrors.LOAD, ResultErrors.LOAD_MESSAGE);
            }
            return false;
        }
        else
        {
            counters.parked.increment();
            counters.parkedBytes[lane].setRelease(parked.bytes());
        }
        final int kept = refs.count() > 0 ? resolver.keepFound() : 0;
        if (kept > 0)
        {
            counters.cellsKept.getAndAdd(kept);
            countEvictions();
        }
        if (missing > 0)
        {
            requestMissing(connectionId());
        }
        return false;
    }

    private void countEvictions()
    {
        final long evicted = store.evictedCount();
        if (evicted != evictedCounted)
        {
            counters.cellsEvicted.getAndAdd(evicted - evictedCounted);
            evictedCounted = evicted;
        }
        counters.storeBytes[lane].setRelease(store.bytesInUse());
    }

    private void requestMissing(final long connectionId)
    {
        final DirectBuffer ids = resolver.missingIds();
        for (int i = 0; i < resolver.missingCount(); i++)
        {
            final int at = i * HASH;
            if (!requested.shouldRequest(ids, at, connectionId, nowNs))
            {
                continue;
            }
            final int length = missingDataEncoder.wrapFrame(frame, 0).valueId(ids, at).finishFrame();
            if (laneSession.send(connectionId, MessageType.MISSING_DATA, frame, 0, length) > 0)
            {
                counters.missingDataSent.increment();
            }
        }
    }

    /**
     * Retries the parked messages oldest first; a message waits while an earlier one of its connection is still
     * parked, so each connection's messages resume in the order they came.
     */
    private int retryParked()
    {
        nextRetryNs = nowNs + retryIntervalNs;
        int resumed = 0;
        int i = 0;
        while (i < parked.count())
        {
            final int slot = parked.slotAt(i);
            if (parked.oldestOf(parked.owner(slot)) != slot)
            {
                i++;
                continue;
            }
            retrySlot = slot;
            stillMissing = false;
            final boolean handled = dispatchGuarded(
                parked.type(slot), parked.buffer(), parked.offset(slot), parked.length(slot), parked.owner(slot));
            retrySlot = NO_RETRY;
            if (handled && stillMissing)
            {
                i++;
            }
            else
            {
                parked.remove(slot);
                counters.parkedResumed.increment();
                resumed++;
            }
        }
        clearRequestedIfIdle();
        return resumed;
    }

    /**
     * Hands a message whose SignedData has not been verified yet to the verifier stage, unless its connection already
     * has its share of the stage in flight or the worker's ring is full: then a TRANSACT is answered {@code :LOAD}
     * and a BELIEF or CHALLENGE dropped, counted. The message comes back with its verdict ({@link #onMessage}).
     */
    private void toVerifier(
        final int type,
        final long key,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final DirectBuffer signedBuffer,
        final int signedOffset,
        final int signedLength,
        final long id)
    {
        final long connectionId = connectionId();
        final long queued = inVerifier.get(connectionId);
        if (queued >= verifierShare || !verifier.submit(lane, type, connectionId, key, payload, payloadOffset,
            payloadLength, signedBuffer, signedOffset, signedLength))
        {
            counters.verificationsRefused.increment();
            if (type == MessageType.TRANSACT)
            {
                error(id, ResultErrors.LOAD, ResultErrors.LOAD_MESSAGE);
            }
            return;
        }
        inVerifier.put(connectionId, queued + 1);
        if (type == MessageType.BELIEF)
        {
            beliefsInVerifier.add(key);
        }
    }

    /**
     * A verdict from the verifier stage: a valid SignedData is remembered as verified and its message dispatched
     * again as if it had just arrived from its connection (so it takes its place behind any parked message of that
     * connection); an invalid one gets {@code :SIGNATURE} (TRANSACT) or closes its connection (BELIEF).
     */
    @Override
    public Action onMessage(final int type, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long connectionId = buffer.getLong(index + VerifierStage.CONNECTION_ID_OFFSET);
        final long key = buffer.getLong(index + VerifierStage.KEY_OFFSET);
        final int payload = index + VerifierStage.PAYLOAD_OFFSET;
        final int payloadLength = buffer.getInt(index + VerifierStage.PAYLOAD_LENGTH_OFFSET);
        final long queued = inVerifier.get(connectionId) - 1;
        if (queued <= 0)
        {
            inVerifier.remove(connectionId);
        }
        else
        {
            inVerifier.put(connectionId, queued);
        }
        if (type == MessageType.BELIEF)
        {
            beliefsInVerifier.remove(key);
        }
        final boolean valid = buffer.getInt(index + VerifierStage.VERDICT_OFFSET) == VerifierStage.VALID;
        if (type == MessageType.CHALLENGE)
        {
            answerChallenge(connectionId, valid, buffer, payload, payloadLength);
            return Action.CONTINUE;
        }
        verdictConnectionId = connectionId;
        try
        {
            if (valid)
            {
                (type == MessageType.BELIEF ? verifiedBeliefs : verifiedTransactions).add(key);
                dispatchGuarded(type, buffer, payload, payloadLength, connectionId);
            }
            else if (type == MessageType.BELIEF)
            {
                counters.beliefsBadSignature.increment();
                laneSession.close(connectionId);
            }
            else if (refusedTransact.wrap(buffer, payload, payloadLength) >= 0)
            {
                counters.transactionsBadSignature.increment();
                error(refusedTransact.id(), ResultErrors.SIGNATURE, ResultErrors.BAD_SIGNATURE_MESSAGE);
            }
        }
        finally
        {
            verdictConnectionId = NO_CONNECTION;
        }
        return Action.CONTINUE;
    }

    /** Sends the RESPONSE the verifier signed for a valid CHALLENGE; counts an invalid one rejected. */
    private void answerChallenge(
        final long connectionId, final boolean valid, final DirectBuffer buffer, final int frame, final int length)
    {
        if (!valid)
        {
            counters.challengesRejected.increment();
        }
        else if (laneSession.send(connectionId, MessageType.RESPONSE, buffer, frame, length) > 0)
        {
            counters.challengesAnswered.increment();
        }
        else
        {
            counters.repliesLost.increment();
        }
    }

    /**
     * Dispatches a message the lane resumes itself (a parked one, or one back from the verifier) rather than one the
     * transport's lane hands in: an exception from the application is what {@code HandlerLane} makes of one, counted,
     * reported to the error handler, and the connection closed, so the lane's duty cycle goes on.
     *
     * @return false if the application threw.
     */
    private boolean dispatchGuarded(
        final int type, final DirectBuffer buffer, final int offset, final int length, final long connectionId)
    {
        try
        {
            dispatcher.dispatch(type, buffer, offset, length, this);
            return true;
        }
        catch (final RuntimeException ex)
        {
            counters.handlerErrors.increment();
            laneSession.close(connectionId);
            errorHandler.onError(ex);
            return false;
        }
    }

    /** The key a SignedData is remembered by: the first 16 bytes of its value ID, folded. */
    private long signedDataKey(final DirectBuffer buffer, final int offset, final int length)
    {
        handshake.valueId(buffer, offset, length, signedId, 0);
        return signedId.getLong(0) ^ Long.rotateLeft(signedId.getLong(Long.BYTES), 31);
    }

    /** A parked QUERY or TRANSACT whose refs did not arrive in time is answered {@code :MISSING}; a BELIEF dropped. */
    private void onExpired(final ParkedMessages parking, final int slot)
    {
        final long id;
        switch (parking.type(slot))
        {
            case MessageType.QUERY:
                id = expiredQuery.wrap(parking.buffer(), parking.offset(slot), parking.length(slot)) < 0 ?
                    NO_ID : expiredQuery.id();
                break;
            case MessageType.TRANSACT:
                id = expiredTransact.wrap(parking.buffer(), parking.offset(slot), parking.length(slot)) < 0 ?
                    NO_ID : expiredTransact.id();
                break;
            default:
                return;
        }
        if (id != NO_ID)
        {
            retrySlot = slot;
            error(id, ResultErrors.MISSING, ResultErrors.MISSING_MESSAGE);
            retrySlot = NO_RETRY;
        }
    }

    private void clearRequestedIfIdle()
    {
        counters.parkedBytes[lane].setRelease(parked.bytes());
        if (parked.count() == 0)
        {
            requested.clear();
        }
    }


}
