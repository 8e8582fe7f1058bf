package io.cellwire.bench.transport;

import io.cellwire.codec.CellDescriptor;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

    private final MachineInfo machine;
    private final BenchSettings settings;
    private final List<PhaseResult> results = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();
    private double loadBefore;
    private double loadAfter;

    BenchReport(final MachineInfo machine, final BenchSettings settings)
    {
        this.machine = machine;
        this.settings = settings;
    }

    void add(final PhaseResult result)
    {
        results.add(result);
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
     * One progress line for a finished phase.
     *
     * @param index  1-based phase number.
     * @param count  number of phases.
     * @param result the phase.
     * @return the line.
     */
    static String progress(final int index, final int count, final PhaseResult result)
    {
        final String latency = result.isPingPong() ?
            String.format(Locale.ROOT, "p50 %.1f µs, p99.9 %.1f µs, ", result.percentileUs(P50),
                result.percentileUs(P999)) : "";
        return String.format(Locale.ROOT, "[%2d/%d] %5d B %-10s %-9s %s%,.0f msgs/s, %.1f MB/s, others %.0f%% CPU%s",
            index, count, result.payloadLength, result.contender, result.pattern, latency, result.messagesPerSecond(),
            result.megabytesPerSecond(), result.othersCpuPercent,
            result.note.isEmpty() ? "" : " (" + result.note + ")");
    }

    void print(final PrintWriter out)
    {
        out.println(machine.line());
        out.printf(Locale.ROOT, "load average: %.2f before, %.2f after; warm-up %d s, measured %d s per phase; " +
            "cellwire idle strategy %s%n", loadBefore, loadAfter, settings.warmupNs / 1_000_000_000L,
            settings.durationNs / 1_000_000_000L, settings.idleStrategy);
        out.println("size = payload cell bytes after the type byte; frame = whole request frame on the wire; " +
            "latency = round trip; MB/s = request frames one way (10^6 B); client/server B = bytes allocated per " +
            "message on that side's threads; others = CPU other processes took during the phase, % of all cores");
        out.println();
        out.printf(Locale.ROOT, "%6s %5s %-12s %-10s %-9s %8s %8s %8s %8s %9s %11s %8s %9s %9s %7s%n", "size",
            "frame", "exchange", "contender", "pattern", "p50 µs", "p90 µs", "p99 µs", "p99.9 µs", "max µs", "msgs/s",
            "MB/s", "client B", "server B", "others");
        for (final PhaseResult r : results)
        {
            out.printf(Locale.ROOT,
                "%6d %5d %-12s %-10s %-9s %8s %8s %8s %8s %9s %,11.0f %8.1f %9.2f %9.2f %6.0f%%%s%n", r.payloadLength, r.requestFrameLength, exchange(r.payloadLength), r.contender, r.pattern,
                us(r.percentileUs(P50)), us(r.percentileUs(P90)), us(r.percentileUs(P99)), us(r.percentileUs(P999)),
                us(r.maxUs()), r.messagesPerSecond(), r.megabytesPerSecond(), r.clientBytesPerMessage(),
                r.serverBytesPerMessage(), r.othersCpuPercent, r.note.isEmpty() ? "" : "  " + r.note);
        }
        out.println();
        out.printf(Locale.ROOT, "%6s  %-22s %-22s %-22s %-22s %-24s %-24s%n", "size",
            "cw p50 / raw p50", "cw p99.9 / raw p99.9", "cw p50 / netty p50", "cw p50 / netty-spin",
            "cw stream / netty", "cw stream / netty-spin");
        for (final int size : sizes)
        {
            out.printf(Locale.ROOT, "%6d  %-22s %-22s %-22s %-22s %-24s %-24s%n", size,
                ratio(latencyRatio(size, P50, RawNioBench.NAME), GOAL_P50_VS_RAW, true),
                ratio(latencyRatio(size, P999, RawNioBench.NAME), GOAL_P999_VS_RAW, true),
                ratio(latencyRatio(size, P50, NettyBench.NAME), GOAL_P50_VS_NETTY, true),
                ratio(latencyRatio(size, P50, NettyBench.SPIN_NAME), GOAL_P50_VS_NETTY, true),
                ratio(streamRatio(size, NettyBench.NAME), GOAL_STREAM_VS_NETTY, false),
                ratio(streamRatio(size, NettyBench.SPIN_NAME), GOAL_STREAM_VS_NETTY, false));
        }
        out.printf(Locale.ROOT, "goals: p50 <= %.2fx raw, p99.9 <= %.1fx raw, p50 <= %.1fx netty, " +
            "streaming >= %.1fx netty msgs/s%n", GOAL_P50_VS_RAW, GOAL_P999_VS_RAW, GOAL_P50_VS_NETTY,
            GOAL_STREAM_VS_NETTY);
        out.flush();
    }

    /**
     * The report as JSON: machine, settings, every phase and the ratios.
     *
     * @return a JSON document.
     */
    String json()
    {
        final StringBuilder b = new StringBuilder(4096);
        b.append("{\n  \"machine\": {\"cores\": ").append(machine.cores)
            .append(", \"cpu\": ").append(quote(machine.cpu))
            .append(", \"jvm\": ").append(quote(machine.jvm))
            .append(", \"os\": ").append(quote(machine.os))
            .append(", \"loadBefore\": ").append(number(loadBefore))
            .append(", \"loadAfter\": ").append(number(loadAfter)).append("},\n");
        b.append("  \"settings\": {\"warmupSeconds\": ").append(settings.warmupNs / 1_000_000_000L)
            .append(", \"durationSeconds\": ").append(settings.durationNs / 1_000_000_000L)
            .append(", \"idle\": ").append(quote(settings.idleStrategy)).append("},\n");
        b.append("  \"phases\": [\n");
        for (int i = 0; i < results.size(); i++)
        {
            final PhaseResult r = results.get(i);
            b.append("    {\"size\": ").append(r.payloadLength)
                .append(", \"frame\": ").append(r.requestFrameLength)
                .append(", \"exchange\": ").append(quote(exchange(r.payloadLength)))
                .append(", \"contender\": ").append(quote(r.contender))
                .append(", \"pattern\": ").append(quote(r.pattern))
                .append(", \"messages\": ").append(r.messages)
                .append(", \"seconds\": ").append(number(r.elapsedNs / 1e9))
                .append(", \"p50Us\": ").append(number(r.percentileUs(P50)))
                .append(", \"p90Us\": ").append(number(r.percentileUs(P90)))
                .append(", \"p99Us\": ").append(number(r.percentileUs(P99)))
                .append(", \"p999Us\": ").append(number(r.percentileUs(P999)))
                .append(", \"maxUs\": ").append(number(r.maxUs()))
                .append(", \"msgsPerSecond\": ").append(number(r.messagesPerSecond()))
                .append(", \"mbPerSecond\": ").append(number(r.megabytesPerSecond()))
                .append(", \"clientBytesPerMessage\": ").append(number(r.clientBytesPerMessage()))
                .append(", \"serverBytesPerMessage\": ").append(number(r.serverBytesPerMessage()))
                .append(", \"othersCpuPercent\": ").append(number(r.othersCpuPercent))
                .append(", \"note\": ").append(quote(r.note))
                .append(i + 1 < results.size() ? "},\n" : "}\n");
        }
        b.append("  ],\n  \"ratios\": [\n");
        for (int i = 0; i < sizes.size(); i++)
        {
            final int size = sizes.get(i);
            b.append("    {\"size\": ").append(size)
                .append(", \"p50VsRaw\": ").append(number(latencyRatio(size, P50, RawNioBench.NAME)))
                .append(", \"p999VsRaw\": ").append(number(latencyRatio(size, P999, RawNioBench.NAME)))
                .append(", \"p50VsNetty\": ").append(number(latencyRatio(size, P50, NettyBench.NAME)))
                .append(", \"p50VsNettySpin\": ").append(number(latencyRatio(size, P50, NettyBench.SPIN_NAME)))
                .append(", \"streamVsNetty\": ").append(number(streamRatio(size, NettyBench.NAME)))
                .append(", \"streamVsNettySpin\": ").append(number(streamRatio(size, NettyBench.SPIN_NAME)))
                .append(i + 1 < sizes.size() ? "},\n" : "}\n");
        }
        b.append("  ],\n  \"goals\": {\"p50VsRaw\": ").append(GOAL_P50_VS_RAW)
            .append(", \"p999VsRaw\": ").append(GOAL_P999_VS_RAW)
            .append(", \"p50VsNetty\": ").append(GOAL_P50_VS_NETTY)
            .append(", \"streamVsNetty\": ").append(GOAL_STREAM_VS_NETTY).append("}\n}\n");
        return b.toString();
    }

    private String exchange(final int size)
    {
        return size <= CellDescriptor.MAX_EMBEDDED_LENGTH ? "QUERY/RESULT" : "DATA/DATA";
    }

    private PhaseResult find(final int size, final String contender, final String pattern)
    {
        for (final PhaseResult r : results)
        {
            if (r.payloadLength == size && r.contender.equals(contender) && r.pattern.equals(pattern))
            {
                return r;
            }
        }
        return null;
    }

    private double latencyRatio(final int size, final double percentile, final String baseline)
    {
        final PhaseResult cellwire = find(size, CellwireBench.NAME, PhaseResult.PING_PONG);
        final PhaseResult other = find(size, baseline, PhaseResult.PING_PONG);
        return cellwire == null || other == null ? Double.NaN :
            cellwire.percentileUs(percentile) / other.percentileUs(percentile);
    }

    private double streamRatio(final int size, final String baseline)
    {
        final PhaseResult cellwire = find(size, CellwireBench.NAME, PhaseResult.STREAMING);
        final PhaseResult other = find(size, baseline, PhaseResult.STREAMING);
        return cellwire == null || other == null ? Double.NaN :
            cellwire.messagesPerSecond() / other.messagesPerSecond();
    }

    private static String ratio(final double value, final double goal, final boolean atMost)
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

    private static String number(final double value)
    {
        return Double.isNaN(value) || Double.isInfinite(value) ? "null" : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String quote(final String text)
    {
        final StringBuilder b = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                b.append('\\').append(c);
            }
            else if (c < ' ')
            {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
