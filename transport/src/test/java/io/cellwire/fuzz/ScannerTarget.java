package io.cellwire.fuzz;

import io.cellwire.codec.CellWalker;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.FrameValidator;
import io.cellwire.codec.RefSink;
import io.cellwire.codec.message.MessageType;
import io.cellwire.transport.FrameScanner;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Fuzzes {@link FrameScanner}: a stream of up to four inputs (capture frames, mutated frames, random bytes) is scanned
 * whole, then again at another offset between canary bytes, then delivered in chunks cut at random points with the
 * sink refusing some frames. All three must see the same frames and end the same way. Every scan reads a buffer whose
 * capacity ends at the received bytes, so a read past them throws. Each frame offered is checked against its header
 * and validated; an accepted frame must walk to exactly its payload.
 * <p>
 * Owned by the thread that runs the cases.
 */
public final class ScannerTarget implements FuzzTarget, FrameScanner.FrameSink
{
    /** Most inputs joined into one stream. */
    private static final int MAX_PARTS = 4;
    /** Most chunks a stream is delivered in, besides byte-at-a-time delivery. */
    private static final int MAX_CHUNKS = 8;
    /** One stream in this many, if short enough, is delivered one byte at a time. */
    private static final int BYTE_AT_A_TIME_ONE_IN = 8;
    /** Longest stream delivered one byte at a time. */
    private static final int MAX_BYTE_AT_A_TIME = 2048;
    /** Most canary bytes either side of the stream. */
    private static final int MAX_CANARY = 16;
    /** Most stream bytes. */
    private static final int MAX_STREAM = MAX_PARTS * FrameMutator.MAX_INPUT_LENGTH;
    /** Most frames in a stream: each takes at least a header, a type byte and a payload byte. */
    private static final int MAX_FRAMES = MAX_STREAM / 3 + 1;
    /** Refusal bits: three random longs ANDed, so one offer in eight is refused. */
    private static final int REFUSAL_ROUNDS = 3;
    /** Refusal bits to start from: bit 0 clear, so a frame is taken within 64 offers and a scan always progresses. */
    private static final long NEVER_REFUSED = ~1L;

    private enum Mode
    {
        WHOLE, CANARY, CHUNKED
    }

    private final FrameMutator mutator;
    private final CellWalker walker = new CellWalker();
    private final byte[] stream = new byte[MAX_STREAM];
    private final byte[] canary = new byte[MAX_STREAM + 2 * MAX_CANARY];
    private final UnsafeBuffer view = new UnsafeBuffer(stream);
    private final UnsafeBuffer frameView = new UnsafeBuffer(stream);
    private final int[] frameOffsets = new int[MAX_FRAMES];
    private final int[] frameLengths = new int[MAX_FRAMES];
    private final int[] cuts = new int[MAX_BYTE_AT_A_TIME + 1];
    private final StringBuilder parts = new StringBuilder();
    private int streamLength;
    private int cutCount;
    private int canaryOffset;
    private long refusals;

    private FuzzStats stats;
    private Mode mode;
    private int scanStart;
    private int scanLimit;
    private int frameCount;
    private int seen;
    private int offers;
    private boolean refused;

    /**
     * A target that builds its streams from a corpus.
     *
     * @param corpus the seed frames.
     */
    public ScannerTarget(final FuzzCorpus corpus)
    {
        mutator = new FrameMutator(corpus);
    }

    @Override
    public String name()
    {
        return "scanner";
    }

    @Override
    public void prepare(final SplittableRandom random)
    {
        streamLength = 0;
        parts.setLength(0);
        final int partCount = 1 + random.nextInt(MAX_PARTS);
        for (int i = 0; i < partCount; i++)
        {
            if (random.nextBoolean())
            {
                mutator.generate(random);
            }
            else
            {
                mutator.load(random.nextInt(mutator.corpusSize()));
            }
            System.arraycopy(mutator.data(), 0, stream, streamLength, mutator.length());
            streamLength += mutator.length();
            mutator.appendOrigin(parts.append(i == 0 ? "" : " | "));
        }
        if (streamLength <= MAX_BYTE_AT_A_TIME && random.nextInt(BYTE_AT_A_TIME_ONE_IN) == 0)
        {
            cutCount = streamLength;
            for (int i = 0; i < cutCount; i++)
            {
                cuts[i] = i + 1;
            }
        }
        else
        {
            cutCount = 1 + random.nextInt(MAX_CHUNKS);
            for (int i = 0; i < cutCount - 1; i++)
            {
                cuts[i] = random.nextInt(streamLength + 1);
            }
            cuts[cutCount - 1] = streamLength;
            Arrays.sort(cuts, 0, cutCount);
        }
        canaryOffset = 1 + random.nextInt(MAX_CANARY);
        for (int i = 0; i < MAX_CANARY; i++)
        {
            canary[i] = (byte)random.nextInt();
            canary[canaryOffset + streamLength + i] = (byte)random.nextInt();
        }
        refusals = NEVER_REFUSED;
        for (int i = 0; i < REFUSAL_ROUNDS; i++)
        {
            refusals &= random.nextLong();
        }
    }

    @Override
    public void execute(final FuzzStats stats)
    {
        this.stats = stats;
        mode = Mode.WHOLE;
        frameCount = 0;
        view.wrap(stream, 0, streamLength);
        final int whole = scan(0, streamLength);
        if (whole < 0)
        {
            stats.onVerdict(whole);
        }

        mode = Mode.CANARY;
        seen = 0;
        System.arraycopy(stream, 0, canary, canaryOffset, streamLength);
        view.wrap(canary, 0, canaryOffset + streamLength + MAX_CANARY);
        final int shifted = scan(canaryOffset, canaryOffset + streamLength);
        expectSameEnd(whole, shifted < 0 ? shifted : shifted - canaryOffset, seen);

        mode = Mode.CHUNKED;
        seen = 0;
        offers = 0;
        int consumed = 0;
        int end = 0;
        for (int i = 0; i < cutCount && end >= 0; i++)
        {
            final int received = cuts[i];
            view.wrap(stream, 0, received);
            do
            {
                refused = false;
                end = scan(consumed, received);
                if (end >= 0)
                {
                    consumed = end;
                }
            }
            while (refused && end >= 0);
        }
        expectSameEnd(whole, end, seen);
    }

    @Override
    public String describeCase()
    {
        final StringBuilder builder = new StringBuilder("stream ")
            .append(HexFormat.of().formatHex(stream, 0, streamLength)).append(" cuts");
        for (int i = 0; i < cutCount; i++)
        {
            builder.append(i == 0 ? " " : ",").append(cuts[i]);
        }
        return builder.append(" refusals ").append(Long.toHexString(refusals)).append(" canary at ")
            .append(canaryOffset).append(" parts: ").append(parts).toString();
    }

    @Override
    public boolean onFrame(
        final DirectBuffer buffer, final int offset, final int frameLength, final int headerLength,
        final int type)
    {
        checkEnvelope(buffer, offset, frameLength, headerLength, type);
        final int streamOffset = mode == Mode.CANARY ? offset - canaryOffset : offset;
        if (mode == Mode.WHOLE)
        {
            frameOffsets[frameCount] = offset;
            frameLengths[frameCount] = frameLength;
            frameCount++;
            validate(offset, frameLength, headerLength);
            return true;
        }
        if (mode == Mode.CHUNKED && (refusals & (1L << (offers++ & (Long.SIZE - 1)))) != 0)
        {
            refused = true;
            return false;
        }
        if (seen >= frameCount || frameOffsets[seen] != streamOffset || frameLengths[seen] != frameLength)
        {
            throw new FuzzFailure(mode + " scan offered frame " + seen + " at " + streamOffset + " length " +
                frameLength + ", the whole scan " + (seen < frameCount ?
                "had it at " + frameOffsets[seen] + " length " + frameLengths[seen] : "had " + frameCount + " frames"));
        }
        seen++;
        return true;
    }

    private int scan(final int offset, final int limit)
    {
        scanStart = offset;
        scanLimit = limit;
        final int end = FrameScanner.scan(view, offset, limit, this);
        if (FuzzFailure.named(end, "scan") >= 0 && (end < offset || end > limit))
        {
            throw new FuzzFailure(mode + " scan of [" + offset + ", " + limit + ") returned " + end);
        }
        return end;
    }

    private void checkEnvelope(
        final DirectBuffer buffer, final int offset, final int frameLength, final int headerLength,
        final int type)
    {
        if (headerLength < 1 || headerLength > FrameHeader.MAX_HEADER_LENGTH || offset < scanStart ||
            offset + frameLength > scanLimit)
        {
            throw new FuzzFailure(mode + " frame at " + offset + " length " + frameLength + " header " +
                headerLength + " outside the scan [" + scanStart + ", " + scanLimit + ")");
        }
        final int declared = FrameHeader.frameLength(buffer, offset, headerLength);
        if (frameLength != headerLength + declared || declared < 2 || !MessageType.isValid(type) ||
            type != (buffer.getByte(offset + headerLength) & 0xff) ||
            FrameHeader.headerLength(buffer, offset, offset + frameLength) != headerLength)
        {
            throw new FuzzFailure(mode + " frame at " + offset + " length " + frameLength + " header " +
                headerLength + " type " + type + " does not match its header (L=" + declared + ")");
        }
    }

    /** Validates a frame in a view that ends with it; an accepted frame must walk to exactly its payload. */
    private void validate(final int offset, final int frameLength, final int headerLength)
    {
        frameView.wrap(stream, offset, frameLength);
        final int payload = FrameValidator.validate(walker, frameView, 0, frameLength, RefSink.NONE);
        stats.onVerdict(payload);
        if (payload < 0)
        {
            return;
        }
        final int walked = walker.walk(frameView, payload, frameLength, RefSink.NONE);
        if (payload != headerLength + 1 || walked != frameLength - payload)
        {
            throw new FuzzFailure("accepted frame at " + offset + " length " + frameLength + " has its payload at " +
                payload + " walking " + walked + " bytes");
        }
    }

    private void expectSameEnd(final int whole, final int other, final int otherFrames)
    {
        if (whole != other || otherFrames != frameCount)
        {
            throw new FuzzFailure("the whole scan took " + frameCount + " frames and ended with " + whole + ", the " +
                mode + " scan took " + otherFrames + " and ended with " + other);
        }
    }
}
