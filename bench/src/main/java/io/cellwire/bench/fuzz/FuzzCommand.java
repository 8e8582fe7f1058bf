package io.cellwire.bench.fuzz;

import io.cellwire.fuzz.DecoderTarget;
import io.cellwire.fuzz.FuzzCorpus;
import io.cellwire.fuzz.FuzzEngine;
import io.cellwire.fuzz.FuzzStats;
import io.cellwire.fuzz.FuzzTarget;
import io.cellwire.fuzz.ReassemblyTarget;
import io.cellwire.fuzz.ScannerTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code cellwire fuzz}: runs the fuzz targets of the test suite for as long as asked, on a worker thread watched by
 * the calling thread. The harness ({@code io.cellwire.fuzz}) lives with the tests of the code it exercises: the engine
 * and the decoder target in the codec's test-jar, the scanner and reassembly targets in the transport's; the shaded
 * {@code cellwire.jar} carries both.
 * <pre>
 * fuzz --duration S [--seed N] [--target scanner|decoders|reassembly|all] [--hang-timeout S]
 * </pre>
 * Each second it prints a progress line per running target (cases, accepted verdicts, the five most frequent
 * rejection reasons); {@code all} gives each target an equal share of the duration, one after another. At the end it
 * prints a summary per target. A case that throws, breaks a property or reads outside its input stops the run; a case
 * that runs longer than the hang timeout is a hang. Either way the seed, the case index and the input hex are printed.
 * <p>
 * Exit codes: 0 when no case failed or hung, 1 otherwise, 2 on a usage error. Runs on the thread that calls
 * {@code execute}; the cases run on a daemon thread, so a hung case cannot keep the JVM alive.
 */
@Command(
    name = "fuzz",
    description = {
        "Fuzzes the frame scanner, the message decoders and reassembly with random and mutated capture frames.",
        "Prints progress each second and a summary; exit 0 when no case crashed, hung or read out of bounds." },
    footer = {
        "",
        "Replay: the same --seed and --target run the same cases in the same order.",
        "Exit: 0 no failure, 1 a failure (seed, case and input hex printed), 2 usage error." })
public final class FuzzCommand implements Callable<Integer>
{
    /** Exit code when every case passed. */
    public static final int EXIT_OK = 0;
    /** Exit code when a case failed or hung. */
    public static final int EXIT_FAILURE = 1;
    /** The targets, in the order {@code all} runs them. */
    public static final List<String> TARGETS = List.of("scanner", "decoders", "reassembly");
    /** The {@code --target} value that runs every target. */
    public static final String ALL = "all";

    private static final long PROGRESS_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int TOP_REJECTIONS = 5;

    @Spec
    private CommandSpec spec;

    @Option(names = { "-h", "--help" }, usageHelp = true, description = "Show this help message and exit.")
    private boolean help;

    @Option(names = "--duration", required = true, paramLabel = "S", description = "Seconds to fuzz in total.")
    private int durationSeconds;

    @Option(names = "--seed", paramLabel = "N", description = "Run seed (default: random, printed).")
    private Long seed;

    @Option(names = "--target", paramLabel = "T", defaultValue = ALL,
        description = "scanner, decoders, reassembly or all (default: ${DEFAULT-VALUE}).")
    private String target;

    @Option(names = "--hang-timeout", paramLabel = "S", defaultValue = "10",
        description = "Seconds one case may run before it counts as a hang (default: ${DEFAULT-VALUE}).")
    private int hangTimeoutSeconds;

    /**
     * Makes a target by name.
     *
     * @param name   one of {@link #TARGETS}.
     * @param corpus the seed frames.
     * @return a new target.
     */
    public static FuzzTarget newTarget(final String name, final FuzzCorpus corpus)
    {
        switch (name)
        {
            case "scanner":
                return new ScannerTarget(corpus);
            case "decoders":
                return new DecoderTarget(corpus);
            case "reassembly":
                return new ReassemblyTarget(corpus);
            default:
                throw new IllegalArgumentException("unknown fuzz target: " + name);
        }
    }

    @Override
    public Integer call() throws InterruptedException
    {
        final List<String> targets = selectedTargets();
        if (durationSeconds < 1 || hangTimeoutSeconds < 1)
        {
            throw new ParameterException(spec.commandLine(), "--duration and --hang-timeout must be at least 1");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final long runSeed = seed != null ? seed : new SplittableRandom().nextLong();
        final FuzzCorpus corpus = FuzzCorpus.bundledCapture();
        out.printf("fuzz: seed %d, targets %s, %d s, corpus %d capture frames%n",
            runSeed, String.join(",", targets), durationSeconds, corpus.size());
        out.flush();

        final long shareNanos = TimeUnit.SECONDS.toNanos(durationSeconds) / targets.size();
        final FuzzEngine[] engines = new FuzzEngine[targets.size()];
        final long[] elapsedNanos = new long[targets.size()];
        int exitCode = EXIT_OK;
        for (int i = 0; i < targets.size() && exitCode == EXIT_OK; i++)
        {
            engines[i] = new FuzzEngine(newTarget(targets.get(i), corpus), runSeed);
            final long start = System.nanoTime();
            exitCode = run(engines[i], start + shareNanos, out);
            elapsedNanos[i] = System.nanoTime() - start;
        }
        printSummary(engines, elapsedNanos, out);
        out.flush();
        return exitCode;
    }

    private List<String> selectedTargets()
    {
        final String name = target.toLowerCase(Locale.ROOT);
        if (name.equals(ALL))
        {
            return TARGETS;
        }
        if (!TARGETS.contains(name))
        {
            throw new ParameterException(spec.commandLine(),
                "Unknown --target " + target + ": use scanner, decoders, reassembly or all");
        }
        return List.of(name);
    }

    private int run(final FuzzEngine engine, final long deadlineNanos, final PrintWriter out)
        throws InterruptedException
    {
        final String name = engine.target().name();
        final Thread worker = new Thread(() -> engine.runUntil(deadlineNanos), "cellwire-fuzz-" + name);
        worker.setDaemon(true);
        final long start = System.nanoTime();
        worker.start();
        final long hangNanos = TimeUnit.SECONDS.toNanos(hangTimeoutSeconds);
        long nextProgress = start + PROGRESS_INTERVAL_NANOS;
        while (worker.isAlive())
        {
            final long waitNanos = nextProgress - System.nanoTime();
            if (waitNanos > 0)
            {
                TimeUnit.NANOSECONDS.timedJoin(worker, waitNanos);
            }
            final long now = System.nanoTime();
            if (now - nextProgress >= 0)
            {
                printProgress(engine, now - start, out);
                nextProgress += PROGRESS_INTERVAL_NANOS;
            }
            final long running = engine.runningCase();
            if (running != FuzzEngine.NO_CASE && now - engine.caseStartNanos() > hangNanos &&
                engine.runningCase() == running)
            {
                out.printf("FAIL target %s seed %d case %d: hang: still running after %d s%ninput: %s%n",
                    name, engine.seed(), running, hangTimeoutSeconds, engine.target().describeCase());
                out.flush();
                return EXIT_FAILURE;
            }
        }
        final FuzzEngine.Failure failure = engine.failure();
        if (failure != null)
        {
            out.println("FAIL " + failure.describe());
            failure.cause().printStackTrace(out);
            out.flush();
            return EXIT_FAILURE;
        }
        return EXIT_OK;
    }

    private static void printProgress(final FuzzEngine engine, final long elapsedNanos, final PrintWriter out)
    {
        final FuzzStats stats = engine.stats();
        final StringBuilder line = new StringBuilder(engine.target().name())
            .append(' ').append(TimeUnit.NANOSECONDS.toSeconds(elapsedNanos)).append("s")
            .append(" cases ").append(stats.cases())
            .append(" accepted ").append(stats.accepted())
            .append(" rejected ").append(stats.rejected()).append(": ");
        out.println(stats.appendTopRejections(TOP_REJECTIONS, line));
        out.flush();
    }

    private static void printSummary(final FuzzEngine[] engines, final long[] elapsedNanos, final PrintWriter out)
    {
        out.println("summary:");
        out.printf("%-11s %11s %8s %10s %11s %12s %8s  %s%n",
            "target", "cases", "seconds", "cases/s", "accepted", "rejected", "failed", "top rejections");
        for (int i = 0; i < engines.length && engines[i] != null; i++)
        {
            final FuzzStats stats = engines[i].stats();
            final double seconds = elapsedNanos[i] / (double)TimeUnit.SECONDS.toNanos(1);
            out.printf("%-11s %11d %8.1f %10.0f %11d %12d %8s  %s%n",
                engines[i].target().name(), stats.cases(), seconds, stats.cases() / Math.max(seconds, Double.MIN_VALUE),
                stats.accepted(), stats.rejected(), engines[i].failure() == null ? "no" : "YES",
                stats.appendTopRejections(TOP_REJECTIONS, new StringBuilder()));
        }
    }
}
