package io.cellwire.fuzz;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Runs a fuzz target for a test: the seed comes from {@code -Dcellwire.fuzz.seed} or is drawn at random, and is
 * printed so a failure replays; a failure or a hang fails the test with the seed, the case index and the input hex.
 * The cases run on a daemon thread that the test thread waits for with a bound, so a hung case is reported with its
 * input rather than only as a timeout. Shared with the transport module's fuzz tests through the codec's test-jar;
 * called on the test thread.
 */
public final class FuzzSuite
{
    /** The bundled capture, loaded once for every fuzz test of the run. */
    public static final FuzzCorpus CORPUS = FuzzCorpus.bundledCapture();
    /** How long the cases of one test may run before they count as hung; each test's {@code @Timeout} backs it up. */
    public static final long HANG_SECONDS = 50;

    private FuzzSuite()
    {
    }

    /**
     * Runs {@code cases} cases and fails the calling test on the first failure or a hang.
     *
     * @param target what to fuzz.
     * @param cases  how many cases.
     * @return the engine, for further checks on the target and the counts.
     */
    public static FuzzEngine run(final FuzzTarget target, final long cases) throws InterruptedException
    {
        final long seed = FuzzEngine.seedFromProperty();
        System.out.println("fuzz " + target.name() + ": " + cases + " cases, seed " + seed + " (replay with -D" +
            FuzzEngine.SEED_PROPERTY + "=" + seed + ")");
        final FuzzEngine engine = new FuzzEngine(target, seed);
        final long start = System.nanoTime();
        final Thread worker = new Thread(() -> engine.runCases(cases), "fuzz-" + target.name());
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
        System.out.printf("fuzz %s: %d cases in %.1f s, %d accepted, %d rejected: %s%n", target.name(), stats.cases(),
            (System.nanoTime() - start) / 1e9, stats.accepted(), stats.rejected(),
            stats.appendTopRejections(Integer.MAX_VALUE, new StringBuilder()));
        assertEquals(cases, stats.cases());
        return engine;
    }
}
