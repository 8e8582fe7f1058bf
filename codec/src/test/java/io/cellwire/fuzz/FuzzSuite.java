package io.cellwire.fuzz;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a fuzz target for a test. A run is split over the {@link #FIXED_SEEDS}, the same cases on every build, and one
 * fresh random seed, new cases each build; each seed runs on a target of its own, so a seed replays alone. Every seed
 * is printed; {@code -Dcellwire.fuzz.seed=N} runs all of a test's cases on seed N only, which replays any failure of
 * that seed (case {@code i} of a seed depends only on the seed and {@code i}, and on the cases before it for a target
 * that keeps state). A failure or a hang fails the test with the seed, the case index and the input hex. The cases run
 * on a daemon thread that the test thread waits for with a bound, so a hung case is reported with its input rather
 * than only as a timeout. Shared with the transport module's fuzz tests through the codec's test-jar; called on the
 * test thread.
 * <p>
 * The case counts of every fuzz test of the build are here, so their sum, the cases one {@code mvn verify} runs, is
 * checked in one place ({@code FuzzEngineTest}).
 */
public final class FuzzSuite
{
    /** The bundled capture, loaded once for every fuzz test of the run. */
    public static final FuzzCorpus CORPUS = FuzzCorpus.bundledCapture();
    /** How long one seed's cases may run before they count as hung; each test's {@code @Timeout} backs it up. */
    public static final long HANG_SECONDS = 50;
    /** Seeds every run replays, besides its fresh one: the same cases on every build, for regressions. */
    public static final long[] FIXED_SEEDS = { 1L, 0x5EEDL, 0xC0FFEE_0709L };

    /** Cases of {@code FuzzDecodersTest}: the message decoders over hostile frames. */
    public static final long DECODER_CASES = 250_000;
    /** Cases of {@code FuzzScannerTest} (transport): the frame scanner over hostile streams. */
    public static final long SCANNER_CASES = 150_000;
    /** Cases of {@code FuzzReassemblyTest} (transport): DATA reassembly over windows of frames. */
    public static final long REASSEMBLY_CASES = 100_000;
    /** Cases of {@code FuzzReferenceTest}: the walker and the decoders against convex-core 0.7.9's reader. */
    public static final long REFERENCE_CASES = 550_000;
    /** The fuzz cases one {@code mvn verify} runs across all targets. */
    public static final long TOTAL_CASES = DECODER_CASES + SCANNER_CASES + REASSEMBLY_CASES + REFERENCE_CASES;

    private FuzzSuite()
    {
    }

    /** The outcome of a run: a target per seed and the counts over all of them. */
    public static final class Run<T extends FuzzTarget>
    {
        private final List<T> targets;
        private final FuzzStats stats;

        private Run(final List<T> targets, final FuzzStats stats)
        {
            this.targets = Collections.unmodifiableList(targets);
            this.stats = stats;
        }

        /**
         * The targets, one per seed, in the order the seeds ran.
         *
         * @return the targets, each finished.
         */
        public List<T> targets()
        {
            return targets;
        }

        /**
         * The counts of every seed's cases, added up.
         *
         * @return the counts.
         */
        public FuzzStats stats()
        {
            return stats;
        }
    }

    /**
     * The seeds of a run: {@code -Dcellwire.fuzz.seed} alone if set, else the fixed seeds and a fresh random one.
     *
     * @return the seeds, the fresh one last.
     */
    public static long[] seeds()
    {
        final String fixed = System.getProperty(FuzzEngine.SEED_PROPERTY);
        if (fixed != null && !fixed.isBlank())
        {
            return new long[] { FuzzEngine.seedFromProperty() };
        }
        final long[] seeds = new long[FIXED_SEEDS.length + 1];
        System.arraycopy(FIXED_SEEDS, 0, seeds, 0, FIXED_SEEDS.length);
        seeds[FIXED_SEEDS.length] = FuzzEngine.seedFromProperty();
        return seeds;
    }

    /**
     * Runs {@code cases} cases, shared out over {@link #seeds()}, each seed on a new target, and fails the calling test
     * on the first failure or a hang.
     *
     * @param targets makes a target for each seed.
     * @param cases   how many cases in all.
     * @param <T>     the target's type.
     * @return the targets and the counts, for further checks.
     */
    public static <T extends FuzzTarget> Run<T> run(final Supplier<T> targets, final long cases)
        throws InterruptedException
    {
        final long[] seeds = seeds();
        final List<T> done = new ArrayList<>(seeds.length);
        final FuzzStats total = new FuzzStats();
        final long start = System.nanoTime();
        String name = "?";
        for (int i = 0; i < seeds.length; i++)
        {
            final long share = cases / seeds.length + (i == seeds.length - 1 ? cases % seeds.length : 0);
            final T target = targets.get();
            name = target.name();
            total.addAll(runSeed(target, seeds[i], share, i == FIXED_SEEDS.length).stats());
            done.add(target);
        }
        System.out.printf("fuzz %s: %d cases over %d seeds in %.1f s, %d accepted, %d rejected: %s%n", name,
            total.cases(), seeds.length, (System.nanoTime() - start) / 1e9, total.accepted(), total.rejected(),
            total.appendTopRejections(Integer.MAX_VALUE, new StringBuilder()));
        assertEquals(cases, total.cases());
        return new Run<>(done, total);
    }

    private static FuzzEngine runSeed(final FuzzTarget target, final long seed, final long cases, final boolean fresh)
        throws InterruptedException
    {
        System.out.println("fuzz " + target.name() + ": " + cases + " cases, " + (fresh ? "fresh" : "fixed") +
            " seed " + seed + " (replay with -D" + FuzzEngine.SEED_PROPERTY + "=" + seed + ")");
        final FuzzEngine engine = new FuzzEngine(target, seed);
        final long start = System.nanoTime();
        final Thread worker = new Thread(() -> engine.runCases(cases), "fuzz-" + target.name() + "-" + seed);
        worker.setDaemon(true);
        worker.start();
        worker.join(TimeUnit.SECONDS.toMillis(HANG_SECONDS));
        if (worker.isAlive())
        {
            fail("target " + target.name() + " seed " + seed + " case " + engine.runningCase() + ": hang: still " +
                "running after " + HANG_SECONDS + " s" + System.lineSeparator() + "input: " + target.describeCase());
        }
        final FuzzEngine.Failure failure = engine.failure();
        if (failure != null)
        {
            fail(failure.describe(), failure.cause());
        }
        final FuzzStats stats = engine.stats();
        System.out.printf("fuzz %s: seed %d: %d cases in %.1f s, %d accepted, %d rejected%n", target.name(), seed,
            stats.cases(), (System.nanoTime() - start) / 1e9, stats.accepted(), stats.rejected());
        assertEquals(cases, stats.cases());
        return engine;
    }
}
