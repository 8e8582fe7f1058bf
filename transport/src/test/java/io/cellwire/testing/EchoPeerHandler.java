package io.cellwire.testing;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.node.Node;
import io.cellwire.node.NodeStatus;
import io.cellwire.node.PeerHandler;
import io.cellwire.node.PeerSession;
import io.cellwire.node.Transaction;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The application the node tests run behind the protocol: a QUERY is answered with its own form, an admitted
 * TRANSACT with its sequence number, and each admitted transaction moves the node's STATUS to a new state hash (the
 * value ID of the lane's count of transactions). A QUERY with the id {@link #THROWING_QUERY_ID} makes it throw, as an
 * application with a bug would. One instance per lane, owned by that lane's thread.
 */
public final class EchoPeerHandler implements PeerHandler
{
    /** The id of a QUERY this handler throws on: negative, so no client numbering its requests from 1 meets it. */
    public static final long THROWING_QUERY_ID = -666_666;
    /** The message of what it throws. */
    public static final String THROWN_MESSAGE = "the application fails on query " + THROWING_QUERY_ID;

    private static final int LONG_CELL_LENGTH = 1 + 10;

    private final UnsafeBuffer value = new UnsafeBuffer(new byte[LONG_CELL_LENGTH]);
    private final UnsafeBuffer form = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer stateHash = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
    private final ValueIdDigest digest = new ValueIdDigest();
    private final NodeStatus status;
    private long admitted;

    private EchoPeerHandler(final NodeStatus status)
    {
        this.status = status;
    }

    /**
     * A node context whose lanes run this handler; tests configure the rest.
     *
     * @return the context.
     */
    public static Node.Context nodeContext()
    {
        return new Node.Context().handlerFactory((lane, status) -> new EchoPeerHandler(status));
    }

    @Override
    public void onQuery(final QueryDecoder query, final PeerSession session)
    {
        if (query.id() == THROWING_QUERY_ID)
        {
            throw new IllegalStateException(THROWN_MESSAGE);
        }
        if (query.formIsRef())
        {
            session.resultRef(query.id(), query.buffer(), query.formOffset());
            return;
        }
        query.wrapForm(form);
        session.result(query.id(), form, 0, form.capacity());
    }

    @Override
    public void onTransact(final Transaction transaction, final PeerSession session)
    {
        session.result(transaction.id(), value, 0, CellEncoder.writeLong(value, 0, transaction.sequence()));
        digest.valueId(value, 0, CellEncoder.writeLong(value, 0, ++admitted), stateHash, 0);
        status.update(stateHash, 0, stateHash, 0, stateHash, 0);
    }
}
