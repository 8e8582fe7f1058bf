package io.cellwire.fuzz;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.RefSink;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.store.CellStore;
import io.cellwire.store.DependencyResolver;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * Fuzzes reassembly: a window of consecutive capture frames (DATA before the messages that refer to it), some
 * mutated, is decoded; every accepted DATA cell goes into a small {@link CellStore} kept across cases, so eviction runs
 * all the time, and every accepted message's refs are resolved by a {@link DependencyResolver}.
 * <p>
 * Properties: a put cell is found at once with the same bytes and walks to the same length; the store stays within
 * its entry and byte bounds; the resolver agrees with {@link ResolverOracle} (same missing IDs, an
 * {@code EMBEDDED_AS_REF} or {@code COUNT_TOO_LARGE} only when the oracle saw one) and every cell found hashes to
 * its ID. Owned by the thread that runs the cases.
 */
public final class ReassemblyTarget implements FuzzTarget
{
    /** Ring bytes of the store: the smallest allowed, so eviction and wrap-around run often. */
    public static final int STORE_CAPACITY_BYTES = CellStore.MIN_CAPACITY_BYTES;
    /** Entry bound of the store. */
    public static final int STORE_MAX_ENTRIES = 64;
    /** The resolver's bound on distinct IDs per message. */
    public static final int MAX_IDS = 64;

    /** Most frames in a window. */
    private static final int MAX_WINDOW = 12;
    /** One frame in this many of a window is mutated. */
    private static final int MUTATE_ONE_IN = 3;
    /** One frame in this many of a window is replaced by random bytes. */
    private static final int RANDOM_ONE_IN = 24;
    /** Most mutation rounds on one frame. */
    private static final int MAX_ROUNDS = 3;

    private final FrameMutator mutator;
    private final CellStore store = new CellStore(STORE_CAPACITY_BYTES, STORE_MAX_ENTRIES);
    private final DependencyResolver resolver = new DependencyResolver(store, MAX_IDS);
    private final ResolverOracle oracle = new ResolverOracle(store, MAX_IDS);
    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final CellWalker walker = new CellWalker();
    private final ValueIdDigest digest = new ValueIdDigest();
    private final UnsafeBuffer valueId = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
    private final UnsafeBuffer frameView = new UnsafeBuffer(new byte[0]);
    private final byte[][] window = new byte[MAX_WINDOW][FrameMutator.MAX_INPUT_LENGTH];
    private final int[] windowLengths = new int[MAX_WINDOW];
    private final StringBuilder origins = new StringBuilder();
    private int windowSize;
    private int processed;
    private final HandledMessage handled = new HandledMessage();

    /**
     * A target over windows of a corpus.
     *
     * @param corpus the seed frames, in capture order.
     */
    public ReassemblyTarget(final FuzzCorpus corpus)
    {
        mutator = new FrameMutator(corpus);
    }

    @Override
    public String name()
    {
        return "reassembly";
    }

    @Override
    public void prepare(final SplittableRandom random)
    {
        final int start = random.nextInt(mutator.corpusSize());
        windowSize = 1 + random.nextInt(MAX_WINDOW);
        origins.setLength(0);
        for (int i = 0; i < windowSize; i++)
        {
            if (random.nextInt(RANDOM_ONE_IN) == 0)
            {
                mutator.randomBytes(random);
            }
            else
            {
                mutator.load((start + i) % mutator.corpusSize());
                if (random.nextInt(MUTATE_ONE_IN) == 0)
                {
                    mutator.mutate(random, 1 + random.nextInt(MAX_ROUNDS));
                }
            }
            System.arraycopy(mutator.data(), 0, window[i], 0, mutator.length());
            windowLengths[i] = mutator.length();
            mutator.appendOrigin(origins.append(i == 0 ? "" : " | "));
        }
        processed = 0;
    }

    @Override
    public void execute(final FuzzStats stats)
    {
        for (int i = 0; i < windowSize; i++)
        {
            processed = i + 1;
            frameView.wrap(window[i], 0, windowLengths[i]);
            handled.clear();
            final int type = dispatcher.dispatchFrame(frameView, 0, windowLengths[i], handled);
            stats.onVerdict(FuzzFailure.named(type, "dispatchFrame"));
            if (type < 0)
            {
                continue;
            }
            if (handled.type() == DataDecoder.TYPE && !handled.data().cellIsRef())
            {
                store(handled.data().cellOffset(), handled.data().cellLength());
            }
            stats.onVerdict(resolve());
        }
    }

    @Override
    public String describeCase()
    {
        final StringBuilder builder = new StringBuilder("window of ").append(windowSize).append(" (failed at frame ")
            .append(processed).append("):");
        for (int i = 0; i < processed; i++)
        {
            builder.append(' ').append(HexFormat.of().formatHex(window[i], 0, windowLengths[i]));
        }
        return builder.append(" origins: ").append(origins).toString();
    }

    @Override
    public void finish()
    {
        try
        {
            checkBounds();
        }
        finally
        {
            store.close();
        }
    }

    /**
     * The store, for a caller that checks its bounds.
     *
     * @return the store kept across cases.
     */
    public CellStore store()
    {
        return store;
    }

    private void store(final int offset, final int length)
    {
        digest.valueId(frameView, offset, length, valueId, 0);
        final boolean present = store.contains(valueId, 0);
        final boolean stored = store.put(frameView, offset, length);
        checkBounds();
        if (stored == present)
        {
            throw new FuzzFailure("put returned " + stored + " for a cell the store " +
                (present ? "held" : "did not hold"));
        }
        final int found = store.find(valueId, 0);
        if (found == CellStore.NOT_FOUND || store.cellLength(found) != length)
        {
            throw new FuzzFailure("a " + length + "-byte cell just put is " +
                (found == CellStore.NOT_FOUND ? "not found" : "found with length " + store.cellLength(found)));
        }
        final DirectBuffer ring = store.buffer();
        for (int i = 0; i < length; i++)
        {
            if (ring.getByte(found + i) != frameView.getByte(offset + i))
            {
                throw new FuzzFailure("the stored copy of a " + length + "-byte cell differs at byte " + i);
            }
        }
        final int rewalked = walker.walk(ring, found, found + length, RefSink.NONE);
        if (rewalked != length)
        {
            throw new FuzzFailure("a " + length + "-byte DATA cell walks to " + rewalked + " in the store");
        }
    }

    private int resolve()
    {
        final int result = FuzzFailure.named(resolver.resolve(handled.refs()), "resolve");
        oracle.resolve(handled.refs());
        if (result == DecodeError.EMBEDDED_AS_REF.code())
        {
            if (!oracle.embeddedAsRef() && !oracle.overflowed())
            {
                throw new FuzzFailure("resolve says EMBEDDED_AS_REF, the oracle found no such ref");
            }
        }
        else if (result == DecodeError.COUNT_TOO_LARGE.code())
        {
            if (!oracle.overflowed())
            {
                throw new FuzzFailure("resolve says COUNT_TOO_LARGE, the oracle reached at most " + MAX_IDS + " IDs");
            }
        }
        else if (result < 0)
        {
            throw new FuzzFailure("resolve returned " + DecodeError.of(result) + ", not a resolution error");
        }
        else
        {
            checkMissing(result);
        }
        return result;
    }

    private void checkMissing(final int result)
    {
        if (oracle.overflowed() || oracle.embeddedAsRef() || result != oracle.missingCount() ||
            result != resolver.missingCount() || result > MAX_IDS)
        {
            throw new FuzzFailure("resolve found " + result + " missing (missingCount " + resolver.missingCount() +
                "), the oracle " + oracle.missingCount() + " (overflow " + oracle.overflowed() + ", embedded as ref " +
                oracle.embeddedAsRef() + ")");
        }
        final DirectBuffer ids = resolver.missingIds();
        for (int i = 0; i < result; i++)
        {
            final int at = i * CellDescriptor.VALUE_ID_LENGTH;
            if (!oracle.isMissing(ids, at) || store.contains(ids, at))
            {
                throw new FuzzFailure("resolve named missing ID " + i + " which the oracle did not, or which the " +
                    "store holds");
            }
            for (int j = 0; j < i; j++)
            {
                if (sameId(ids, j * CellDescriptor.VALUE_ID_LENGTH, at))
                {
                    throw new FuzzFailure("resolve named missing ID " + i + " twice");
                }
            }
        }
    }

    private static boolean sameId(final DirectBuffer ids, final int a, final int b)
    {
        for (int i = 0; i < CellDescriptor.VALUE_ID_LENGTH; i += Long.BYTES)
        {
            if (ids.getLong(a + i) != ids.getLong(b + i))
            {
                return false;
            }
        }
        return true;
    }

    private void checkBounds()
    {
        if (store.size() > STORE_MAX_ENTRIES || store.bytesInUse() > STORE_CAPACITY_BYTES || store.bytesInUse() < 0)
        {
            throw new FuzzFailure("the store holds " + store.size() + " cells in " + store.bytesInUse() +
                " bytes, over its bounds of " + STORE_MAX_ENTRIES + " cells and " + STORE_CAPACITY_BYTES + " bytes");
        }
    }
}
