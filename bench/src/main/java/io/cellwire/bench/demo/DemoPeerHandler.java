package io.cellwire.bench.demo;

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
 * The demo application behind {@code cellwire node}: a QUERY is answered with its own form (an echo, so the load is the
 * transport's, not an interpreter's), an admitted TRANSACT with its sequence number, and each admitted transaction
 * changes the node's state, so the STATUS answer changes with it (states and consensus hash = value ID of the count
 * of admitted transactions). BELIEFs are validated, deduplicated and counted by the node itself.
 * <p>
 * One instance per lane, owned by that lane's thread; a QUERY allocates nothing.
 */
public final class DemoPeerHandler implements PeerHandler
{
    private static final int LONG_CELL_LENGTH = 1 + 10;

    private final NodeStatus status;
    private final ValueIdDigest digest = new ValueIdDigest();
    private final UnsafeBuffer value = new UnsafeBuffer(new byte[LONG_CELL_LENGTH]);
    private final UnsafeBuffer stateHash = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
    private final UnsafeBuffer form = new UnsafeBuffer(new byte[0]);
    private long admitted;

    /**
     * A node context whose lanes run the demo application; callers configure the rest.
     *
     * @return the context.
     */
    public static Node.Context nodeContext()
    {
        return new Node.Context().handlerFactory((lane, status) -> new DemoPeerHandler(status));
    }

    /**
     * A handler for one lane.
     *
     * @param status the node's status, updated on each admitted transaction.
     */
    public DemoPeerHandler(final NodeStatus status)
    {
        this.status = status;
    }

    @Override
    public void onQuery(final QueryDecoder query, final PeerSession session)
    {
        if (query.formIsRef())
        {
            session.resultRef(query.id(), query.buffer(), query.formOffset());
        }
        else
        {
            query.wrapForm(form);
            session.result(query.id(), form, 0, form.capacity());
        }
    }

    @Override
    public void onTransact(final Transaction transaction, final PeerSession session)
    {
        final int length = CellEncoder.writeLong(value, 0, transaction.sequence());
        session.result(transaction.id(), value, 0, length);
        admitted++;
        final int countLength = CellEncoder.writeLong(value, 0, admitted);
        digest.valueId(value, 0, countLength, stateHash, 0);
        status.update(stateHash, 0, stateHash, 0, stateHash, 0);
    }
}
