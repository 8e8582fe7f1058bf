package io.cellwire.bench.loadgen;

import io.cellwire.client.Client;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
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
        final StringBuilder b = new StringBuilder(512);
        b.append("{\"sent\": ").append(sent)
            .append(", \"ok\": ").append(ok)
            .append(", \"errors\": ").append(jsonCounts(errors))
            .append(", \"timeouts\": ").append(timeouts)
            .append(", \"msgs_per_s\": ").append(number(msgsPerSecond))
            .append(", \"p50_us\": ").append(number(p50Us))
            .append(", \"p90_us\": ").append(number(p90Us))
            .append(", \"p99_us\": ").append(number(p99Us))
            .append(", \"p999_us\": ").append(number(p999Us))
            .append(", \"max_us\": ").append(number(maxUs))
            .append(", \"mean_us\": ").append(number(meanUs))
            .append(", \"recorded\": ").append(recorded)
            .append(", \"send_failures\": ").append(sendFailures)
            .append(", \"send_failure_codes\": ").append(jsonCounts(sendFailureCodes))
            .append(", \"expected_values\": ").append(expectedValues)
            .append(", \"unexpected_values\": ").append(unexpectedValues)
            .append(", \"warmup_and_measured_sent\": ").append(sentAll)
            .append(", \"warmup_and_measured_timeouts\": ").append(timeoutsAll)
            .append(", \"unmatched\": ").append(unmatched)
            .append(", \"outstanding\": ").append(outstanding)
            .append(", \"unsent\": ").append(unsent)
            .append(", \"nudges\": ").append(nudges)
            .append(", \"clean\": ").append(clean())
            .append(", \"type\": \"").append(LoadSettings.TYPE_NAMES[settings.type]).append('"')
            .append(", \"target\": \"").append(escape(settings.target)).append('"')
            .append(", \"connections\": ").append(settings.connections)
            .append(", \"rate\": ").append(settings.rate)
            .append(", \"window\": ").append(settings.openLoop() ? 0 : settings.window)
            .append(", \"duration_s\": ").append(TimeUnit.NANOSECONDS.toSeconds(settings.durationNs))
            .append(", \"warmup_s\": ").append(TimeUnit.NANOSECONDS.toSeconds(settings.warmupNs))
            .append(", \"size\": ").append(settings.paddedSize)
            .append(", \"idle\": \"").append(settings.idle).append('"')
            .append('}');
        return b.toString();
    }

    private static String codes(final Map<String, Long> counts, final String prefix)
    {
        final StringBuilder b = new StringBuilder();
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
            b.append(b.length() == 0 ? "" : ", ").append(prefix).append(entry.getKey()).append(' ')
                .append(entry.getValue()));
        return b.toString();
    }

    private static String jsonCounts(final Map<String, Long> counts)
    {
        final StringBuilder b = new StringBuilder("{");
        counts.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
            b.append(b.length() == 1 ? "" : ", ").append('"').append(escape(entry.getKey())).append("\": ")
                .append(entry.getValue()));
        return b.append('}').toString();
    }

    private static String escape(final String text)
    {
        final StringBuilder b = new StringBuilder(text.length());
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
        return b.toString();
    }

    private static String number(final double value)
    {
        return String.format(Locale.ROOT, "%.3f", value);
    }
}
