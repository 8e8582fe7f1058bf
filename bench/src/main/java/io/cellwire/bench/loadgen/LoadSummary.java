package io.cellwire.bench.loadgen;

import io.cellwire.bench.json.JsonWriter;
import io.cellwire.client.Client;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The figures of one load run's measured time: counts, error codes, throughput and latency percentiles, printed as a
 * table and written as one JSON object. Made by the loadgen thread at the end of the run; immutable.
 * <p>
 * {@code sent} counts requests the measured time started (in an open loop: whose intended time falls in it); {@code ok}
 * and {@code errors} their RESULTs without and with an error code; {@code timeouts} those that got the client's
 * {@code :TIMEOUT} instead. Latencies are those of every measured RESULT, errors included, timeouts not.
 */
public final class LoadSummary
{
    /** Nanoseconds per microsecond, the unit of the percentiles. */
    private static final double NANOS_PER_MICRO = 1_000.0;
    private static final double P50 = 50.0;
    private static final double P90 = 90.0;
    private static final double P99 = 99.0;
    private static final double P999 = 99.9;

    final LoadSettings settings;
    final long sent;
    final long ok;
    final Map<String, Long> errors;
    final long errorCount;
    final long timeouts;
    final long sendFailures;
    final Map<String, Long> sendFailureCodes;
    final long expectedValues;
    final long unexpectedValues;
    final long sentAll;
    final long timeoutsAll;
    final long unmatched;
    final long outstanding;
    final long unsent;
    final long nudges;
    final long firstSequence;
    final long lastSequence;
    final long recorded;
    final double msgsPerSecond;
    final double p50Us;
    final double p90Us;
    final double p99Us;
    final double p999Us;
    final double maxUs;
    final double meanUs;
    private final Histogram latencies;
    private final long[] answeredByType;
    private final long[] failedByType;

    LoadSummary(
        final LoadSettings settings,
        final Histogram latencies,
        final long sent,
        final long ok,
        final Map<String, Long> errors,
        final long errorCount,
        final long timeouts,
        final long sendFailures,
        final Map<String, Long> sendFailureCodes,
        final long expectedValues,
        final long unexpectedValues,
        final long sentAll,
        final long timeoutsAll,
        final long unmatched,
        final long outstanding,
        final long unsent,
        final long nudges,
        final long firstSequence,
        final long lastSequence,
        final long[] answeredByType,
        final long[] failedByType)
    {
        this.settings = settings;
        this.sent = sent;
        this.ok = ok;
        this.errors = Map.copyOf(errors);
        this.errorCount = errorCount;
        this.timeouts = timeouts;
        this.sendFailures = sendFailures;
        this.sendFailureCodes = Map.copyOf(sendFailureCodes);
        this.expectedValues = expectedValues;
        this.unexpectedValues = unexpectedValues;
        this.sentAll = sentAll;
        this.timeoutsAll = timeoutsAll;
        this.unmatched = unmatched;
        this.outstanding = outstanding;
        this.unsent = unsent;
        this.nudges = nudges;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        recorded = latencies.getTotalCount();
        msgsPerSecond = (ok + errorCount) / (settings.durationNs / (double)TimeUnit.SECONDS.toNanos(1));
        p50Us = micros(latencies, P50);
        p90Us = micros(latencies, P90);
        p99Us = micros(latencies, P99);
        p999Us = micros(latencies, P999);
        maxUs = latencies.getMaxValue() / NANOS_PER_MICRO;
        meanUs = recorded == 0 ? 0 : latencies.getMean() / NANOS_PER_MICRO;
        this.latencies = latencies.copy();
        this.answeredByType = answeredByType.clone();
        this.failedByType = failedByType.clone();
    }

    /** @return RESULTs of the measured time, errors included, per second of it. */
    public double msgsPerSecond()
    {
        return msgsPerSecond;
    }

    /** @return the 99th percentile latency of the measured time in µs. */
    public double p99Us()
    {
        return p99Us;
    }

    /** @return RESULTs of the measured time without an error. */
    public long ok()
    {
        return ok;
    }

    /** @return RESULTs of the measured time with an error code. */
    public long errorCount()
    {
        return errorCount;
    }

    /** @return requests of the measured time that timed out. */
    public long timeouts()
    {
        return timeouts;
    }

    /** @return successful RESULTs whose value was not the one the target should answer with. */
    public long unexpectedValues()
    {
        return unexpectedValues;
    }

    /** @return nudge queries the clients sent (see {@code Client.Context#nudgeIntervalNs}). */
    public long nudges()
    {
        return nudges;
    }

    /**
     * Measured RESULTs with one error code.
     *
     * @param code the code's name without the colon, e.g. {@code LOAD}.
     * @return how many, 0 if none.
     */
    public long errors(final String code)
    {
        return errors.getOrDefault(code, 0L);
    }

    /**
     * RESULTs for one request type over the whole run, warm-up included, errors included.
     *
     * @param type {@link LoadSettings#QUERY}, {@link LoadSettings#STATUS} or {@link LoadSettings#TRANSACT}.
     * @return how many.
     */
    public long answered(final int type)
    {
        return answeredByType[type];
    }

    /**
     * RESULTs with an error code for one request type over the whole run, warm-up included.
     *
     * @param type {@link LoadSettings#QUERY}, {@link LoadSettings#STATUS} or {@link LoadSettings#TRANSACT}.
     * @return how many.
     */
    public long failed(final int type)
    {
        return failedByType[type];
    }

    /** @return a copy of the measured latencies, in ns. */
    public Histogram latencies()
    {
        return latencies.copy();
    }

    private static double micros(final Histogram latencies, final double percentile)
    {
        return latencies.getTotalCount() == 0 ? 0 : latencies.getValueAtPercentile(percentile) / NANOS_PER_MICRO;
    }

    /**
     * Whether every request of the run, warm-up included, ended with exactly one RESULT from the peer and every
     * scheduled request went out: no timeouts, nothing left in flight, no RESULT for an ID not in flight.
     *
     * @return true for a clean run (exit code 0).
     */
    public boolean clean()
    {
        return timeoutsAll == 0 && outstanding == 0 && unmatched == 0 && unsent == 0;
    }

    /**
     * Prints the summary table.
     *
     * @param out where it goes.
     */
    public void print(final PrintWriter out)
    {
        out.printf(Locale.ROOT, "loadgen %s at %s: %d s measured after %d s warm-up%n", settings.describe(),
            settings.target, TimeUnit.NANOSECONDS.toSeconds(settings.durationNs),
            TimeUnit.NANOSECONDS.toSeconds(settings.warmupNs));
        out.printf(Locale.ROOT, "sent %d, ok %d, errors %d, timeouts %d, send failures %d%n",
            sent, ok, errorCount, timeouts, sendFailures);
        out.printf(Locale.ROOT, "throughput %.1f msgs/s%n", msgsPerSecond);
        out.printf(Locale.ROOT, "latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (mean %.1f, %d " +
            "recorded%s)%n", p50Us, p90Us, p99Us, p999Us, maxUs, meanUs, recorded,
            settings.openLoop() ? ", from intended send times" : "");
        if (!errors.isEmpty())
        {
            out.println("errors by code: " + codes(errors, ":"));
        }
        if (!sendFailureCodes.isEmpty())
        {
            out.println("send failures by code (retried, not requests): " + codes(sendFailureCodes, ""));
        }
        out.printf(Locale.ROOT, "values: %d as expected, %d unexpected; nudges sent %d%s%n", expectedValues,
            unexpectedValues, nudges, lastSequence > 0 ?
                String.format(Locale.ROOT, "; sequence numbers %d..%d", firstSequence, lastSequence) : "");
        if (!clean())
        {
            out.printf(Locale.ROOT, "NOT CLEAN: %d timeouts (warm-up included), %d still in flight, %d unmatched " +
                "RESULTs, %d scheduled requests never sent%n", timeoutsAll, outstanding, unmatched, unsent);
        }
        out.flush();
    }

    /**
     * The summary as one JSON object: the fields {@code sent, ok, errors (code → count), timeouts, msgs_per_s,
     * p50_us, p90_us, p99_us, p999_us, max_us}, then the settings and the extra counts.
     *
     * @return the object, one line.
     */
    public String json()
    {
        final JsonWriter json = new JsonWriter().startObject()
            .field("sent", sent)
            .field("ok", ok);
        counts(json.name("errors"), errors)
            .field("timeouts", timeouts)
            .field("msgs_per_s", msgsPerSecond)
            .field("p50_us", p50Us)
            .field("p90_us", p90Us)
            .field("p99_us", p99Us)
            .field("p999_us", p999Us)
            .field("max_us", maxUs)
            .field("mean_us", meanUs)
            .field("recorded", recorded)
            .field("send_failures", sendFailures);
        counts(json.name("send_failure_codes"), sendFailureCodes)
            .field("expected_values", expectedValues)
            .field("unexpected_values", unexpectedValues)
            .field("warmup_and_measured_sent", sentAll)
            .field("warmup_and_measured_timeouts", timeoutsAll)
            .field("unmatched", unmatched)
            .field("outstanding", outstanding)
            .field("unsent", unsent)
            .field("nudges", nudges)
            .field("clean", clean())
            .field("type", LoadSettings.TYPE_NAMES[settings.type])
            .field("target", settings.target)
            .field("connections", settings.connections)
            .field("rate", settings.rate)
            .field("window", settings.openLoop() ? 0 : settings.window)
            .field("duration_s", TimeUnit.NANOSECONDS.toSeconds(settings.durationNs))
            .field("warmup_s", TimeUnit.NANOSECONDS.toSeconds(settings.warmupNs))
            .field("size", settings.paddedSize)
            .field("idle", settings.idle);
        return json.end().toString();
    }

    /**
     * Writes {@link #json()} and a newline to a file, as {@code --json} asks.
     *
     * @param file where.
     * @throws IOException if it cannot be written.
     */
    public void writeJson(final File file) throws IOException
    {
        Files.writeString(file.toPath(), json() + "\n", StandardCharsets.UTF_8);
    }

    private static String codes(final Map<String, Long> counts, final String prefix)
    {
        final StringBuilder b = new StringBuilder();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
            b.append(b.length() == 0 ? "" : ", ").append(prefix).append(entry.getKey()).append(' ')
                .append(entry.getValue()));
        return b.toString();
    }

    /** The counts as one object, keys in order, then the writer to go on with. */
    private static JsonWriter counts(final JsonWriter json, final Map<String, Long> counts)
    {
        json.startObject();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .forEach(entry -> json.field(entry.getKey(), entry.getValue()));
        return json.end();
    }
}
