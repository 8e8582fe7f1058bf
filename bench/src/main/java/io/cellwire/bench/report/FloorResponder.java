package io.cellwire.bench.report;

import io.cellwire.bench.transport.NioResponder;
import io.cellwire.bench.transport.QueryAnswer;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResultEncoder;
import io.cellwire.transport.IdleStrategies;

/**
 * The floor of the load phase: a peer that does the least a QUERY needs, a baseline for the load generator on this
 * machine, not a bound (our node has answered faster at W=64). The plain NIO loop of a {@link NioResponder}, answering
 * each QUERY, decoded with the generated flyweight, with the RESULT {@code [id form nil nil]} our demo node gives, at
 * once; any other frame is ignored. It idles with the run's strategy.
 * <p>
 * Runs on the responder's thread, which owns the codecs.
 */
final class FloorResponder extends QueryAnswer
{
    private FloorResponder()
    {
    }

    /**
     * Listens on a free loopback port and starts answering.
     *
     * @param idleStrategy how the responder's thread idles: {@code spin}, {@code adaptive}, {@code backoff} or
     *                     {@code sleep}.
     * @return the running responder; closing it stops the thread.
     */
    static NioResponder start(final String idleStrategy)
    {
        return NioResponder.start("floor-responder", new FloorResponder(), IdleStrategies.of(idleStrategy));
    }

    @Override
    protected int answer(final QueryDecoder query, final ResultEncoder result)
    {
        return query.formIsRef() ? 0 :
            result.value(query.buffer(), query.formOffset(), query.formLength()).errorNil().infoNil().finishFrame();
    }
}
