package io.cellwire.fuzz;

import io.cellwire.codec.RefList;
import io.cellwire.codec.message.BeliefDecoder;
import io.cellwire.codec.message.ChallengeDecoder;
import io.cellwire.codec.message.CommandDecoder;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.GoodbyeDecoder;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResponseDecoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.codec.message.StatusDecoder;
import io.cellwire.codec.message.TransactDecoder;

/**
 * Records which decoder the dispatcher called last, with its refs (and the DATA decoder, for reassembly), so a fuzz
 * target can check the dispatch against its own walk; shared by the codec's and the transport's targets. Owned by the
 * thread of the target that holds it.
 */
public final class HandledMessage implements MessageHandler
{
    private int type;
    private RefList refs;
    private DataDecoder data;

    /** Forgets the last call, before the next dispatch. */
    public void clear()
    {
        type = 0;
        refs = null;
        data = null;
    }

    /** @return the type of the decoder last called, 0 if none since {@link #clear()}. */
    public int type()
    {
        return type;
    }

    /** @return that decoder's refs. */
    public RefList refs()
    {
        return refs;
    }

    /** @return the DATA decoder if the last call was {@code onData}, else null. */
    public DataDecoder data()
    {
        return data;
    }

    @Override
    public void onChallenge(final ChallengeDecoder decoder)
    {
        handled(ChallengeDecoder.TYPE, decoder.refs());
    }

    @Override
    public void onResponse(final ResponseDecoder decoder)
    {
        handled(ResponseDecoder.TYPE, decoder.refs());
    }

    @Override
    public void onData(final DataDecoder decoder)
    {
        handled(DataDecoder.TYPE, decoder.refs());
        data = decoder;
    }

    @Override
    public void onCommand(final CommandDecoder decoder)
    {
        handled(CommandDecoder.TYPE, decoder.refs());
    }

    @Override
    public void onMissingData(final MissingDataDecoder decoder)
    {
        handled(MissingDataDecoder.TYPE, decoder.refs());
    }

    @Override
    public void onQuery(final QueryDecoder decoder)
    {
        handled(QueryDecoder.TYPE, decoder.refs());
    }

    @Override
    public void onTransact(final TransactDecoder decoder)
    {
        handled(TransactDecoder.TYPE, decoder.refs());
    }

    @Override
    public void onResult(final ResultDecoder decoder)
    {
        handled(ResultDecoder.TYPE, decoder.refs());
    }

    @Override
    public void onBelief(final BeliefDecoder decoder)
    {
        handled(BeliefDecoder.TYPE, decoder.refs());
    }

    @Override
    public void onGoodbye(final GoodbyeDecoder decoder)
    {
        handled(GoodbyeDecoder.TYPE, decoder.refs());
    }

    @Override
    public void onStatus(final StatusDecoder decoder)
    {
        handled(StatusDecoder.TYPE, decoder.refs());
    }

    private void handled(final int handledType, final RefList handledRefs)
    {
        type = handledType;
        refs = handledRefs;
    }
}
