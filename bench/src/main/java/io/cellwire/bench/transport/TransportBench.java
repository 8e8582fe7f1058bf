package io.cellwire.bench.transport;

import org.agrona.ErrorHandler;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The loopback transport benchmark as a component: for each message size and pattern (ping-pong, streaming), the
 * chosen contenders measured in rounds, taking turns (in reverse order every other round) so that the shared host's
 * slow spells fall on all of them, then the figures (and, printed, the round-by-round ratios against the goals). Used
 * by {@code transport-bench} and {@code report}. Never more than two threads spin at once: each slice stops its
 * threads before the next starts. Owned by the thread that calls {@link #run}, which is also the client of the
 * Cellwire and raw NIO phases.
 */
public final class TransportBench
{
    /** Name of Cellwire in the results. */
    public static final String CELLWIRE = CellwireBench.NAME;
    /** Name of the raw NIO busy-spin floor. */
    public static final String RAW_NIO = RawNioBench.NAME;
    /** Name of Netty as it ships (blocking select when idle). */
    public static final String NETTY = NettyBench.NAME;
    /** Name of busy-polling Netty. */
    public static final String NETTY_SPIN = NettyBench.SPIN_NAME;
    /** Every contender, in the order each size runs them. */
    public static final List<String> CONTENDERS = List.of(CELLWIRE, RAW_NIO, NETTY, NETTY_SPIN);
    /** The ping-pong pattern's name. */
    public static final String PING_PONG = PhaseResult.PING_PONG;
    /** The streaming pattern's name. */
    public static final String STREAMING = PhaseResult.STREAMING;

    private final BenchSettings settings;
    private final List<Integer> sizes;
    private final List<String> contenders;
    private final MachineInfo machine = MachineInfo.current();
    private final BenchReport report;

    /**
     * @param warmupNs     warm-up of each contender's first slice at each size and pattern.
     * @param durationNs   measured time per phase, split over the rounds.
     * @param rounds       slices per phase.
     * @param idleStrategy Cellwire's idle strategy alias.
     * @param sizes        payload sizes, each {@link BenchFrames#MIN_QUERY_PAYLOAD}..{@link BenchFrames#MAX_PAYLOAD}.
     * @param contenders   names from {@link #CONTENDERS}.
     * @param errorHandler where Cellwire's agents report their exceptions.
     */
    public TransportBench(
        final long warmupNs,
        final long durationNs,
        final int rounds,
        final String idleStrategy,
        final List<Integer> sizes,
        final List<String> contenders,
        final ErrorHandler errorHandler)
    {
        settings = new BenchSettings(warmupNs, durationNs, rounds, idleStrategy, errorHandler);
        this.sizes = List.copyOf(sizes);
        this.contenders = List.copyOf(contenders);
        report = new BenchReport(machine, settings);
    }

    /**
     * Runs every phase, printing the machine, the load average and one line per round.
     *
     * @param progress where the progress goes.
     */
    public void run(final PrintWriter progress)
    {
        final double loadBefore = MachineInfo.loadAverage();
        progress.println(machine.line());
        progress.printf(Locale.ROOT, "load average %.2f on %d cores%s%n", loadBefore, machine.cores,
            loadBefore > machine.cores / 2.0 ? ": the machine is busy, expect noisy numbers" : "");
        progress.flush();
        final List<Contender> selected = new ArrayList<>();
        for (final Contender contender : List.of(new CellwireBench(settings), new RawNioBench(),
            new NettyBench(false), new NettyBench(true)))
        {
            if (contenders.contains(contender.name()))
            {
                selected.add(contender);
            }
        }
        for (final int payload : sizes)
        {
            final BenchFrames frames = new BenchFrames(payload);
            for (final String pattern : List.of(PING_PONG, STREAMING))
            {
                for (int round = 0; round < settings.rounds; round++)
                {
                    final List<PhaseResult> results = new ArrayList<>();
                    for (int i = 0; i < selected.size(); i++)
                    {
                        final Contender contender = selected.get(round % 2 == 0 ? i : selected.size() - 1 - i);
                        final PhaseResult result =
                            contender.run(frames, pattern, settings.warmupNs(round), settings.sliceNs());
                        report.add(round, result);
                        results.add(result);
                    }
                    progress.println(report.progress(round, results));
                    progress.flush();
                }
            }
        }
        report.load(loadBefore, MachineInfo.loadAverage());
    }

    /**
     * Prints the full table and the ratios against the transport goals.
     *
     * @param out where it goes.
     */
    public void print(final PrintWriter out)
    {
        report.print(out);
    }

    /** @return the figures as a JSON document. */
    public String json()
    {
        return report.json();
    }

    /**
     * A ping-pong round-trip percentile, all rounds merged.
     *
     * @param size       payload size.
     * @param contender  a name from {@link #CONTENDERS}.
     * @param percentile e.g. 99.0.
     * @return µs, or NaN if the phase did not run.
     */
    public double pingPongUs(final int size, final String contender, final double percentile)
    {
        final PhaseResult phase = report.phase(size, PING_PONG, contender);
        return phase == null ? Double.NaN : phase.percentileUs(percentile);
    }

    /**
     * Messages per second of a phase, all rounds merged: round trips for ping-pong, one-way messages for streaming.
     *
     * @param size      payload size.
     * @param pattern   {@link #PING_PONG} or {@link #STREAMING}.
     * @param contender a name from {@link #CONTENDERS}.
     * @return msgs/s, or NaN if the phase did not run.
     */
    public double messagesPerSecond(final int size, final String pattern, final String contender)
    {
        final PhaseResult phase = report.phase(size, pattern, contender);
        return phase == null ? Double.NaN : phase.messagesPerSecond();
    }

    /** @return the payload sizes measured. */
    public List<Integer> sizes()
    {
        return sizes;
    }
}
