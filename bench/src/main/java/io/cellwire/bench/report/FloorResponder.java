package io.cellwire.bench.report;

import io.cellwire.bench.transport.NioResponder;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResultEncoder;
import io.cellwire.transport.IdleStrategies;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The floor of the load phase: a peer that does the least a QUERY needs, so that no server, ours or another, can
 * answer the same load generator faster on this machine. The plain NIO loop of a {@link NioResponder}, answering each
 * QUERY, decoded with the generated flyweight, with the RESULT {@code [id form nil nil]} our demo node gives, at once;
 * any other frame is ignored. It idles with the run's strategy.
 * <p>
 * Runs on the responder's thread, which owns the codecs.
 */
final class FloorResponder implements NioResponder.Answer, MessageHandler
{
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final ResultEncoder encoder = new ResultEncoder();
    private MutableDirectBuffer reply;
    private int replyOffset;
    private int replyLength;

    private FloorResponder()
    {
    }

    /**
     * Listens on a free loopback port and starts answering.
     *
     * @param idleStrategy how the responder's thread idles: {@code spin}, {@code backoff} or {@code sleep}.
     * @return the running responder; closing it stops the thread.
     */
    static NioResponder start(final String idleStrategy)
    {
        return NioResponder.start("floor-responder", new FloorResponder(), IdleStrategies.of(idleStrategy));
    }

    @Override
    public int onFrame(
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
    public void onQuery(final QueryDecoder query)
    {
        if (!query.formIsRef())
        {
            replyLength = encoder.wrapFrame(reply, replyOffset).id(query.id())
                .value(query.buffer(), query.formOffset(), query.formLength()).errorNil().infoNil().finishFrame();
        }
    }
}
