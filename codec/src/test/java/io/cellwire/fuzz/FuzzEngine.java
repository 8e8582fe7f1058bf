package io.cellwire.fuzz;

import java.util.SplittableRandom;

/**
 * Runs the cases of one {@link FuzzTarget}: case {@code i} draws every choice from a {@link SplittableRandom} seeded
 * with {@link #caseSeed(long, long)}, so a run seed replays the same cases in the same order. The first case that
 * throws, whatever it throws, stops the run and is kept as a {@link Failure}.
 * <p>
 * The cases run on one thread; a watchdog on another may read {@link #runningCase()} and {@link #caseStartNanos()}
 * (volatile) and the progress counters in {@link #stats()}.
 */
public final class FuzzEngine
{
    /** System property that fixes the run seed of the fuzz tests, to replay a failure. */
    public static final String SEED_PROPERTY = "cellwire.fuzz.seed";
    /** What {@link #runningCase()} returns while no case runs. */
    public static final long NO_CASE = -1;

    /** Odd constant that spreads case indexes over the seed space (the golden ratio, as in SplittableRandom). */
    private static final long CASE_GAMMA = 0x9E3779B97F4A7C15L;

    /** The first case that broke a property, with what is needed to replay it. */
    public record Failure(String target, long seed, long caseIndex, String input, Throwable cause)
    {
        /**
         * What kind of failure it was.
         *
         * @return {@code out-of-bounds read}, {@code property broken}, {@code stack overflow} or {@code exception}.
         */
        public String kind()
        {
            if (cause instanceof IndexOutOfBoundsException)
            {
                return "out-of-bounds read";
            }
            if (cause instanceof FuzzFailure)
            {
                return "property broken";
            }
            return cause instanceof StackOverflowError ? "stack overflow" : "exception";
        }

        /**
         * A report: target, seed, case, kind, cause and the input hex.
         *
         * @return the report, several lines.
         */
        public String describe()
        {
            return "target " + target + " seed " + seed + " case " + caseIndex + ": " + kind() + ": " + cause +
                System.lineSeparator() + "input: " + input;
        }
    }

    private final FuzzTarget target;
    private final long seed;
    private final FuzzStats stats = new FuzzStats();
    private volatile long runningCase = NO_CASE;
    private volatile long caseStartNanos;
    private Failure failure;
    private long nextCase;

    /**
     * An engine for one target.
     *
     * @param target what to fuzz.
     * @param seed   the run seed.
     */
    public FuzzEngine(final FuzzTarget target, final long seed)
    {
        this.target = target;
        this.seed = seed;
    }

    /**
     * The seed of case {@code index} of a run.
     *
     * @param seed  the run seed.
     * @param index the case index.
     * @return the case's seed.
     */
    public static long caseSeed(final long seed, final long index)
    {
        return seed + index * CASE_GAMMA;
    }

    /**
     * The run seed for a test: the {@value #SEED_PROPERTY} system property if set, else a fresh random seed.
     *
     * @return the seed.
     */
    public static long seedFromProperty()
    {
        final String fixed = System.getProperty(SEED_PROPERTY);
        return fixed == null || fixed.isBlank() ? new SplittableRandom().nextLong() : Long.parseLong(fixed.trim());
    }

    /**
     * Runs the next {@code count} cases, stopping at the first failure, then finishes the target.
     *
     * @param count how many cases.
     * @return the failure, or null.
     */
    public Failure runCases(final long count)
    {
        for (long i = 0; i < count && failure == null; i++)
        {
            runCase();
        }
        return finish();
    }

    /**
     * Runs cases until a deadline or the first failure, then finishes the target.
     *
     * @param deadlineNanos when to stop, on the {@link System#nanoTime()} clock.
     * @return the failure, or null.
     */
    public Failure runUntil(final long deadlineNanos)
    {
        while (failure == null && System.nanoTime() - deadlineNanos < 0)
        {
            runCase();
        }
        return finish();
    }

    /**
     * The counters of the run so far.
     *
     * @return the stats.
     */
    public FuzzStats stats()
    {
        return stats;
    }

    /**
     * The target.
     *
     * @return the target this engine runs.
     */
    public FuzzTarget target()
    {
        return target;
    }

    /**
     * The run seed.
     *
     * @return the seed.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * The first failure, once the run has stopped.
     *
     * @return the failure, or null.
     */
    public Failure failure()
    {
        return failure;
    }

    /**
     * The index of the case running now.
     *
     * @return the index, or {@link #NO_CASE}.
     */
    public long runningCase()
    {
        return runningCase;
    }

    /**
     * When the running case started.
     *
     * @return the {@link System#nanoTime()} of its start.
     */
    public long caseStartNanos()
    {
        return caseStartNanos;
    }

    private void runCase()
    {
        final long index = nextCase++;
        caseStartNanos = System.nanoTime();
        runningCase = index;
        try
        {
            target.prepare(new SplittableRandom(caseSeed(seed, index)));
            target.execute(stats);
            stats.onCase();
        }
        catch (final Throwable ex)
        {
            failure = new Failure(target.name(), seed, index, describeSafely(), ex);
        }
        runningCase = NO_CASE;
    }

    private Failure finish()
    {
        try
        {
            target.finish();
        }
        catch (final Throwable ex)
        {
            if (failure == null)
            {
                failure = new Failure(target.name(), seed, nextCase, "(after the last case) " + describeSafely(), ex);
            }
        }
        return failure;
    }

    private String describeSafely()
    {
        try
        {
            return target.describeCase();
        }
        catch (final RuntimeException ex)
        {
            return "(input not describable: " + ex + ")";
        }
    }
}
