package io.cellwire.bench.convex;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.message.BeliefDecoder;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.node.PeerHandler;
import io.cellwire.node.PeerSession;
import io.cellwire.node.ResultErrors;
import io.cellwire.node.Transaction;
import io.cellwire.transport.ThreadWaker;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * The Convex peer on one handler lane: copies each QUERY, admitted TRANSACT, BELIEF, DATA and MISSING_DATA for a cell
 * the lane's store lacks, with its connection, into the lane's ring to the CVM thread ({@link CvmRingDescriptor}),
 * and never runs the CVM itself. When the ring is full, or the connection's share of it ({@link CvmRingShares}: a
 * connection that is not a trusted link may have at most that many bytes in the ring) is taken, a QUERY or TRANSACT
 * is answered {@code :LOAD} at once and anything else is dropped (a peer's belief comes again, rebroadcast, and its
 * cells can be asked for), each counted.
 * <p>
 * Owned by its lane's thread (the poller's in the default shared threading mode), the ring's only producer; it
 * allocates nothing.
 */
public final class CvmLaneHandler implements PeerHandler
{
    private final OneToOneRingBuffer ring;
    private final CvmRingShares shares;
    private final ConvexPeerCounters counters;
    private final ThreadWaker cvmWaker;

    /**
     * A handler writing to its lane's ring.
     *
     * @param ring     the lane's ring, whose only consumer is the CVM thread.
     * @param shares   each connection's bytes in the ring, which the CVM thread credits as it reads.
     * @param counters where ring-full drops and :LOAD answers are counted.
     * @param cvmWaker wakes the CVM thread after each record, so a sequential request does not wait out its park.
     */
    CvmLaneHandler(
        final OneToOneRingBuffer ring,
        final CvmRingShares shares,
        final ConvexPeerCounters counters,
        final ThreadWaker cvmWaker)
    {
        this.cvmWaker = cvmWaker;
        this.ring = ring;
        this.shares = shares;
        this.counters = counters;
    }

    @Override
    public void onQuery(final QueryDecoder query, final PeerSession session)
    {
        final int flags = flags(session) | (query.formIsRef() ? CvmRingDescriptor.FLAG_FORM_IS_REF : 0);
        final int index = claim(MessageType.QUERY, session, query.id(), query.address(), flags, query.formLength(), 0);
        if (index < 0)
        {
            counters.queriesShed.increment();
            session.error(query.id(), ResultErrors.LOAD, ResultErrors.LOAD_MESSAGE);
            return;
        }
        ring.buffer().putBytes(index + CvmRingDescriptor.HEADER_LENGTH, query.buffer(), query.formOffset(),
            query.formLength());
        commit(index);
    }

    @Override
    public void onTransact(final Transaction transaction, final PeerSession session)
    {
        final DirectBuffer signed = transaction.signedBuffer();
        final int signedOffset = transaction.signedOffset();
        final int signedLength = transaction.signedLength();
        // the transaction cell travels with its SignedData when held by ref, so the CVM can read it whatever DATA did
        final boolean embedded = transaction.buffer() == signed && transaction.offset() >= signedOffset &&
            transaction.offset() < signedOffset + signedLength;
        final int txLength = embedded ? 0 : transaction.length();
        final int index = claim(MessageType.TRANSACT, session, transaction.id(), transaction.origin(),
            flags(session), signedLength, txLength);
        if (index < 0)
        {
            counters.transactsShed.increment();
            session.error(transaction.id(), ResultErrors.LOAD, ResultErrors.LOAD_MESSAGE);
            return;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        final int body = index + CvmRingDescriptor.HEADER_LENGTH;
        buffer.putBytes(body, signed, signedOffset, signedLength);
        if (!embedded)
        {
            buffer.putBytes(body + signedLength, transaction.buffer(), transaction.offset(), txLength);
        }
        commit(index);
    }

    @Override
    public void onBelief(final BeliefDecoder belief, final PeerSession session)
    {
        copy(MessageType.BELIEF, session, belief.buffer(), belief.beliefOffset(), belief.beliefLength(),
            counters.beliefsDropped);
    }

    @Override
    public void onData(final DataDecoder data, final PeerSession session)
    {
        if (!data.cellIsRef())
        {
            copy(MessageType.DATA, session, data.buffer(), data.cellOffset(), data.cellLength(), counters.dataDropped);
        }
    }

    @Override
    public void onMissingData(final MissingDataDecoder missing, final PeerSession session)
    {
        copy(MessageType.MISSING_DATA, session, missing.buffer(), missing.valueIdOffset(),
            CellDescriptor.VALUE_ID_LENGTH, counters.missingDataDropped);
    }

    private void copy(
        final int type,
        final PeerSession session,
        final DirectBuffer bytes,
        final int offset,
        final int length,
        final AtomicCounter dropped)
    {
        final int index = claim(type, session, 0, 0, flags(session), length, 0);
        if (index < 0)
        {
            dropped.increment();
            return;
        }
        ring.buffer().putBytes(index + CvmRingDescriptor.HEADER_LENGTH, bytes, offset, length);
        commit(index);
    }

    /** Claims a record within the connection's share and writes its header; the caller writes the bytes and commits. */
    private int claim(
        final int type,
        final PeerSession session,
        final long messageId,
        final long address,
        final int flags,
        final int firstLength,
        final int secondLength)
    {
        final long connectionId = session.connectionId();
        final int length = CvmRingDescriptor.HEADER_LENGTH + firstLength + secondLength;
        if (!session.isTrusted() && !shares.hasRoom(connectionId, length))
        {
            return -1;
        }
        final int index = ring.tryClaim(type, length);
        if (index >= 0)
        {
            shares.produced(connectionId, length);
            final MutableDirectBuffer buffer = ring.buffer();
            buffer.putLong(index + CvmRingDescriptor.CONNECTION_ID_OFFSET, connectionId);
            buffer.putLong(index + CvmRingDescriptor.MESSAGE_ID_OFFSET, messageId);
            buffer.putLong(index + CvmRingDescriptor.ADDRESS_OFFSET, address);
            buffer.putInt(index + CvmRingDescriptor.FLAGS_OFFSET, flags);
            buffer.putInt(index + CvmRingDescriptor.FIRST_LENGTH_OFFSET, firstLength);
        }
        return index;
    }

    private void commit(final int index)
    {
        ring.commit(index);
        cvmWaker.wake();
    }

    private static int flags(final PeerSession session)
    {
        return session.isTrusted() ? CvmRingDescriptor.FLAG_TRUSTED : 0;
    }
}
