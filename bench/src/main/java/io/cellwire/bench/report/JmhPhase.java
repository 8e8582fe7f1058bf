package io.cellwire.bench.report;

import io.cellwire.bench.jmh.MessageCodecBenchmark;
import io.cellwire.bench.jmh.SlotRingBenchmark;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;

/**
 * The report's JMH phases, run through the JMH {@link Runner} API in forked JVMs (one fork per benchmark and
 * parameter, as the benchmarks' {@code @Fork} says, with its {@code --add-exports}), with the report's shorter
 * iteration settings: the message codecs against convex-core 0.7.9 ({@link MessageCodecBenchmark}) and the slot
 * handoff ({@link SlotRingBenchmark}). JMH's own output is discarded; the figures are returned. Run by the report's
 * thread; the benchmarks' threads live in the forks.
 */
final class JmhPhase
{
    /** Percentile of the sampled slot round trips that the report shows. */
    static final double SLOT_PERCENTILE = 50.0;
    private static final String MESSAGE_PARAM = "message";
    private static final String SLOT_RING_GROUP = "slotRing";
    private static final String QUEUE_GROUP = "agronaQueue";
    private static final String SLOT_RING_PING = "ping";
    private static final String QUEUE_PING = "pingQueue";
    /** What JMH's exception says when another JMH run holds its machine-wide lock. */
    private static final String LOCK_MESSAGE = "Unable to acquire the JMH lock";
    private static final String LOCK_FILE = "/tmp/jmh.lock";
    /** Longest wait for another JMH run to finish. */
    private static final long LOCK_WAIT_NS = TimeUnit.MINUTES.toNanos(15);
    /** Pause between attempts to take the lock. */
    private static final long LOCK_RETRY_NS = TimeUnit.SECONDS.toNanos(2);

    private final int warmupIterations;
    private final TimeValue warmupTime;
    private final int iterations;
    private final TimeValue iterationTime;
    private final PrintWriter progress;

    /**
     * @param warmupIterations warm-up iterations per benchmark.
     * @param warmupMs         milliseconds per warm-up iteration.
     * @param iterations       measured iterations per benchmark.
     * @param iterationMs      milliseconds per measured iteration.
     * @param progress         where a wait for another JMH run is told.
     */
    JmhPhase(
        final int warmupIterations,
        final long warmupMs,
        final int iterations,
        final long iterationMs,
        final PrintWriter progress)
    {
        this.progress = progress;
        this.warmupIterations = warmupIterations;
        warmupTime = TimeValue.milliseconds(warmupMs);
        this.iterations = iterations;
        iterationTime = TimeValue.milliseconds(iterationMs);
    }

    /**
     * Decode and encode of each message, ours and the reference's, in ns/op.
     *
     * @param messages names of {@link MessageCodecBenchmark#message} cases, e.g. {@code QUERY}.
     * @return one figure set per message, in the order given.
     * @throws RunnerException if JMH fails.
     */
    List<CodecFigures> codec(final List<String> messages) throws RunnerException
    {
        final Collection<RunResult> results = run(options(MessageCodecBenchmark.class, "\\.[a-zA-Z]+$")
            .param(MESSAGE_PARAM, messages.toArray(new String[0])));
        final CodecFigures[] figures = new CodecFigures[messages.size()];
        for (int i = 0; i < figures.length; i++)
        {
            figures[i] = new CodecFigures(messages.get(i));
        }
        for (final RunResult result : results)
        {
            final int index = messages.indexOf(result.getParams().getParam(MESSAGE_PARAM));
            final String benchmark = result.getParams().getBenchmark();
            final String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            figures[index].set(method, result.getPrimaryResult().getScore());
        }
        return List.of(figures);
    }

    /**
     * The median slot round trip across two threads, and the same through Agrona's SPSC queue.
     *
     * @return {@code [slot ring ns, Agrona queue ns]}, NaN where a group did not run.
     * @throws RunnerException if JMH fails.
     */
    double[] slotHandoff() throws RunnerException
    {
        final double[] roundTrips = { Double.NaN, Double.NaN };
        for (final RunResult result : run(options(SlotRingBenchmark.class, "\\.(" + SLOT_RING_GROUP + "|" +
            QUEUE_GROUP + ")$")))
        {
            final String benchmark = result.getParams().getBenchmark();
            if (benchmark.endsWith("." + SLOT_RING_GROUP))
            {
                roundTrips[0] = median(result.getSecondaryResults().get(SLOT_RING_PING));
            }
            else if (benchmark.endsWith("." + QUEUE_GROUP))
            {
                roundTrips[1] = median(result.getSecondaryResults().get(QUEUE_PING));
            }
        }
        return roundTrips;
    }

    private static double median(final Result<?> ping)
    {
        return ping == null ? Double.NaN : ping.getStatistics().getPercentile(SLOT_PERCENTILE);
    }

    private ChainedOptionsBuilder options(final Class<?> benchmark, final String methods)
    {
        return new OptionsBuilder()
            .include("^" + Pattern.quote(benchmark.getName()) + methods)
            .forks(1)
            .warmupIterations(warmupIterations)
            .warmupTime(warmupTime)
            .measurementIterations(iterations)
            .measurementTime(iterationTime)
            .shouldFailOnError(true);
    }

    /**
     * Runs JMH, waiting (bounded) while another JMH run on this machine holds JMH's lock: two benchmark runs at once
     * would spoil both, so the lock is never ignored.
     */
    private Collection<RunResult> run(final ChainedOptionsBuilder options) throws RunnerException
    {
        final PrintStream discard = new PrintStream(OutputStream.nullOutputStream());
        final long deadlineNs = System.nanoTime() + LOCK_WAIT_NS;
        boolean told = false;
        while (true)
        {
            try
            {
                return new Runner(options.build(), OutputFormatFactory.createFormatInstance(discard,
                    VerboseMode.SILENT)).run();
            }
            catch (final RunnerException ex)
            {
                final String message = String.valueOf(ex.getMessage());
                if (!message.contains(LOCK_MESSAGE) || System.nanoTime() - deadlineNs > 0)
                {
                    throw ex;
                }
                if (!told)
                {
                    progress.println("another JMH run holds " + LOCK_FILE + ": waiting for it (at most " +
                        TimeUnit.NANOSECONDS.toMinutes(LOCK_WAIT_NS) + " min)");
                    progress.flush();
                    told = true;
                }
                LockSupport.parkNanos(LOCK_RETRY_NS);
            }
        }
    }

    /** One message's four figures in ns/op; NaN until set. Filled by the report's thread. */
    static final class CodecFigures
    {
        final String message;
        double decode = Double.NaN;
        double encode = Double.NaN;
        double referenceDecode = Double.NaN;
        double referenceEncode = Double.NaN;

        CodecFigures(final String message)
        {
            this.message = message;
        }

        void set(final String method, final double nsPerOp)
        {
            switch (method)
            {
                case "decode":
                    decode = nsPerOp;
                    break;
                case "encode":
                    encode = nsPerOp;
                    break;
                case "referenceDecode":
                    referenceDecode = nsPerOp;
                    break;
                case "referenceEncode":
                    referenceEncode = nsPerOp;
                    break;
                default:
                    throw new IllegalArgumentException("unknown codec benchmark " + method);
            }
        }
    }
}
