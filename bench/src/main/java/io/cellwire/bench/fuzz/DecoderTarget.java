package io.cellwire.bench.fuzz;

import io.cellwire.codec.CellWalker;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.FrameValidator;
import io.cellwire.codec.RefList;
import io.cellwire.codec.RefSink;
import io.cellwire.codec.message.BeliefDecoder;
import io.cellwire.codec.message.ChallengeDecoder;
import io.cellwire.codec.message.CommandDecoder;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.GoodbyeDecoder;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResponseDecoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.codec.message.StatusDecoder;
import io.cellwire.codec.message.TransactDecoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * Fuzzes the message decoders: each input goes through {@link MessageDispatcher#dispatchFrame} as a frame, then its
 * payload (or, when the envelope is bad, the bytes after a random skip) through {@link MessageDispatcher#dispatch} for
 * every type byte 1…11 and through the {@link CellWalker}. Decoders read buffers that end exactly with their input, so
 * a read past it throws; each dispatch is repeated on a copy between random canary bytes and must give the same verdict
 * and refs.
 * <p>
 * Properties: every rejection is a named {@link DecodeError}; an accepted frame agrees with {@link FrameValidator} and
 * its length is header + type byte + the walked payload; an accepted message is a valid cell for the walker, walks to
 * exactly its payload and reports the walker's refs; a second walk gives the same length. Owned by the thread that
 * runs the cases.
 */
public final class DecoderTarget implements FuzzTarget, MessageHandler
{
    /** Most canary bytes either side of the copy. */
    private static final int MAX_CANARY = 16;
    /** Most bytes skipped to find a payload when the frame envelope is bad. */
    private static final int MAX_SKIP = FrameHeader.MAX_HEADER_LENGTH + 1;

    private final FrameMutator mutator;
    private final CellWalker walker = new CellWalker();
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final RefList walkerRefs = new RefList();
    private final UnsafeBuffer exact = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
    private final byte[] canary = new byte[FrameMutator.MAX_INPUT_LENGTH + 2 * MAX_CANARY];
    private final UnsafeBuffer canaryView = new UnsafeBuffer(canary);
    private final StringBuilder rendering = new StringBuilder();
    private final int[] acceptedRefs = new int[RefList.MAX_REFS_PER_FRAME];
    private int acceptedRefCount;
    private int canaryOffset;
    private int skip;
    private RefList handledRefs;
    private int handledType;

    /**
     * A target that mutates frames of a corpus.
     *
     * @param corpus the seed frames.
     */
    public DecoderTarget(final FuzzCorpus corpus)
    {
        mutator = new FrameMutator(corpus);
    }

    @Override
    public String name()
    {
        return "decoders";
    }

    @Override
    public void prepare(final SplittableRandom random)
    {
        mutator.generate(random);
        skip = random.nextInt(MAX_SKIP + 1);
        canaryOffset = 1 + random.nextInt(MAX_CANARY);
        for (int i = 0; i < MAX_CANARY; i++)
        {
            canary[i] = (byte)random.nextInt();
            canary[canaryOffset + mutator.length() + i] = (byte)random.nextInt();
        }
    }

    @Override
    public void execute(final FuzzStats stats)
    {
        final byte[] data = mutator.data();
        final int length = mutator.length();
        exact.wrap(data, 0, length);
        final int envelope = FrameHeader.payloadOffset(exact, 0, length);
        final int validated = FrameValidator.validate(walker, exact, 0, length, walkerRefs);
        handledType = 0;
        final int dispatched = dispatcher.dispatchFrame(exact, 0, length, this);
        stats.onVerdict(FuzzFailure.named(dispatched, "dispatchFrame"));
        if (envelope < 0 && (validated != envelope || dispatched != envelope))
        {
            throw new FuzzFailure("bad envelope " + envelope + " but FrameValidator says " + validated +
                " and dispatchFrame " + dispatched);
        }
        if (dispatched >= 0)
        {
            final int type = data[envelope - 1] & 0xff;
            final int headerLength = envelope - 1;
            walkerRefs.clear();
            final int walked = walker.walk(exact, envelope, length, walkerRefs);
            if (dispatched != type || handledType != type || validated != envelope ||
                length != headerLength + 1 + walked)
            {
                throw new FuzzFailure("frame accepted as " + dispatched + " (handler saw " + handledType +
                    ", type byte " + type + ") but FrameValidator says " + validated + ", header " + headerLength +
                    " + 1 + walked payload " + walked + " != frame length " + length);
            }
            checkRefs("dispatchFrame");
        }

        final int start = envelope >= 0 ? envelope : Math.min(skip, length);
        final int payloadLength = length - start;
        payload.wrap(data, start, payloadLength);
        walkerRefs.clear();
        final int walked = walker.walk(payload, 0, payloadLength, walkerRefs);
        FuzzFailure.named(walked, "walk");
        final int rewalked = walker.walk(payload, 0, payloadLength, RefSink.NONE);
        if (rewalked != walked)
        {
            throw new FuzzFailure("walking the payload twice gave " + walked + " then " + rewalked);
        }
        System.arraycopy(data, start, canary, canaryOffset, payloadLength);
        canaryView.wrap(canary, 0, canaryOffset + payloadLength + MAX_CANARY);
        for (int type = MessageType.MIN_TYPE; type <= MessageType.MAX_TYPE; type++)
        {
            handledType = 0;
            final int result = dispatcher.dispatch(type, payload, 0, payloadLength, this);
            stats.onVerdict(FuzzFailure.named(result, "dispatch"));
            if (result >= 0)
            {
                if (result != type || handledType != type || walked != payloadLength)
                {
                    throw new FuzzFailure("payload accepted as type " + type + " (returned " + result +
                        ", handler saw " + handledType + ") but the walker says " + walked + " of " + payloadLength);
                }
                checkRefs("dispatch " + type);
                rendering.setLength(0);
                dispatcher.appendTo(type, rendering);
                saveRefs();
            }
            handledType = 0;
            final int shifted = dispatcher.dispatch(type, canaryView, canaryOffset, payloadLength, this);
            if (shifted != result)
            {
                throw new FuzzFailure("dispatch " + type + " between canary bytes at " + canaryOffset + " returned " +
                    shifted + ", at 0 " + result);
            }
            if (result >= 0)
            {
                checkShiftedRefs(type);
            }
        }
    }

    @Override
    public String describeCase()
    {
        return mutator.describe() + " skip " + skip + " canary at " + canaryOffset;
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

    private void handled(final int type, final RefList refs)
    {
        handledType = type;
        handledRefs = refs;
    }

    /** The decoder's refs must be the walker's, offset by offset, from a walk of the same bytes. */
    private void checkRefs(final String what)
    {
        if (handledRefs.count() != walkerRefs.count() || handledRefs.overflowed())
        {
            throw new FuzzFailure(what + " reported " + handledRefs.count() + " refs, the walker " +
                walkerRefs.count());
        }
        for (int i = 0; i < handledRefs.count(); i++)
        {
            if (handledRefs.valueIdOffset(i) != walkerRefs.valueIdOffset(i))
            {
                throw new FuzzFailure(what + " ref " + i + " at " + handledRefs.valueIdOffset(i) +
                    ", the walker's at " + walkerRefs.valueIdOffset(i));
            }
        }
    }

    private void saveRefs()
    {
        acceptedRefCount = handledRefs.count();
        for (int i = 0; i < handledRefs.count(); i++)
        {
            acceptedRefs[i] = handledRefs.valueIdOffset(i);
        }
    }

    private void checkShiftedRefs(final int type)
    {
        if (handledRefs.count() != acceptedRefCount)
        {
            throw new FuzzFailure("dispatch " + type + " between canary bytes reported " + handledRefs.count() +
                " refs, at 0 " + acceptedRefCount);
        }
        for (int i = 0; i < handledRefs.count(); i++)
        {
            if (handledRefs.valueIdOffset(i) != acceptedRefs[i] + canaryOffset)
            {
                throw new FuzzFailure("dispatch " + type + " between canary bytes put ref " + i + " at " +
                    handledRefs.valueIdOffset(i) + ", expected " + (acceptedRefs[i] + canaryOffset));
            }
        }
    }
}
