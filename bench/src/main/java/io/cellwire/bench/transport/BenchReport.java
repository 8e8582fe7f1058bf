package io.cellwire.bench.transport;

import io.cellwire.bench.json.JsonWriter;
import io.cellwire.codec.CellDescriptor;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the results: one row per phase, then per size the ratios against the goals (p50 ≤ 1.15× raw NIO, p99.9 ≤ 2×
 * raw NIO, p50 ≤ 0.6× Netty, streaming ≥ 2× Netty), and the same figures as JSON. Owned by the benchmark thread.
 */
final class BenchReport
{
    /** Goal: Cellwire p50 over raw NIO p50, at most. */
    static final double GOAL_P50_VS_RAW = 1.15;
    /** Goal: Cellwire p99.9 over raw NIO p99.9, at most. */
    static final double GOAL_P999_VS_RAW = 2.0;
    /** Goal: Cellwire p50 over Netty p50, at most. */
    static final double GOAL_P50_VS_NETTY = 0.6;
    /** Goal: Cellwire streaming msgs/s over Netty's, at least. */
    static final double GOAL_STREAM_VS_NETTY = 2.0;

    private static final double P50 = 50.0;
    private static final double P90 = 90.0;
    private static final double P99 = 99.0;
    private static final double P999 = 99.9;
    private static final double NS_PER_S = 1e9;
    private static final String ROW =
        "%6d %5d %-12s %-10s %-9s %8s %8s %8s %8s %9s %,11.0f %8.1f %9.2f %9.2f %6.0f%%%s%n";

    private final MachineInfo machine;
    private final BenchSettings settings;
    private final Map<String, PhaseResult> phases = new LinkedHashMap<>();
    private final List<Slice> slices = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private double loadBefore;
    private double loadAfter;

    BenchReport(final MachineInfo machine, final BenchSettings settings)
    {
        this.machine = machine;
        this.settings = settings;
    }

    /**
     * Adds one measured slice: merged into its phase, and kept for the per-round ratios.
     *
     * @param round  0-based round.
     * @param result the slice.
     */
    void add(final int round, final PhaseResult result)
    {
        slices.add(new Slice(round, result));
        final String key = key(result.payloadLength, result.pattern, result.contender);
        final PhaseResult phase = phases.get(key);
        phases.put(key, phase == null ? result : phase.plus(result));
        if (!sizes.contains(result.payloadLength))
        {
            sizes.add(result.payloadLength);
        }
    }

    void load(final double before, final double after)
    {
        loadBefore = before;
        loadAfter = after;
    }

    /**
     * One progress line for a finished round of one size and pattern: each contender's slice.
     *
     * @param round   0-based round.
     * @param results the round's slices, one per contender.
     * @return the line.
     */
    String progress(final int round, final List<PhaseResult> results)
    {
        final PhaseResult first = results.get(0);
        final StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%5d B %-9s round %d/%d:",
            first.payloadLength, first.pattern, round + 1, settings.rounds));
        double others = 0;
        for (final PhaseResult r : results)
        {
            line.append(r.isPingPong() ?
                String.format(Locale.ROOT, "  %s p50 %.1f µs", r.contender, r.percentileUs(P50)) :
                String.format(Locale.ROOT, "  %s %,.0f msgs/s", r.contender, r.messagesPerSecond()));
            others = Math.max(others, r.othersCpuPercent);
            if (!r.note.isEmpty())
            {
                line.append(" (").append(r.note).append(')');
            }
        }
        return line.append(String.format(Locale.ROOT, "; others up to %.0f%% CPU", others)).toString();
    }

    void print(final PrintWriter out)
    {
        out.println(machine.line());
        out.printf(Locale.ROOT, "load average %.2f before, %.2f after; per phase %d rounds of %.2f s measured, " +
            "first warm-up %.0f s; cellwire idle strategy %s%n", loadBefore, loadAfter, settings.rounds,
            settings.sliceNs() / 1e9, settings.warmupNs / NS_PER_S, settings.idleStrategy);
        out.println("size = payload cell bytes after the type byte; frame = whole request frame on the wire; " +
            "latency = round trip (all rounds merged); MB/s = request frames one way (10^6 B);");
        out.println("exchange: QUERY answered by a RESULT, or a DATA frame echoed whose cell is a flat Blob or a Fn " +
            "of 64 embedded Blobs (which every Cellwire lane validates cell by cell; the baselines only cut frames);");
        out.println("client/server B = bytes allocated per message on that side's threads; others = CPU other " +
            "processes took meanwhile, % of all cores");
        out.println();
        out.printf(Locale.ROOT, "%6s %5s %-12s %-10s %-9s %8s %8s %8s %8s %9s %11s %8s %9s %9s %7s%n", "size",
            "frame", "exchange", "contender", "pattern", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs", "msgs/s",
            "MB/s", "client B", "server B", "others");
        for (final PhaseResult r : phases.values())
        {
            out.printf(Locale.ROOT, ROW, r.payloadLength, r.requestFrameLength, exchange(r.payloadLength),
                r.contender, r.pattern,
                us(r.percentileUs(P50)), us(r.percentileUs(P90)), us(r.percentileUs(P99)), us(r.percentileUs(P999)),
                us(r.maxUs()), r.messagesPerSecond(), r.megabytesPerSecond(), r.clientBytesPerMessage(),
                r.serverBytesPerMessage(), r.othersCpuPercent, r.note.isEmpty() ? "" : "  " + r.note);
        }
        out.println();
        out.println("ratios: median over the rounds of cellwire's figure over the other's in the same round " +
            "[lowest-highest]; p99.9 from the merged histograms");
        out.printf(Locale.ROOT, "%6s  %-24s %-16s %-24s %-24s %-24s %-24s%n", "size", "cw p50 / raw p50",
            "cw p99.9 / raw", "cw p50 / netty p50", "cw p50 / netty-spin", "cw stream / netty", "cw stream / n-spin");
        for (final int size : sizes)
        {
            out.printf(Locale.ROOT, "%6d  %-24s %-16s %-24s %-24s %-24s %-24s%n", size,
                ranged(roundRatios(size, PhaseResult.PING_PONG, RawNioBench.NAME), GOAL_P50_VS_RAW, true),
                verdict(mergedTailRatio(size), GOAL_P999_VS_RAW, true),
                ranged(roundRatios(size, PhaseResult.PING_PONG, NettyBench.NAME), GOAL_P50_VS_NETTY, true),
                ranged(roundRatios(size, PhaseResult.PING_PONG, NettyBench.SPIN_NAME), GOAL_P50_VS_NETTY, true),
                ranged(roundRatios(size, PhaseResult.STREAMING, NettyBench.NAME), GOAL_STREAM_VS_NETTY, false),
                ranged(roundRatios(size, PhaseResult.STREAMING, NettyBench.SPIN_NAME), GOAL_STREAM_VS_NETTY, false));
        }
        out.printf(Locale.ROOT, "goals: p50 <= %.2fx raw, p99.9 <= %.1fx raw, p50 <= %.1fx netty, " +
            "streaming >= %.1fx netty msgs/s (netty-spin columns: the same goals against busy-polling Netty)%n",
            GOAL_P50_VS_RAW, GOAL_P999_VS_RAW, GOAL_P50_VS_NETTY, GOAL_STREAM_VS_NETTY);
        out.flush();
    }

    /**
     * The report as JSON: machine, settings, every phase (rounds merged), every slice and the ratios.
     *
     * @return a JSON document, one member a line at the top level.
     */
    String json()
    {
        final JsonWriter json = new JsonWriter().startObjectLines();
        json.name("machine").startObject()
            .field("cores", machine.cores)
            .field("cpu", machine.cpu)
            .field("jvm", machine.jvm)
            .field("os", machine.os)
            .field("loadBefore", loadBefore)
            .field("loadAfter", loadAfter).end();
        json.name("settings").startObject()
            .field("warmupSeconds", settings.warmupNs / NS_PER_S)
            .field("durationSeconds", settings.durationNs / NS_PER_S)
            .field("rounds", settings.rounds)
            .field("idle", settings.idleStrategy).end();
        json.name("phases").startArrayLines();
        for (final PhaseResult r : phases.values())
        {
            phase(json, r, -1);
        }
        json.end().name("slices").startArrayLines();
        for (final Slice slice : slices)
        {
            phase(json, slice.result, slice.round);
        }
        json.end().name("ratios").startArrayLines();
        for (final int size : sizes)
        {
            json.startObject()
                .field("size", size)
                .field("p50VsRaw", median(roundRatios(size, PhaseResult.PING_PONG, RawNioBench.NAME)))
                .field("p999VsRaw", mergedTailRatio(size))
                .field("p50VsNetty", median(roundRatios(size, PhaseResult.PING_PONG, NettyBench.NAME)))
                .field("p50VsNettySpin", median(roundRatios(size, PhaseResult.PING_PONG, NettyBench.SPIN_NAME)))
                .field("streamVsNetty", median(roundRatios(size, PhaseResult.STREAMING, NettyBench.NAME)))
                .field("streamVsNettySpin", median(roundRatios(size, PhaseResult.STREAMING, NettyBench.SPIN_NAME)))
                .end();
        }
        json.end().name("goals").startObject()
            .field("p50VsRaw", GOAL_P50_VS_RAW)
            .field("p999VsRaw", GOAL_P999_VS_RAW)
            .field("p50VsNetty", GOAL_P50_VS_NETTY)
            .field("streamVsNetty", GOAL_STREAM_VS_NETTY).end();
        return json.end().toString() + "\n";
    }

    private static void phase(final JsonWriter json, final PhaseResult r, final int round)
    {
        json.startObject()
            .field("size", r.payloadLength)
            .field("frame", r.requestFrameLength)
            .field("exchange", exchange(r.payloadLength))
            .field("contender", r.contender)
            .field("pattern", r.pattern);
        if (round >= 0)
        {
            json.field("round", round + 1);
        }
        json.field("messages", r.messages)
            .field("seconds", r.elapsedNs / NS_PER_S)
            .field("p50Us", r.percentileUs(P50))
            .field("p90Us", r.percentileUs(P90))
            .field("p99Us", r.percentileUs(P99))
            .field("p999Us", r.percentileUs(P999))
            .field("maxUs", r.maxUs())
            .field("msgsPerSecond", r.messagesPerSecond())
            .field("mbPerSecond", r.megabytesPerSecond())
            .field("clientBytesPerMessage", r.clientBytesPerMessage())
            .field("serverBytesPerMessage", r.serverBytesPerMessage())
            .field("othersCpuPercent", r.othersCpuPercent)
            .field("note", r.note).end();
    }

    /**
     * A phase with its rounds merged.
     *
     * @return the phase, or null if it did not run.
     */
    PhaseResult phase(final int size, final String pattern, final String contender)
    {
        return phases.get(key(size, pattern, contender));
    }

    private static String exchange(final int size)
    {
        if (size <= CellDescriptor.MAX_EMBEDDED_LENGTH)
        {
            return "QUERY/RESULT";
        }
        return size <= BenchFrames.MAX_FLAT_BLOB_CELL ? "DATA Blob" : "DATA Fn";
    }

    private static String key(final int size, final String pattern, final String contender)
    {
        return size + "/" + pattern + "/" + contender;
    }

    /**
     * Cellwire's figure over another contender's, round by round: p50 for ping-pong, msgs/s for streaming.
     *
     * @return one ratio per round both ran in, in round order.
     */
    private double[] roundRatios(final int size, final String pattern, final String baseline)
    {
        final double[] ratios = new double[settings.rounds];
        int count = 0;
        for (int round = 0; round < settings.rounds; round++)
        {
            final PhaseResult cellwire = slice(size, pattern, CellwireBench.NAME, round);
            final PhaseResult other = slice(size, pattern, baseline, round);
            if (cellwire != null && other != null)
            {
                ratios[count++] = cellwire.isPingPong() ?
                    cellwire.percentileUs(P50) / other.percentileUs(P50) :
                    cellwire.messagesPerSecond() / other.messagesPerSecond();
            }
        }
        return Arrays.copyOf(ratios, count);
    }

    private double mergedTailRatio(final int size)
    {
        final PhaseResult cellwire = phases.get(key(size, PhaseResult.PING_PONG, CellwireBench.NAME));
        final PhaseResult raw = phases.get(key(size, PhaseResult.PING_PONG, RawNioBench.NAME));
        return cellwire == null || raw == null ? Double.NaN : cellwire.percentileUs(P999) / raw.percentileUs(P999);
    }

    private PhaseResult slice(final int size, final String pattern, final String contender, final int round)
    {
        for (final Slice s : slices)
        {
            final PhaseResult r = s.result;
            if (s.round == round && r.payloadLength == size && r.pattern.equals(pattern) &&
                r.contender.equals(contender))
            {
                return r;
            }
        }
        return null;
    }

    private static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String ranged(final double[] ratios, final double goal, final boolean atMost)
    {
        if (ratios.length == 0)
        {
            return "-";
        }
        final double[] sorted = ratios.clone();
        Arrays.sort(sorted);
        return verdict(median(ratios), goal, atMost) +
            String.format(Locale.ROOT, " [%.2f-%.2f]", sorted[0], sorted[sorted.length - 1]);
    }

    private static String verdict(final double value, final double goal, final boolean atMost)
    {
        if (Double.isNaN(value))
        {
            return "-";
        }
        final boolean met = atMost ? value <= goal : value >= goal;
        return String.format(Locale.ROOT, "%.2fx %s", value, met ? "ok" : "MISS");
    }

    private static String us(final double value)
    {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }

    /** One contender's slice of one round. */
    private static final class Slice
    {
        final int round;
        final PhaseResult result;

        Slice(final int round, final PhaseResult result)
        {
            this.round = round;
            this.result = result;
        }
    }
}
