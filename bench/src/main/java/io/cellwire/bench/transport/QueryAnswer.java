package io.cellwire.bench.transport;

import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResultEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A {@link NioResponder.Answer} that answers QUERY only: each frame is decoded with the generated dispatcher, and a
 * QUERY is handed to {@link #answer} with a RESULT encoder already wrapped at the reply's place, its ID set; every
 * other frame is ignored. Subclasses say only what the RESULT carries.
 * <p>
 * Runs on the responder's thread, which owns the codecs.
 */
public abstract class QueryAnswer implements NioResponder.Answer, MessageHandler
{
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final ResultEncoder encoder = new ResultEncoder();
    private MutableDirectBuffer reply;
    private int replyOffset;
    private int replyLength;

    @Override
    public final int onFrame(
        final DirectBuffer buffer,
        final int offset,
        final int frameLength,
        final MutableDirectBuffer reply,
        final int replyOffset)
    {
        this.reply = reply;
        this.replyOffset = replyOffset;
        replyLength = 0;
        dispatcher.dispatchFrame(buffer, offset, frameLength, this);
        return replyLength;
    }

    @Override
    public final void onQuery(final QueryDecoder query)
    {
        replyLength = answer(query, encoder.wrapFrame(reply, replyOffset).id(query.id()));
    }

    /**
     * The RESULT of one QUERY.
     *
     * @param query  the QUERY, decoded in place.
     * @param result the RESULT encoder, wrapped at the reply's place with the query's ID set.
     * @return the finished frame's length ({@code result...finishFrame()}), or 0 to send nothing.
     */
    protected abstract int answer(QueryDecoder query, ResultEncoder result);
}
