package io.cellwire.fuzz;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.RefSink;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageType;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Differential fuzzing of the walker and the message decoders against convex-core 0.7.9's {@code Format.read}
 * ({@link ReferenceOracle}). Each input is a cell, or what was meant to be one: a payload of the capture or a golden
 * vector ({@link FuzzCorpus#bundledCells()}), mutated by a {@link FrameMutator}, or random bytes. It goes through
 * {@link CellWalker#walkExact}, through {@link MessageDispatcher#dispatch} for every type byte 1…11, and through the
 * reference.
 * <p>
 * Properties, each a {@link FuzzFailure} that prints the bytes and both verdicts:
 * <ol>
 * <li>Anything we accept, as a cell or as any message, the reference reads, encodes back to the same bytes (it holds
 * the value the bytes say), and gives our value ID (SHA3-256 of the bytes, {@link ValueIdDigest}).</li>
 * <li>A message decoder accepts only what the walker accepts.</li>
 * <li>Anything the reference reads and encodes back to the same bytes, we accept, unless a {@link StricterRule}
 * rejects it; and if that rule is one the reference checks later ({@link StricterRule#checkedByReference()}), the
 * reference's own validation of the value must not pass.</li>
 * </ol>
 * What the reference rejects, crashes on, or reads into a different value, we may reject for any named reason.
 * <p>
 * Owned by the thread that runs the cases.
 */
public final class ReferenceTarget implements FuzzTarget
{
    /** How a case ended, when no property broke. */
    public enum Outcome
    {
        /** Both accept, with the same value ID and the same bytes. */
        BOTH_ACCEPT,
        /** Both reject; the reference with a {@code BadFormatException}. */
        BOTH_REJECT,
        /** We reject; the reference's reader throws something other than {@code BadFormatException}. */
        REFERENCE_CRASHES,
        /** We reject; the reference reads a value that encodes to other bytes, or cannot be encoded at all. */
        REFERENCE_READS_ANOTHER_VALUE,
        /** A stricter rule rejects, and the reference's own validation of the value fails too. */
        STRICTER_CONFIRMED,
        /** A stricter rule rejects; the reference's validation needs a cell the corpus does not hold. */
        STRICTER_INCONCLUSIVE,
        /** A stricter rule the reference never checks rejects. */
        STRICTER_UNCHECKED;

        private static final Outcome[] VALUES = values();
    }

    private static final StricterRule[] RULES = StricterRule.values();

    private final FrameMutator mutator;
    private final ReferenceOracle oracle;
    private final CellWalker walker = new CellWalker();
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final HandledMessage handled = new HandledMessage();
    private final ValueIdDigest digest = new ValueIdDigest();
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[0]);
    private final byte[] valueId = new byte[CellDescriptor.VALUE_ID_LENGTH];
    private final long[] outcomes = new long[Outcome.VALUES.length];
    private final long[] rules = new long[RULES.length];
    private final TreeMap<String, Long> crashes = new TreeMap<>();
    private final TreeMap<String, Long> otherValues = new TreeMap<>();
    private long messagesAccepted;

    /** A target over the bundled cells, with the shared {@link ReferenceStore}. */
    public ReferenceTarget()
    {
        this(FuzzCorpus.bundledCells(), ReferenceStore.shared());
    }

    /**
     * A target over a corpus of cells.
     *
     * @param cells the seed cells.
     * @param store where the reference resolves refs when it validates.
     */
    public ReferenceTarget(final FuzzCorpus cells, final ReferenceStore store)
    {
        mutator = new FrameMutator(cells);
        oracle = new ReferenceOracle(store);
    }

    @Override
    public String name()
    {
        return "reference";
    }

    @Override
    public void prepare(final SplittableRandom random)
    {
        mutator.generate(random);
    }

    /**
     * Makes the next case a corpus cell as it is, for a sweep of the whole corpus.
     *
     * @param index the cell's index in the corpus.
     */
    public void prepareCorpusCell(final int index)
    {
        mutator.load(index);
    }

    /**
     * How many cells the corpus holds.
     *
     * @return the count.
     */
    public int corpusSize()
    {
        return mutator.corpusSize();
    }

    @Override
    public void execute(final FuzzStats stats)
    {
        final byte[] data = mutator.data();
        final int length = mutator.length();
        payload.wrap(data, 0, length);
        final int walked = FuzzFailure.named(walker.walkExact(payload, 0, length, RefSink.NONE), "walkExact");
        stats.onVerdict(walked);
        final int acceptedTypes = dispatchEveryType(length, walked);
        final ReferenceOracle.Verdict verdict = oracle.read(data, length);
        if (walked >= 0 || acceptedTypes != 0)
        {
            checkAccepted(data, length, acceptedTypes, verdict);
            count(Outcome.BOTH_ACCEPT);
            return;
        }
        switch (verdict)
        {
            case REJECTED:
                count(Outcome.BOTH_REJECT);
                break;
            case CRASHED:
                count(Outcome.REFERENCE_CRASHES);
                crashes.merge(oracle.thrown().getClass().getSimpleName() + (length == 0 ? " (empty input)" : ""), 1L,
                    Long::sum);
                break;
            case READ_LOSSY:
            case READ_UNENCODABLE:
                count(Outcome.REFERENCE_READS_ANOTHER_VALUE);
                otherValues.merge(DecodeError.of(walked).name(), 1L, Long::sum);
                break;
            case READ:
                checkStricterRule(data, length, walked);
                break;
            default:
                throw new IllegalStateException("unhandled verdict " + verdict);
        }
    }

    @Override
    public String describeCase()
    {
        return mutator.describe();
    }

    /**
     * How many cases ended one way.
     *
     * @param outcome the way.
     * @return the count.
     */
    public long outcomes(final Outcome outcome)
    {
        return outcomes[outcome.ordinal()];
    }

    /**
     * How many rejections a stricter rule made of bytes the reference reads and encodes back alike.
     *
     * @param rule the rule.
     * @return the count.
     */
    public long rejections(final StricterRule rule)
    {
        return rules[rule.ordinal()];
    }

    /**
     * How many payloads some message decoder accepted.
     *
     * @return the count.
     */
    public long messagesAccepted()
    {
        return messagesAccepted;
    }

    /**
     * The reference's crashes by exception type.
     *
     * @return type name to count; the live map, do not change it.
     */
    public TreeMap<String, Long> crashes()
    {
        return crashes;
    }

    /**
     * Our rejections of bytes the reference reads into another value, by our reason.
     *
     * @return {@link DecodeError} name to count; the live map, do not change it.
     */
    public TreeMap<String, Long> otherValues()
    {
        return otherValues;
    }

    /** Dispatches the payload as every message type; a bit per type that accepts it. */
    private int dispatchEveryType(final int length, final int walked)
    {
        int accepted = 0;
        for (int type = MessageType.MIN_TYPE; type <= MessageType.MAX_TYPE; type++)
        {
            handled.clear();
            final int result = FuzzFailure.named(dispatcher.dispatch(type, payload, 0, length, handled), "dispatch");
            if (result >= 0)
            {
                accepted |= 1 << type;
            }
        }
        if (accepted != 0)
        {
            messagesAccepted++;
            if (walked < 0)
            {
                throw new FuzzFailure("message decoders of types " + types(accepted) + " accept what the walker " +
                    "rejects with " + DecodeError.of(walked) + ": " + hex(mutator.data(), length));
            }
        }
        return accepted;
    }

    private void checkAccepted(
        final byte[] data, final int length, final int acceptedTypes, final ReferenceOracle.Verdict verdict)
    {
        final String ours = "we accept (walker: " + length + " bytes, message types " + types(acceptedTypes) + ")";
        if (verdict != ReferenceOracle.Verdict.READ)
        {
            throw new FuzzFailure(ours + ", the reference: " + oracle.describe() + ": " + hex(data, length));
        }
        digest.valueId(payload, 0, length, valueId, 0);
        final byte[] referenceId = oracle.valueId();
        if (!Arrays.equals(valueId, referenceId))
        {
            throw new FuzzFailure(ours + " with value ID " + HexFormat.of().formatHex(valueId) +
                ", the reference reads it with value ID " + HexFormat.of().formatHex(referenceId) + ": " +
                hex(data, length));
        }
    }

    private void checkStricterRule(final byte[] data, final int length, final int walked)
    {
        final StricterRule rule = StricterRule.of(walked);
        if (rule == null)
        {
            throw new FuzzFailure("we reject with " + DecodeError.of(walked) + ", which is no stricter rule; the " +
                "reference: " + oracle.describe() + ": " + hex(data, length));
        }
        rules[rule.ordinal()]++;
        if (!rule.checkedByReference())
        {
            count(Outcome.STRICTER_UNCHECKED);
            return;
        }
        switch (oracle.validate())
        {
            case INVALID:
                count(Outcome.STRICTER_CONFIRMED);
                break;
            case INCONCLUSIVE:
                count(Outcome.STRICTER_INCONCLUSIVE);
                break;
            case VALID:
                throw new FuzzFailure("we reject with " + DecodeError.of(walked) + " (stricter rule " + rule +
                    "), but the reference reads it and its validation passes: " + oracle.describe() + ": " +
                    hex(data, length));
            default:
                throw new IllegalStateException("unhandled validation");
        }
    }

    private void count(final Outcome outcome)
    {
        outcomes[outcome.ordinal()]++;
    }

    private static String types(final int bits)
    {
        if (bits == 0)
        {
            return "none";
        }
        final StringBuilder builder = new StringBuilder();
        for (int type = MessageType.MIN_TYPE; type <= MessageType.MAX_TYPE; type++)
        {
            if ((bits & (1 << type)) != 0)
            {
                builder.append(builder.length() == 0 ? "" : ",").append(type);
            }
        }
        return builder.toString();
    }

    private static String hex(final byte[] data, final int length)
    {
        return "payload " + HexFormat.of().formatHex(data, 0, length);
    }
}
