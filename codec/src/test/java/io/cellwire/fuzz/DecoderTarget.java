package io.cellwire.fuzz;

import io.cellwire.codec.CellWalker;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.FrameValidator;
import io.cellwire.codec.RefList;
import io.cellwire.codec.RefSink;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageType;
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
public final class DecoderTarget implements FuzzTarget
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
    private final HandledMessage handled = new HandledMessage();

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
        handled.clear();
        final int dispatched = dispatcher.dispatchFrame(exact, 0, length, handled);
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
            if (dispatched != type || handled.type() != type || validated != envelope ||
                length != headerLength + 1 + walked)
            {
                throw new FuzzFailure("frame accepted as " + dispatched + " (handler saw " + handled.type() +
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
            handled.clear();
            final int result = dispatcher.dispatch(type, payload, 0, payloadLength, handled);
            stats.onVerdict(FuzzFailure.named(result, "dispatch"));
            if (result >= 0)
            {
                if (result != type || handled.type() != type || walked != payloadLength)
                {
                    throw new FuzzFailure("payload accepted as type " + type + " (returned " + result +
                        ", handler saw " + handled.type() + ") but the walker says " + walked + " of " + payloadLength);
                }
                checkRefs("dispatch " + type);
                rendering.setLength(0);
                dispatcher.appendTo(type, rendering);
                saveRefs();
            }
            handled.clear();
            final int shifted = dispatcher.dispatch(type, canaryView, canaryOffset, payloadLength, handled);
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

    /** The decoder's refs must be the walker's, offset by offset, from a walk of the same bytes. */
    private void checkRefs(final String what)
    {
        if (handled.refs().count() != walkerRefs.count() || handled.refs().overflowed())
        {
            throw new FuzzFailure(what + " reported " + handled.refs().count() + " refs, the walker " +
                walkerRefs.count());
        }
        for (int i = 0; i < handled.refs().count(); i++)
        {
            if (handled.refs().valueIdOffset(i) != walkerRefs.valueIdOffset(i))
            {
                throw new FuzzFailure(what + " ref " + i + " at " + handled.refs().valueIdOffset(i) +
                    ", the walker's at " + walkerRefs.valueIdOffset(i));
            }
        }
    }

    private void saveRefs()
    {
        acceptedRefCount = handled.refs().count();
        for (int i = 0; i < handled.refs().count(); i++)
        {
            acceptedRefs[i] = handled.refs().valueIdOffset(i);
        }
    }

    private void checkShiftedRefs(final int type)
    {
        if (handled.refs().count() != acceptedRefCount)
        {
            throw new FuzzFailure("dispatch " + type + " between canary bytes reported " + handled.refs().count() +
                " refs, at 0 " + acceptedRefCount);
        }
        for (int i = 0; i < handled.refs().count(); i++)
        {
            if (handled.refs().valueIdOffset(i) != acceptedRefs[i] + canaryOffset)
            {
                throw new FuzzFailure("dispatch " + type + " between canary bytes put ref " + i + " at " +
                    handled.refs().valueIdOffset(i) + ", expected " + (acceptedRefs[i] + canaryOffset));
            }
        }
    }
}
