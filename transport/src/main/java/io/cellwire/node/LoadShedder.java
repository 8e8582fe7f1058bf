package io.cellwire.node;

import io.cellwire.codec.CellWalker;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.BeliefDecoder;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResultEncoder;
import io.cellwire.codec.message.TransactDecoder;
import io.cellwire.transport.Connection;
import io.cellwire.transport.LaneFullHandler;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The node's {@link LaneFullHandler}: what the poller does with a frame that finds its lane full. A QUERY or
 * TRANSACT is answered at once with RESULT {@code [id "Peer overloaded, try again" :LOAD nil]} (an error that says the
 * failure is temporary, due to load, as docs/wire-format.md §8 allows a peer under high demand; never a silent drop),
 * and a BELIEF is dropped (§8: a peer MAY skip merges under high demand); each is counted. Any other frame is left to
 * wait. The frame is validated as its lane would, so a malformed one still closes its connection.
 * <p>
 * Owned by the poller thread; allocates nothing after construction.
 */
final class LoadShedder implements LaneFullHandler
{
    private final NodeCounters counters;
    private final CellWalker walker = new CellWalker();
    private final QueryDecoder query = new QueryDecoder(walker);
    private final TransactDecoder transact = new TransactDecoder(walker);
    private final BeliefDecoder belief = new BeliefDecoder(walker);
    private final ResultEncoder result = new ResultEncoder();
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);

    LoadShedder(final NodeCounters counters)
    {
        this.counters = counters;
    }

    @Override
    public int onLaneFull(
        final Connection connection,
        final DirectBuffer buffer,
        final int frameOffset,
        final int frameLength,
        final int headerLength,
        final int type)
    {
        final int payload = frameOffset + headerLength + 1;
        final int payloadLength = frameLength - headerLength - 1;
        switch (type)
        {
            case MessageType.QUERY:
            {
                final int decoded = query.wrap(buffer, payload, payloadLength);
                if (decoded < 0)
                {
                    return decoded;
                }
                answerLoad(connection, query.id());
                counters.shedQueries.incrementRelease();
                return CONSUMED;
            }
            case MessageType.TRANSACT:
            {
                final int decoded = transact.wrap(buffer, payload, payloadLength);
                if (decoded < 0)
                {
                    return decoded;
                }
                answerLoad(connection, transact.id());
                counters.shedTransacts.incrementRelease();
                return CONSUMED;
            }
            case MessageType.BELIEF:
            {
                final int decoded = belief.wrap(buffer, payload, payloadLength);
                if (decoded < 0)
                {
                    return decoded;
                }
                counters.shedBeliefs.incrementRelease();
                return CONSUMED;
            }
            default:
                return WAIT;
        }
    }

    private void answerLoad(final Connection connection, final long id)
    {
        final int length = result.wrapFrame(frame, 0)
            .id(id)
            .value(ResultErrors.LOAD_MESSAGE, 0, ResultErrors.LOAD_MESSAGE.capacity())
            .error(ResultErrors.LOAD, 0, ResultErrors.LOAD.capacity())
            .infoNil()
            .finishFrame();
        if (connection.offer(MessageType.RESULT, frame, 0, length) < 0)
        {
            counters.shedRepliesLost.incrementRelease();
        }
    }
}
