package io.cellwire.node;

import io.cellwire.codec.message.BeliefDecoder;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.QueryDecoder;

/**
 * The application behind a {@link Node}: it sees each message only after the node's protocol rules have passed it —
 * every ref resolved (parked and fetched with MISSING_DATA if needed), a TRANSACT's signature verified and its
 * sequence admitted by the {@link AccountTable}, a BELIEF's signature verified and seen for the first time (its refs
 * resolved too, unless {@link Node.Context#beliefRefsResolved(boolean)} leaves them to an application with a store of
 * its own). STATUS, CHALLENGE, RESPONSE and GOODBYE are the node's own business; MISSING_DATA is, unless the lane's
 * store lacks the cell.
 * <p>
 * Called on a handler lane's thread; one handler instance per lane ({@link Node.Context#handlerFactory}), so an
 * instance needs no locking of its own. The decoders and the session are valid only during the call.
 */
public interface PeerHandler
{
    /**
     * A QUERY; answer it with one of the session's result calls, as a peer SHOULD (docs/wire-format.md §8: best
     * effort).
     *
     * @param query   the decoded query; {@code query.id()} goes into the RESULT.
     * @param session where the query came from and how to answer.
     */
    void onQuery(QueryDecoder query, PeerSession session);

    /**
     * An admitted TRANSACT; answer it with one of the session's result calls.
     *
     * @param transaction the signed transaction, signature and sequence already checked.
     * @param session     where it came from and how to answer.
     */
    void onTransact(Transaction transaction, PeerSession session);

    /**
     * A BELIEF with a valid signature, not seen recently, whose cells are all in the lane's store; or, when the
     * node leaves belief refs to the application, whatever of its cells have arrived.
     *
     * @param belief  the decoded SignedData of the Belief.
     * @param session where it came from.
     */
    default void onBelief(final BeliefDecoder belief, final PeerSession session)
    {
    }

    /**
     * A DATA cell, after the node has stored it.
     *
     * @param data    the decoded cell.
     * @param session where it came from.
     */
    default void onData(final DataDecoder data, final PeerSession session)
    {
    }

    /**
     * A MISSING_DATA for a cell the lane's store does not hold (counted {@code node: missing data unknown}), for an
     * application whose own store may hold it, e.g. the cells of the beliefs it broadcasts.
     *
     * @param missing the decoded request.
     * @param session where it came from.
     */
    default void onMissingData(final MissingDataDecoder missing, final PeerSession session)
    {
    }
}
