package io.cellwire.bench.report;

import io.cellwire.bench.cli.AgentErrorPrinter;
import io.cellwire.bench.demo.DemoPeerHandler;
import io.cellwire.bench.loadgen.LoadGenerator;
import io.cellwire.bench.loadgen.LoadSettings;
import io.cellwire.bench.loadgen.LoadSummary;
import io.cellwire.bench.peer.ReferencePeerNode;
import io.cellwire.bench.transport.NioResponder;
import io.cellwire.client.Client;
import io.cellwire.node.Node;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadingMode;
import org.HdrHistogram.Histogram;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The report's load phase: the same load generator (one thread, one {@code INVOKER} client, closed-loop QUERY of
 * {@code (+ 1 2)}) against our demo {@link Node}, against a 0.7.9 {@link ReferencePeerNode} and against a
 * {@link FloorResponder}, a baseline that does the least a QUERY needs, all in this process. Only one of
 * them runs at any time, each started for its run: each window is measured in rounds, and in each
 * round one load run goes to each target in turn (the order reversed every other round), so that a slow spell of the
 * shared host falls on all; a round's histograms and counts are merged into the target's totals. The node runs
 * SHARED on one thread with adaptive idle, as {@code cellwire node} does by default; the loadgen thread idles with
 * adaptive too. Run by the report's thread.
 */
final class LoadPhase
{
    /**
     * Windows of the configurations measured: sequential round trips and pipelined ones as {@code cellwire node}
     * runs by default, then sequential ones with the node and the load generator busy-polling.
     */
    static final int[] WINDOWS = { 1, 64, 1 };
    /** Idle strategy of the node's thread and the loadgen's thread, per configuration. */
    static final String[] IDLES = { IdleStrategies.ADAPTIVE, IdleStrategies.ADAPTIVE, IdleStrategies.SPIN };
    /** Index of the default sequential configuration. */
    static final int SEQUENTIAL = 0;
    /** Index of the busy-polling sequential configuration. */
    static final int SEQUENTIAL_SPIN = 2;
    /** Index of our node in the results. */
    static final int NODE = 0;
    /** Index of the reference peer in the results. */
    static final int REFERENCE = 1;
    /** Index of the {@link FloorResponder} in the results. */
    static final int FLOOR = 2;
    private static final String[] TARGET_NAMES = { "cellwire node", "reference peer", "floor responder" };
    private static final double NS_PER_S = 1e9;
    private static final double NS_PER_US = 1000.0;
    private static final double P50 = 50.0;
    private static final double P99 = 99.0;

    private final long warmupNs;
    private final long sliceNs;
    private final int rounds;
    private final PrintWriter progress;
    private final AgentErrorPrinter agentErrors;

    /**
     * @param warmupNs warm-up of each load run (each opens a new connection).
     * @param sliceNs  measured time of each load run.
     * @param rounds   load runs per target and window.
     * @param progress where the progress lines go, and the exceptions of our node's and the clients' agents.
     */
    LoadPhase(final long warmupNs, final long sliceNs, final int rounds, final PrintWriter progress)
    {
        this.warmupNs = warmupNs;
        this.sliceNs = sliceNs;
        this.rounds = rounds;
        this.progress = progress;
        agentErrors = new AgentErrorPrinter(progress);
    }

    /**
     * Runs every configuration against both targets.
     *
     * @return {@code [target][configuration]}: {@link #NODE}, {@link #REFERENCE} and {@link #FLOOR}, configurations as
     * {@link #WINDOWS} and {@link #IDLES}.
     * @throws FileNotFoundException never: no interval log is written.
     */
    Totals[][] run() throws FileNotFoundException
    {
        final Totals[][] totals = new Totals[TARGET_NAMES.length][WINDOWS.length];
        for (int c = 0; c < WINDOWS.length; c++)
        {
            for (final Totals[] target : totals)
            {
                target[c] = new Totals();
            }
            for (int round = 0; round < rounds; round++)
            {
                final StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                    "loadgen W=%d %s idle, round %d/%d:", WINDOWS[c], IDLES[c], round + 1, rounds));
                for (int i = 0; i < TARGET_NAMES.length; i++)
                {
                    final int target = round % 2 == 0 ? i : TARGET_NAMES.length - 1 - i;
                    final LoadSummary summary = run(target, WINDOWS[c], IDLES[c]);
                    totals[target][c].add(summary, sliceNs);
                    line.append(String.format(Locale.ROOT, "  %s %,.0f msgs/s p99 %.1f µs%s",
                        TARGET_NAMES[target], summary.msgsPerSecond(), summary.p99Us(),
                        Totals.clean(summary) ? "" : " (NOT CLEAN)"));
                }
                progress.println(line);
                progress.flush();
            }
        }
        return totals;
    }

    private LoadSummary run(final int target, final int window, final String idle) throws FileNotFoundException
    {
        switch (target)
        {
            case NODE:
                return runOnNode(window, idle);
            case REFERENCE:
                return runOnReference(window, idle);
            default:
                return runOnFloor(window, idle);
        }
    }

    /**
     * One run against a node launched for it with the run's idle strategy, so that a spinning node never takes a
     * core while the reference is measured; the warm-up covers the new node's first duty cycles.
     */
    private LoadSummary runOnNode(final int window, final String idle) throws FileNotFoundException
    {
        try (Node node = Node.launch(DemoPeerHandler.nodeContext()
            .transport(t -> t.port(0).threadingMode(ThreadingMode.SHARED).idleStrategy(idle)
                .errorHandler(agentErrors))))
        {
            final InetSocketAddress address = node.localAddress();
            return runOnce(address.getHostString() + ":" + address.getPort(), window, idle, true);
        }
    }

    /**
     * One run against a reference peer started for it, so that, as with our node, nothing of the other target runs
     * meanwhile: an idle 0.7.9 peer keeps about 25 threads that wake now and then (1.5% of a core), which would fall on
     * our node's runs.
     */
    private LoadSummary runOnReference(final int window, final String idle) throws FileNotFoundException
    {
        try (ReferencePeerNode peer = ReferencePeerNode.start(
            0, ReferencePeerNode.parseSeed(ReferencePeerNode.DEFAULT_SEED_HEX)))
        {
            return runOnce(peer.endpoint(), window, idle, false);
        }
    }

    /** One run against a {@link FloorResponder} started for it, idling as the node of the run does. */
    private LoadSummary runOnFloor(final int window, final String idle) throws FileNotFoundException
    {
        try (NioResponder floor = FloorResponder.start(idle))
        {
            return runOnce(floor.endpoint(), window, idle, true);
        }
    }

    private LoadSummary runOnce(final String target, final int window, final String idle, final boolean echoPeer)
        throws FileNotFoundException
    {
        final LoadSettings settings = new LoadSettings(target, LoadSettings.QUERY, 1, 0, window, sliceNs, warmupNs,
            0, ReferencePeerNode.parseSeed(ReferencePeerNode.DEFAULT_SEED_HEX), ReferencePeerNode.GENESIS_ADDRESS,
            TimeUnit.MILLISECONDS.toNanos(Client.Context.DEFAULT_TIMEOUT_MS), idle, null, echoPeer);
        // the generator's once-a-second lines are dropped: the round line above sums each run up
        try (LoadGenerator generator =
            new LoadGenerator(settings, new PrintWriter(PrintWriter.nullWriter()), agentErrors))
        {
            return generator.run();
        }
    }

    /**
     * One target's rounds at one window, merged: correct RESULTs and their latencies only, and whether every round was
     * clean. Owned by the report's thread.
     */
    static final class Totals
    {
        private final Histogram latencies = new Histogram(LoadGenerator.HIGHEST_TRACKABLE_NS,
            LoadGenerator.SIGNIFICANT_DIGITS);
        private long correct;
        private long measuredNs;
        private long timeouts;
        private long wrong;
        private long errors;
        private boolean clean = true;

        /**
         * Whether the report counts a run as clean: every request answered exactly once, every value correct (the
         * load generator's {@link LoadSummary#clean()}) and no error RESULT, warm-up included, since a target that
         * sheds or rejects is not answering the load the figures stand for.
         *
         * @param summary the run.
         * @return true when its figures may judge a goal.
         */
        static boolean clean(final LoadSummary summary)
        {
            return summary.clean() && summary.errorsWithWarmup() == 0;
        }

        void add(final LoadSummary summary, final long durationNs)
        {
            latencies.add(summary.latencies());
            correct += summary.ok();
            measuredNs += durationNs;
            timeouts += summary.timeouts();
            wrong += summary.wrongWithWarmup();
            errors += summary.errorsWithWarmup();
            clean &= clean(summary);
        }

        /** @return a copy of the merged latencies in ns. */
        Histogram latencies()
        {
            return latencies.copy();
        }

        /** @return the report's figures: correct RESULTs/s over all rounds, p50 and p99 of the merged histogram. */
        LoadFigures figures()
        {
            final boolean recorded = latencies.getTotalCount() > 0;
            return new LoadFigures(measuredNs == 0 ? Double.NaN : correct * NS_PER_S / measuredNs,
                recorded ? latencies.getValueAtPercentile(P50) / NS_PER_US : Double.NaN,
                recorded ? latencies.getValueAtPercentile(P99) / NS_PER_US : Double.NaN, clean, timeouts, wrong,
                errors);
        }
    }
}
