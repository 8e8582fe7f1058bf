package io.cellwire.fuzz;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.Vlc;
import io.cellwire.codec.message.MessageType;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Makes hostile inputs: pure random bytes (bare, or behind a valid frame header), or a capture frame changed by a few
 * {@link Mutation}s, from bit flips to headers and counts that lie about the lengths that follow. Every choice comes
 * from the caller's {@link SplittableRandom}, so a seed replays the same input.
 * <p>
 * Holds the input being built in a reused array; owned by one thread.
 */
public final class FrameMutator
{
    /** Largest input made: two of the largest frames spliced, with room for garbage and duplicated regions. */
    public static final int MAX_INPUT_LENGTH = 4 * FrameHeader.MAX_FRAME_SIZE;

    /** What a mutation round does to the input. */
    public enum Mutation
    {
        /** Flips a few random bits. */
        BIT_FLIP,
        /** Replaces a few bytes with random or boundary values (tags, sign and continuation bits). */
        BYTE_REPLACE,
        /** Cuts the input short. */
        TRUNCATE,
        /** Appends random garbage. */
        EXTEND,
        /** Joins the head of the input to the tail of another capture frame. */
        SPLICE,
        /** Rewrites the frame header for another length L, in shortest form or not. */
        LYING_HEADER,
        /** Rewrites a count or length VLC after a tag for a larger, smaller or absurd value. */
        LYING_COUNT,
        /** Copies a region and inserts the copy elsewhere. */
        DUPLICATE_REGION,
        /** Swaps two regions of equal length. */
        SWAP_REGIONS,
        /** Copies the value ID of one {@code 20} ref over another, then maybe flips a bit past its 8-byte prefix. */
        ALIAS_REF;

        private static final Mutation[] VALUES = values();
    }

    /** One input in this many is random bytes rather than a capture frame. */
    private static final int RANDOM_ONE_IN = 8;
    /** One capture frame in this many is left as captured, so the accepting paths run too. */
    private static final int UNMUTATED_ONE_IN = 16;
    /** Most mutation rounds applied to one frame. */
    private static final int MAX_ROUNDS = 4;
    /** Most bits one {@link Mutation#BIT_FLIP} flips. */
    private static final int MAX_FLIPS = 8;
    /** Most bytes one {@link Mutation#BYTE_REPLACE} replaces. */
    private static final int MAX_REPLACED = 4;
    /** Most garbage bytes one {@link Mutation#EXTEND} appends. */
    private static final int MAX_EXTENSION = 64;
    /** Most bytes one region mutation moves. */
    private static final int MAX_REGION = 256;
    /** Size classes of random inputs: most short, some around a small frame, a few beyond the largest frame. */
    private static final int[] RANDOM_LENGTHS = { 16, 64, 512, FrameHeader.MAX_FRAME_SIZE + 1 };
    /** Small changes a lying length makes. */
    private static final int MAX_DELTA = 3;
    /** Bytes that mean something to the decoders: nil, sign and continuation bits, ref, vector, SignedData, … */
    private static final byte[] BOUNDARY_BYTES = {
        0x00, (byte)0xff, (byte)0x80, 0x7f, 0x40, 0x3f, (byte)0xc0, (byte)CellDescriptor.TAG_REF,
        (byte)CellDescriptor.TAG_VECTOR, (byte)CellDescriptor.TAG_MAP, (byte)CellDescriptor.TAG_SIGNED_DATA,
        (byte)CellDescriptor.TAG_BLOB, (byte)CellDescriptor.TAG_LONG, (byte)CellDescriptor.TAG_RESULT };
    /** Tags followed by a VLC count, length or value that {@link Mutation#LYING_COUNT} may rewrite. */
    private static final int[] COUNTED_TAGS = {
        CellDescriptor.TAG_STRING, CellDescriptor.TAG_BLOB, CellDescriptor.TAG_VECTOR, CellDescriptor.TAG_LIST,
        CellDescriptor.TAG_MAP, CellDescriptor.TAG_SET, CellDescriptor.TAG_BLOB_MAP, CellDescriptor.TAG_RESULT,
        CellDescriptor.TAG_LONG, CellDescriptor.TAG_ADDRESS };
    /** Lengths at the edges of the framing and the cell layouts. */
    private static final long[] BOUNDARY_LENGTHS = {
        0, 1, 16, 17, 63, 64, CellDescriptor.MAX_EMBEDDED_LENGTH, CellDescriptor.BLOB_CHUNK_LENGTH,
        CellDescriptor.BLOB_CHUNK_LENGTH + 1, FrameHeader.MAX_FRAME_LENGTH, FrameHeader.MAX_FRAME_LENGTH + 1,
        Integer.MAX_VALUE, Long.MAX_VALUE, -1, Long.MIN_VALUE };
    /** The VLC continuation bit. */
    private static final int CONTINUATION = 0x80;
    /** Offset past the first 8 bytes of a value ID: the index key of the store and the resolver. */
    private static final int VALUE_ID_PREFIX = Long.BYTES;

    private final FuzzCorpus corpus;
    private final byte[] data = new byte[MAX_INPUT_LENGTH];
    private final byte[] spare = new byte[MAX_INPUT_LENGTH];
    private final UnsafeBuffer dataBuffer = new UnsafeBuffer(data);
    private final UnsafeBuffer vlcScratch = new UnsafeBuffer(new byte[Vlc.MAX_LENGTH + 1]);
    private final int[] history = new int[MAX_ROUNDS];
    private int historyCount;
    private int source;
    private int length;

    /**
     * A mutator over a corpus.
     *
     * @param corpus the frames to start from.
     */
    public FrameMutator(final FuzzCorpus corpus)
    {
        this.corpus = corpus;
    }

    /**
     * Makes the next input: random bytes, or a capture frame with up to four mutations.
     *
     * @param random the case's source of choices.
     */
    public void generate(final SplittableRandom random)
    {
        if (random.nextInt(RANDOM_ONE_IN) == 0)
        {
            randomBytes(random);
            return;
        }
        load(random.nextInt(corpus.size()));
        if (random.nextInt(UNMUTATED_ONE_IN) != 0)
        {
            mutate(random, 1 + random.nextInt(MAX_ROUNDS));
        }
    }

    /**
     * Replaces the input with random bytes, half the time behind a valid header and type byte so the payload walkers
     * see them.
     *
     * @param random the case's source of choices.
     */
    public void randomBytes(final SplittableRandom random)
    {
        source = -1;
        historyCount = 0;
        length = random.nextInt(1 + RANDOM_LENGTHS[random.nextInt(RANDOM_LENGTHS.length)]);
        for (int i = 0; i < length; i++)
        {
            data[i] = (byte)random.nextInt();
        }
        final int frameLength = length - FrameHeader.MAX_HEADER_LENGTH;
        if (random.nextBoolean() && frameLength >= 1 && frameLength <= FrameHeader.MAX_FRAME_LENGTH)
        {
            final int headerLength = FrameHeader.headerLengthFor(frameLength);
            final int type = MessageType.MIN_TYPE + random.nextInt(MessageType.MAX_TYPE);
            length = headerLength + frameLength;
            FrameHeader.write(dataBuffer, 0, frameLength, type);
        }
    }

    /**
     * Replaces the input with a capture frame, unchanged.
     *
     * @param index the frame's index in the corpus.
     */
    public void load(final int index)
    {
        source = index;
        historyCount = 0;
        final byte[] frame = corpus.frame(index);
        System.arraycopy(frame, 0, data, 0, frame.length);
        length = frame.length;
    }

    /**
     * Applies mutation rounds to the input.
     *
     * @param random the case's source of choices.
     * @param rounds how many, at most four.
     */
    public void mutate(final SplittableRandom random, final int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            final Mutation mutation = Mutation.VALUES[random.nextInt(Mutation.VALUES.length)];
            if (historyCount < history.length)
            {
                history[historyCount++] = mutation.ordinal();
            }
            apply(mutation, random);
        }
    }

    /**
     * The input; valid in {@code [0, length())} until the next change.
     *
     * @return the reused array.
     */
    public byte[] data()
    {
        return data;
    }

    /**
     * The input's length.
     *
     * @return bytes.
     */
    public int length()
    {
        return length;
    }

    /**
     * How many frames the corpus holds.
     *
     * @return the count.
     */
    public int corpusSize()
    {
        return corpus.size();
    }

    /**
     * Appends how the input was made: its origin and the mutations.
     *
     * @param builder where to append, e.g. {@code capture#12 BIT_FLIP,TRUNCATE}.
     * @return the builder.
     */
    public StringBuilder appendOrigin(final StringBuilder builder)
    {
        if (source < 0)
        {
            builder.append("random");
        }
        else
        {
            builder.append("capture#").append(source);
        }
        for (int i = 0; i < historyCount; i++)
        {
            builder.append(i == 0 ? ' ' : ',').append(Mutation.VALUES[history[i]]);
        }
        return builder;
    }

    /**
     * How the input was made and its hex, for a failure report.
     *
     * @return e.g. {@code capture#12 BIT_FLIP,TRUNCATE 0b0901}.
     */
    public String describe()
    {
        return appendOrigin(new StringBuilder()).append(' ').append(HexFormat.of().formatHex(data, 0, length))
            .toString();
    }

    private void apply(final Mutation mutation, final SplittableRandom random)
    {
        switch (mutation)
        {
            case BIT_FLIP:
                bitFlip(random);
                break;
            case BYTE_REPLACE:
                byteReplace(random);
                break;
            case TRUNCATE:
                length = length == 0 ? 0 : random.nextInt(length);
                break;
            case EXTEND:
                extend(random);
                break;
            case SPLICE:
                splice(random);
                break;
            case LYING_HEADER:
                lyingHeader(random);
                break;
            case LYING_COUNT:
                lyingCount(random);
                break;
            case DUPLICATE_REGION:
                duplicateRegion(random);
                break;
            case SWAP_REGIONS:
                swapRegions(random);
                break;
            case ALIAS_REF:
                aliasRef(random);
                break;
            default:
                throw new IllegalStateException("unhandled mutation " + mutation);
        }
    }

    private void bitFlip(final SplittableRandom random)
    {
        if (length == 0)
        {
            return;
        }
        final int flips = 1 + random.nextInt(MAX_FLIPS);
        for (int i = 0; i < flips; i++)
        {
            data[random.nextInt(length)] ^= (byte)(1 << random.nextInt(Byte.SIZE));
        }
    }

    private void byteReplace(final SplittableRandom random)
    {
        if (length == 0)
        {
            return;
        }
        final int count = 1 + random.nextInt(MAX_REPLACED);
        for (int i = 0; i < count; i++)
        {
            data[random.nextInt(length)] = random.nextBoolean() ?
                BOUNDARY_BYTES[random.nextInt(BOUNDARY_BYTES.length)] : (byte)random.nextInt();
        }
    }

    private void extend(final SplittableRandom random)
    {
        final int extra = Math.min(1 + random.nextInt(MAX_EXTENSION), MAX_INPUT_LENGTH - length);
        for (int i = 0; i < extra; i++)
        {
            data[length++] = (byte)random.nextInt();
        }
    }

    private void splice(final SplittableRandom random)
    {
        final byte[] other = corpus.frame(random.nextInt(corpus.size()));
        final int keep = random.nextInt(length + 1);
        final int from = random.nextInt(other.length + 1);
        final int tail = Math.min(other.length - from, MAX_INPUT_LENGTH - keep);
        System.arraycopy(other, from, data, keep, tail);
        length = keep + tail;
    }

    private void lyingHeader(final SplittableRandom random)
    {
        final int oldHeader = length > 1 && (data[0] & CONTINUATION) != 0 ? FrameHeader.MAX_HEADER_LENGTH :
            Math.min(length, 1);
        final int oldFrameLength = length - oldHeader;
        final long frameLength;
        switch (random.nextInt(3))
        {
            case 0:
                frameLength = oldFrameLength + random.nextInt(2 * MAX_DELTA + 1) - MAX_DELTA;
                break;
            case 1:
                frameLength = BOUNDARY_LENGTHS[random.nextInt(BOUNDARY_LENGTHS.length)];
                break;
            default:
                frameLength = random.nextInt(FrameHeader.MAX_FRAME_LENGTH + 1);
                break;
        }
        replace(0, oldHeader, frameLength, random.nextInt(MAX_DELTA) == 0);
    }

    private void lyingCount(final SplittableRandom random)
    {
        if (length < 2)
        {
            return;
        }
        final int start = 1 + random.nextInt(length - 1);
        for (int i = 0; i < length - 1; i++)
        {
            final int at = 1 + (start - 1 + i) % (length - 1);
            if (isCountedTag(data[at - 1] & 0xff))
            {
                final int vlcLength = vlcLength(at);
                final long value = vlcLength < 0 ? 0 : Vlc.value(dataBuffer, at);
                replace(at, Math.max(vlcLength, 1), lie(value, random), random.nextInt(MAX_DELTA) == 0);
                return;
            }
        }
    }

    private static long lie(final long value, final SplittableRandom random)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return value + random.nextInt(2 * MAX_DELTA + 1) - MAX_DELTA;
            case 1:
                return BOUNDARY_LENGTHS[random.nextInt(BOUNDARY_LENGTHS.length)];
            case 2:
                return random.nextBoolean() ? value * 2 + 1 : value / 2;
            default:
                return random.nextLong();
        }
    }

    private static boolean isCountedTag(final int tag)
    {
        for (final int counted : COUNTED_TAGS)
        {
            if (counted == tag)
            {
                return true;
            }
        }
        return false;
    }

    /** The length of a well-formed VLC at {@code at} inside the input, or -1. */
    private int vlcLength(final int at)
    {
        for (int i = 0; i < Vlc.MAX_LENGTH && at + i < length; i++)
        {
            if ((data[at + i] & CONTINUATION) == 0)
            {
                return i + 1;
            }
        }
        return -1;
    }

    /** Replaces {@code [at, at + oldLength)} with the VLC of {@code value}, shortest or with an extra leading byte. */
    private void replace(final int at, final int oldLength, final long value, final boolean padded)
    {
        int newLength = 0;
        if (padded)
        {
            vlcScratch.putByte(0, (byte)(value < 0 ? 0xff : CONTINUATION));
            newLength = 1;
        }
        newLength += Vlc.write(vlcScratch, newLength, value);
        final int end = Math.min(at + oldLength, length);
        final int tail = Math.min(length - end, MAX_INPUT_LENGTH - at - newLength);
        System.arraycopy(data, end, spare, 0, tail);
        vlcScratch.getBytes(0, data, at, newLength);
        System.arraycopy(spare, 0, data, at + newLength, tail);
        length = at + newLength + tail;
    }

    private void duplicateRegion(final SplittableRandom random)
    {
        if (length == 0)
        {
            return;
        }
        final int from = random.nextInt(length);
        final int count = Math.min(1 + random.nextInt(Math.min(MAX_REGION, length - from)), MAX_INPUT_LENGTH - length);
        final int to = random.nextInt(length + 1);
        System.arraycopy(data, from, spare, 0, count);
        System.arraycopy(data, to, data, to + count, length - to);
        System.arraycopy(spare, 0, data, to, count);
        length += count;
    }

    private void swapRegions(final SplittableRandom random)
    {
        if (length < 2)
        {
            return;
        }
        final int count = 1 + random.nextInt(Math.min(MAX_REGION, length / 2));
        final int first = random.nextInt(length - 2 * count + 1);
        final int second = first + count + random.nextInt(length - first - 2 * count + 1);
        System.arraycopy(data, first, spare, 0, count);
        System.arraycopy(data, second, data, first, count);
        System.arraycopy(spare, 0, data, second, count);
    }

    private void aliasRef(final SplittableRandom random)
    {
        final int from = findRef(random.nextInt(Math.max(length, 1)));
        final int to = findRef(random.nextInt(Math.max(length, 1)));
        if (from < 0 || to < 0 || from == to)
        {
            return;
        }
        System.arraycopy(data, from, data, to, CellDescriptor.VALUE_ID_LENGTH);
        if (random.nextBoolean())
        {
            final int at = to + VALUE_ID_PREFIX + random.nextInt(CellDescriptor.VALUE_ID_LENGTH - VALUE_ID_PREFIX);
            data[at] ^= (byte)(1 << random.nextInt(Byte.SIZE));
        }
    }

    /** The value ID offset of the first {@code 20} at or after {@code start}, wrapping around, or -1. */
    private int findRef(final int start)
    {
        final int last = length - CellDescriptor.REF_LENGTH;
        if (last < 0)
        {
            return -1;
        }
        for (int i = 0; i <= last; i++)
        {
            final int at = (start + i) % (last + 1);
            if ((data[at] & 0xff) == CellDescriptor.TAG_REF)
            {
                return at + 1;
            }
        }
        return -1;
    }
}
