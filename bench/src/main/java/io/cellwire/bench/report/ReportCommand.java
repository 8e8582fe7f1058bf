package io.cellwire.bench.report;

import io.cellwire.bench.cli.AgentErrorPrinter;
import io.cellwire.bench.plot.PercentilePlot;
import io.cellwire.bench.transport.MachineInfo;
import io.cellwire.bench.transport.TransportBench;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.SlotRing;
import org.openjdk.jmh.runner.RunnerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code cellwire report}: every side-by-side measurement in one run on one machine, one after another (never two at
 * once on the 2-core host), and one Markdown table of the figures and Cellwire's advantage over each baseline:
 * <ol>
 *     <li>codec: the generated message codecs against convex-core 0.7.9 on the same bytes (JMH, forked);</li>
 *     <li>slot handoff: a two-thread round trip through {@code SlotRing}s against Agrona's SPSC queue (JMH);</li>
 *     <li>loopback: the transport-bench ping-pong and streaming phases, Cellwire against raw NIO, Netty and
 *     busy-polling Netty;</li>
 *     <li>loadgen: the same load generator against our node, against a 0.7.9 reference peer and against a
 *     {@link FloorResponder}, taking turns in rounds, sequential and 64-deep QUERY round trips, with the goals of
 *     docs/performance.md's "Goals at a glance" (≥ 10× the reference's sequential round trips/s, ≥ 10× lower
 *     sequential p99) judged MET or MISSED from the measured figures of clean runs only (a run with a timeout, a
 *     wrong value, an error RESULT or a request left is NOT CLEAN and its goals are NOT JUDGED), and the floor
 *     responder's figures over the reference's, a baseline of what answering alone reaches with this client here
 *     (not a bound: our node has beaten it at W=64). Round trips/s and the percentiles count correct RESULTs
 *     only.</li>
 * </ol>
 * The table goes to stdout and, with the machine, command and date, to {@code --out}; {@code --plot} draws latency by
 * percentile of the two sequential runs. Progress goes to stderr. Runs on the calling thread.
 */
@Command(
    name = "report",
    description = {
        "Runs every side-by-side benchmark one after another (codec vs convex-core, slot handoff, loopback vs raw",
        "NIO and Netty, loadgen against our node, a 0.7.9 reference peer and a floor responder that only answers)",
        "and prints one Markdown table." },
    footer = {
        "",
        "The full run takes about 8 minutes; --quick about 30 seconds, for smoke tests (its figures are rough).",
        "Load figures count correct RESULTs only.",
        "A goal is judged MET or MISSED only when the runs of both targets were clean (no timeout, wrong value,",
        "error RESULT or request left); otherwise it reads NOT JUDGED (run not clean), and a NOT CLEAN note",
        "says why.",
        "Exit 0: the report was written. Exit 1: a phase failed. Exit 2: usage." })
public final class ReportCommand implements Callable<Integer>
{
    /** Goal: our node's sequential QUERY round trips/s over the reference's, at least. */
    public static final double GOAL_SEQUENTIAL_RATE = 10.0;
    /** Goal: the reference's sequential QUERY p99 over our node's, at least. */
    public static final double GOAL_SEQUENTIAL_P99 = 10.0;
    /** Every message case of the codec benchmark. */
    static final List<String> ALL_MESSAGES = List.of(
        "QUERY", "QUERY_ADDRESS", "RESULT_OK", "RESULT_ERROR", "TRANSACT", "BELIEF", "STATUS", "MISSING_DATA",
        "DATA_1844");
    /** The message cases of a quick run. */
    static final List<String> QUICK_MESSAGES = List.of("QUERY", "RESULT_OK");
    /** Payload sizes of the loopback phase. */
    static final List<Integer> SIZES = List.of(32, 1024, 8190);
    /** Baselines of the loopback phase, in table order. */
    static final List<String> LOOPBACK_BASELINES =
        List.of(TransportBench.RAW_NIO, TransportBench.NETTY, TransportBench.NETTY_SPIN);
    /** Name of the codec and reference peer baseline. */
    static final String REFERENCE = "convex 0.7.9";
    private static final String REFERENCE_PEER = "reference peer 0.7.9";
    private static final String FLOOR_RESPONDER = "floor responder";
    private static final String SLOT_BASELINE = "Agrona SPSC queue";
    private static final double P50 = 50.0;
    private static final double P99 = 99.0;
    private static final double NS_PER_S = 1e9;
    private static final int PLOT_WIDTH = 1000;
    private static final int PLOT_HEIGHT = 600;
    private static final double NS_PER_US = 1000.0;

    @Spec
    private CommandSpec spec;

    @Option(names = "--quick", description = "Shorten every phase (about 1 minute in all; rough figures).")
    private boolean quick;

    @Option(names = "--out", paramLabel = "FILE.md", description = "Also write the report as Markdown to FILE.")
    private File out;

    @Option(names = "--plot", paramLabel = "FILE.png",
        description = "Write latency by percentile of the sequential node and reference runs (.png).")
    private File plot;

    @Override
    public Integer call() throws IOException, RunnerException
    {
        if (plot != null && !PercentilePlot.supports(plot))
        {
            throw new ParameterException(spec.commandLine(), "--plot must end in .png: " + plot);
        }
        final PrintWriter stdout = spec.commandLine().getOut();
        final PrintWriter progress = spec.commandLine().getErr();
        final Plan plan = quick ? Plan.QUICK : Plan.FULL;
        final String command = "java -jar bench/target/cellwire.jar " +
            String.join(" ", spec.commandLine().getParseResult().originalArgs());
        final String date = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        final MachineInfo machine = MachineInfo.current();
        final double loadBefore = MachineInfo.loadAverage();
        final long startNs = System.nanoTime();
        progress.println("report: " + machine.line() + String.format(Locale.ROOT, ", load average %.2f", loadBefore));
        final ReportTable table = new ReportTable();

        phase(progress, "codec: MessageCodecBenchmark, ours and convex-core, " + plan.messages.size() +
            " messages in forked JMH runs");
        final JmhPhase jmh = new JmhPhase(plan.jmhWarmupIterations, plan.jmhWarmupMs, plan.jmhIterations,
            plan.jmhIterationMs, progress);
        for (final JmhPhase.CodecFigures codec : jmh.codec(plan.messages))
        {
            table.add("codec", codec.message + " decode ns/op", codec.decode, REFERENCE, codec.referenceDecode, true);
            table.add("codec", codec.message + " encode ns/op", codec.encode, REFERENCE, codec.referenceEncode, true);
        }

        phase(progress, "slot handoff: SlotRingBenchmark, two threads");
        final double[] slot = jmh.slotHandoff();
        table.add("slot handoff", "round trip (2 handoffs) p50 ns", slot[0], SLOT_BASELINE, slot[1], true);

        phase(progress, "loopback: transport-bench ping-pong and streaming at " + SIZES + " B");
        final TransportBench loopback = new TransportBench(plan.loopbackWarmupNs, plan.loopbackDurationNs,
            plan.loopbackRounds, IdleStrategies.SPIN, SIZES, TransportBench.CONTENDERS,
            new AgentErrorPrinter(progress));
        loopback.run(progress);
        addLoopbackRows(table, loopback);

        phase(progress, "loadgen: our node, the reference peer and the floor responder taking turns, QUERY at W=1 " +
            "and W=64 (adaptive) and W=1 (spin)");
        final LoadPhase.Totals[][] load = new LoadPhase(plan.loadWarmupNs, plan.loadSliceNs, plan.loadRounds,
            progress).run();
        final LoadFigures[] nodeFigures = new LoadFigures[LoadPhase.WINDOWS.length];
        final LoadFigures[] referenceFigures = new LoadFigures[LoadPhase.WINDOWS.length];
        final LoadFigures[] floorFigures = new LoadFigures[LoadPhase.WINDOWS.length];
        for (int i = 0; i < LoadPhase.WINDOWS.length; i++)
        {
            nodeFigures[i] = load[LoadPhase.NODE][i].figures();
            referenceFigures[i] = load[LoadPhase.REFERENCE][i].figures();
            floorFigures[i] = load[LoadPhase.FLOOR][i].figures();
        }
        addLoadRows(table, nodeFigures, referenceFigures, floorFigures);

        final double loadAfter = MachineInfo.loadAverage();
        final String markdown = markdown(table, command, date, machine.line(), loadBefore, loadAfter, plan,
            nodeFigures, referenceFigures, floorFigures, (System.nanoTime() - startNs) / NS_PER_S);
        stdout.print(markdown);
        stdout.flush();
        if (out != null)
        {
            Files.writeString(out.toPath(), markdown, StandardCharsets.UTF_8);
        }
        if (plot != null)
        {
            new PercentilePlot(PLOT_WIDTH, PLOT_HEIGHT, "us")
                .add("cellwire node, W=1, adaptive idle", load[LoadPhase.NODE][LoadPhase.SEQUENTIAL].latencies(),
                    NS_PER_US)
                .add("reference peer 0.7.9, W=1, adaptive idle loadgen",
                    load[LoadPhase.REFERENCE][LoadPhase.SEQUENTIAL].latencies(), NS_PER_US)
                .add("cellwire node, W=1, spin idle", load[LoadPhase.NODE][LoadPhase.SEQUENTIAL_SPIN].latencies(),
                    NS_PER_US)
                .add("reference peer 0.7.9, W=1, spin idle loadgen",
                    load[LoadPhase.REFERENCE][LoadPhase.SEQUENTIAL_SPIN].latencies(), NS_PER_US)
                .write(plot);
        }
        return 0;
    }

    private static void phase(final PrintWriter progress, final String what)
    {
        progress.println("== " + what);
        progress.flush();
    }

    /**
     * Per size and baseline: ping-pong p50 and p99 and streaming msgs/s, all rounds merged.
     *
     * @param table    where the rows go.
     * @param loopback the finished benchmark.
     */
    static void addLoopbackRows(final ReportTable table, final TransportBench loopback)
    {
        for (final int size : loopback.sizes())
        {
            final String phase = "loopback " + size + " B";
            for (final String baseline : LOOPBACK_BASELINES)
            {
                table.add(phase, "ping-pong p50 µs", loopback.pingPongUs(size, TransportBench.CELLWIRE, P50),
                    baseline, loopback.pingPongUs(size, baseline, P50), true);
                table.add(phase, "ping-pong p99 µs", loopback.pingPongUs(size, TransportBench.CELLWIRE, P99),
                    baseline, loopback.pingPongUs(size, baseline, P99), true);
                table.add(phase, "streaming msgs/s",
                    loopback.messagesPerSecond(size, TransportBench.STREAMING, TransportBench.CELLWIRE),
                    baseline, loopback.messagesPerSecond(size, TransportBench.STREAMING, baseline), false);
            }
        }
    }

    /**
     * Per configuration: QUERY round trips/s, p50 and p99 of our node against the reference peer, whose sequential
     * round trips/s and p99 rows carry the goals of docs/performance.md, judged only when both targets' runs were
     * clean, then round trips/s and p99 against the floor responder.
     *
     * @param table     where the rows go.
     * @param node      our node's figures, one per configuration of {@link LoadPhase#WINDOWS}.
     * @param reference the reference's figures, likewise.
     * @param floor     the floor responder's figures, likewise.
     */
    static void addLoadRows(
        final ReportTable table, final LoadFigures[] node, final LoadFigures[] reference, final LoadFigures[] floor)
    {
        for (int i = 0; i < LoadPhase.WINDOWS.length; i++)
        {
            final boolean sequential = LoadPhase.WINDOWS[i] == 1;
            final String phase = "loadgen QUERY W=" + LoadPhase.WINDOWS[i] + ", " + LoadPhase.IDLES[i] + " idle";
            final boolean clean = node[i].clean && reference[i].clean;
            table.add(phase, "round trips/s", node[i].msgsPerSecond, REFERENCE_PEER, reference[i].msgsPerSecond,
                false, sequential ? GOAL_SEQUENTIAL_RATE : Double.NaN, clean);
            table.add(phase, "p50 µs", node[i].p50Us, REFERENCE_PEER, reference[i].p50Us, true);
            table.add(phase, "p99 µs", node[i].p99Us, REFERENCE_PEER, reference[i].p99Us, true,
                sequential ? GOAL_SEQUENTIAL_P99 : Double.NaN, clean);
            table.add(phase, "round trips/s", node[i].msgsPerSecond, FLOOR_RESPONDER, floor[i].msgsPerSecond, false);
            table.add(phase, "p99 µs", node[i].p99Us, FLOOR_RESPONDER, floor[i].p99Us, true);
        }
    }

    /**
     * Per configuration, what the goals allow at most with this client on this machine: the floor responder's figures
     * over the reference's.
     *
     * @param reference the reference's figures, one per configuration of {@link LoadPhase#WINDOWS}.
     * @param floor     the floor responder's figures, likewise.
     * @return one line per configuration, e.g. {@code - loadgen QUERY W=1, spin idle: the floor responder 8.90× the
     * reference peer's round trips/s, 7.10× lower p99}, followed by {@code (from a run not clean)} when one was not.
     */
    static String ceilingLines(final LoadFigures[] reference, final LoadFigures[] floor)
    {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < LoadPhase.WINDOWS.length; i++)
        {
            b.append(String.format(Locale.ROOT, "- loadgen QUERY W=%d, %s idle: the floor responder %s the " +
                "reference peer's round trips/s, %s lower p99%s%n", LoadPhase.WINDOWS[i], LoadPhase.IDLES[i],
                ReportTable.advantage(floor[i].msgsPerSecond / reference[i].msgsPerSecond),
                ReportTable.advantage(reference[i].p99Us / floor[i].p99Us),
                reference[i].clean && floor[i].clean ? "" : " (from a run not clean)"));
        }
        return b.toString();
    }

    /**
     * The goal lines under the table, one per row with a goal.
     *
     * @param table the filled table.
     * @return e.g. {@code - loadgen QUERY W=1 round trips/s: 12.5× the reference peer's (goal ≥ 10×): MET}.
     */
    static String goalLines(final ReportTable table)
    {
        final StringBuilder b = new StringBuilder();
        for (final ReportTable.Row row : table.goals())
        {
            b.append("- ").append(row.phase()).append(' ').append(row.measure()).append(": Cellwire ")
                .append(ReportTable.advantage(row.advantage())).append(" better (goal ")
                .append(ReportTable.goal(row)).append(")\n");
        }
        return b.toString();
    }

    private static String markdown(
        final ReportTable table,
        final String command,
        final String date,
        final String machine,
        final double loadBefore,
        final double loadAfter,
        final Plan plan,
        final LoadFigures[] node,
        final LoadFigures[] reference,
        final LoadFigures[] floor,
        final double elapsedS)
    {
        final StringBuilder b = new StringBuilder(16 * 1024);
        b.append("# Cellwire performance report\n\n");
        b.append("- command: `").append(command.trim()).append("`\n");
        b.append("- date: ").append(date).append(String.format(Locale.ROOT, ", %.0f s%n", elapsedS));
        b.append("- ").append(machine).append('\n');
        b.append(String.format(Locale.ROOT, "- 1-minute load average %.2f before the run, %.2f after%n",
            loadBefore, loadAfter));
        b.append("- settings: ").append(plan.describe()).append("\n\n");
        b.append("Cellwire's advantage = how many times better Cellwire is: baseline ÷ Cellwire for times, " +
            "Cellwire ÷ baseline for rates; above 1× Cellwire is ahead.\n\n");
        b.append(table.markdown()).append('\n');
        b.append("Goals of docs/performance.md, judged from the figures above, of clean runs only:\n\n")
            .append(goalLines(table)).append('\n');
        b.append("A baseline of what answering alone reaches with this load generator here, not a bound: a responder " +
            "that only decodes each QUERY and writes its RESULT (FloorResponder), against the reference peer:\n\n")
            .append(ceilingLines(reference, floor)).append('\n');
        for (int i = 0; i < LoadPhase.WINDOWS.length; i++)
        {
            b.append(uncleanNote("our node", i, node[i]));
            b.append(uncleanNote("the reference peer", i, reference[i]));
            b.append(uncleanNote("the floor responder", i, floor[i]));
        }
        return b.toString();
    }

    /**
     * The note on a target's runs at one configuration when they were NOT CLEAN, or nothing.
     *
     * @param who    the target, e.g. {@code our node}.
     * @param config the configuration's index in {@link LoadPhase#WINDOWS}.
     * @param f      the target's figures at that configuration.
     * @return e.g. {@code NOT CLEAN: at W=1, adaptive idle, our node: 0 measured timeouts, 12 wrong values, 0 error
     * RESULTs; its figures judge no goal.} and a newline, or an empty string for clean runs.
     */
    static String uncleanNote(final String who, final int config, final LoadFigures f)
    {
        if (f.clean)
        {
            return "";
        }
        return String.format(Locale.ROOT, "NOT CLEAN: at W=%d, %s idle, %s: %d measured timeouts, %d wrong values, " +
            "%d error RESULTs; its figures judge no goal.%n", LoadPhase.WINDOWS[config],
            LoadPhase.IDLES[config], who, f.timeouts, f.wrong, f.errors);
    }

    /** How long each phase runs: the full report or the quick one. Immutable. */
    static final class Plan
    {
        static final Plan FULL = new Plan(ALL_MESSAGES, 2, 500, 3, 500,
            TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(4), 4,
            TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(4), 3);
        static final Plan QUICK = new Plan(QUICK_MESSAGES, 1, 100, 1, 200,
            TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(250), 1,
            TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(1), 1);

        final List<String> messages;
        final int jmhWarmupIterations;
        final long jmhWarmupMs;
        final int jmhIterations;
        final long jmhIterationMs;
        final long loopbackWarmupNs;
        final long loopbackDurationNs;
        final int loopbackRounds;
        final long loadWarmupNs;
        final long loadSliceNs;
        final int loadRounds;

        Plan(
            final List<String> messages,
            final int jmhWarmupIterations,
            final long jmhWarmupMs,
            final int jmhIterations,
            final long jmhIterationMs,
            final long loopbackWarmupNs,
            final long loopbackDurationNs,
            final int loopbackRounds,
            final long loadWarmupNs,
            final long loadSliceNs,
            final int loadRounds)
        {
            this.messages = messages;
            this.jmhWarmupIterations = jmhWarmupIterations;
            this.jmhWarmupMs = jmhWarmupMs;
            this.jmhIterations = jmhIterations;
            this.jmhIterationMs = jmhIterationMs;
            this.loopbackWarmupNs = loopbackWarmupNs;
            this.loopbackDurationNs = loopbackDurationNs;
            this.loopbackRounds = loopbackRounds;
            this.loadWarmupNs = loadWarmupNs;
            this.loadSliceNs = loadSliceNs;
            this.loadRounds = loadRounds;
        }

        String describe()
        {
            return String.format(Locale.ROOT, "JMH 1 fork, %d × %d ms warm-up, %d × %d ms measured per benchmark; " +
                "loopback %.2f s warm-up, %.2f s measured in %d rounds per phase, spin idle; loadgen 1 connection, " +
                "%d rounds of %.1f s warm-up and %.1f s measured per target and configuration, the targets taking " +
                "turns, node SHARED", jmhWarmupIterations, jmhWarmupMs, jmhIterations, jmhIterationMs,
                loopbackWarmupNs / NS_PER_S, loopbackDurationNs / NS_PER_S, loopbackRounds, loadRounds,
                loadWarmupNs / NS_PER_S, loadSliceNs / NS_PER_S);
        }
    }
}
