package io.cellwire.fuzz;

import io.cellwire.codec.DecodeError;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts of one fuzz run: cases, verdicts that accepted the input, and rejections by {@link DecodeError}.
 * <p>
 * Written by the one thread that runs the cases (ordered writes, no read-modify-write); any thread may read a
 * progress snapshot.
 */
public final class FuzzStats
{
    private static final int CASES = 0;
    private static final int ACCEPTED = 1;
    private static final int FIRST_REJECTION = 2;
    private static final DecodeError[] ERRORS = DecodeError.values();

    private final AtomicLongArray counts = new AtomicLongArray(FIRST_REJECTION + ERRORS.length);

    /** One case finished. Called by the running thread only. */
    public void onCase()
    {
        increment(CASES);
    }

    /**
     * One decoder verdict: accepted (≥ 0) or rejected with a {@link DecodeError} code. Called by the running thread.
     *
     * @param code what the decoder returned.
     * @throws IllegalArgumentException if a negative code names no {@link DecodeError}.
     */
    public void onVerdict(final int code)
    {
        increment(code >= 0 ? ACCEPTED : FIRST_REJECTION + DecodeError.of(code).ordinal());
    }

    /**
     * Adds another run's counts to these, to total the runs of several seeds. Called by one thread once both runs
     * have finished.
     *
     * @param other the counts to add.
     */
    public void addAll(final FuzzStats other)
    {
        for (int i = 0; i < counts.length(); i++)
        {
            counts.lazySet(i, counts.get(i) + other.counts.get(i));
        }
    }

    /**
     * Cases finished so far.
     *
     * @return the count.
     */
    public long cases()
    {
        return counts.get(CASES);
    }

    /**
     * Verdicts that accepted their input.
     *
     * @return the count.
     */
    public long accepted()
    {
        return counts.get(ACCEPTED);
    }

    /**
     * Verdicts that rejected their input, for all reasons.
     *
     * @return the count.
     */
    public long rejected()
    {
        long total = 0;
        for (int i = 0; i < ERRORS.length; i++)
        {
            total += counts.get(FIRST_REJECTION + i);
        }
        return total;
    }

    /**
     * Rejections for one reason.
     *
     * @param error the reason.
     * @return the count.
     */
    public long rejections(final DecodeError error)
    {
        return counts.get(FIRST_REJECTION + error.ordinal());
    }

    /**
     * Appends the most frequent rejection reasons, e.g. {@code TRUNCATED=120 UNKNOWN_TAG=40}.
     *
     * @param limit   how many reasons at most.
     * @param builder where to append.
     * @return the builder.
     */
    public StringBuilder appendTopRejections(final int limit, final StringBuilder builder)
    {
        final long[] snapshot = new long[ERRORS.length];
        for (int i = 0; i < snapshot.length; i++)
        {
            snapshot[i] = counts.get(FIRST_REJECTION + i);
        }
        for (int n = 0; n < limit; n++)
        {
            int best = -1;
            for (int i = 0; i < snapshot.length; i++)
            {
                if (snapshot[i] > 0 && (best < 0 || snapshot[i] > snapshot[best]))
                {
                    best = i;
                }
            }
            if (best < 0)
            {
                break;
            }
            builder.append(n == 0 ? "" : " ").append(ERRORS[best]).append('=').append(snapshot[best]);
            snapshot[best] = 0;
        }
        return builder;
    }

    private void increment(final int index)
    {
        counts.lazySet(index, counts.get(index) + 1);
    }
}
