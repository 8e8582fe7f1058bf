package io.cellwire.bench.loadgen;

import io.cellwire.bench.json.JsonWriter;
import io.cellwire.client.Client;
import org.HdrHistogram.Histogram;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The figures of one load run's measured time: counts, error codes, throughput and latency percentiles, printed as a
 * table and written as one JSON object, and whether the run passes. Made by the loadgen thread at the end of the run;
 * immutable.
 * <p>
 * {@code sent} counts requests the measured time started (in an open loop: whose intended time falls in it). Each got
 * one of: a correct RESULT ({@code ok}: the value {@link AnswerCheck} expects of the target), an error RESULT
 * ({@code errors}, by code), a RESULT with a wrong value ({@code wrong}), or the client's {@code :TIMEOUT}
 * ({@code timeouts}). Throughput and latencies count correct RESULTs only.
 * <p>
 * A run fails ({@link #failures}) on any wrong value, timeout, request left in flight, RESULT for no request in flight
 * or scheduled request never sent, warm-up included; on error RESULTs only when asked to.
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
    final long wrong;
    final Map<String, Long> errors;
    final long errorCount;
    final long timeouts;
    final long sendFailures;
    final Map<String, Long> sendFailureCodes;
    final long sentAll;
    final long errorsAll;
    final long wrongAll;
    final String firstWrong;
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
        final long wrong,
        final Map<String, Long> errors,
        final long errorCount,
        final long timeouts,
        final long sendFailures,
        final Map<String, Long> sendFailureCodes,
        final long sentAll,
        final long errorsAll,
        final long wrongAll,
        final String firstWrong,
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
        this.wrong = wrong;
        this.errors = Map.copyOf(errors);
        this.errorCount = errorCount;
        this.timeouts = timeouts;
        this.sendFailures = sendFailures;
        this.sendFailureCodes = Map.copyOf(sendFailureCodes);
        this.sentAll = sentAll;
        this.errorsAll = errorsAll;
        this.wrongAll = wrongAll;
        this.firstWrong = firstWrong;
        this.timeoutsAll = timeoutsAll;
        this.unmatched = unmatched;
        this.outstanding = outstanding;
        this.unsent = unsent;
        this.nudges = nudges;
        this.firstSequence = firstSequence;
        this.lastSequence = lastSequence;
        recorded = latencies.getTotalCount();
        msgsPerSecond = ok / (settings.durationNs / (double)TimeUnit.SECONDS.toNanos(1));
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

    /** @return correct RESULTs of the measured time per second of it; error RESULTs and wrong values not counted. */
    public double msgsPerSecond()
    {
        return msgsPerSecond;
    }

    /** @return the 99th percentile latency of the measured time's correct RESULTs in µs. */
    public double p99Us()
    {
        return p99Us;
    }

    /** @return correct RESULTs of the measured time: no error code, the value the target must give. */
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

    /** @return RESULTs of the measured time without an error code whose value was not the one the target must give. */
    public long wrong()
    {
        return wrong;
    }

    /** @return RESULTs with a wrong value over the whole run, warm-up included. */
    public long wrongWithWarmup()
    {
        return wrongAll;
    }

    /** @return RESULTs with an error code over the whole run, warm-up included. */
    public long errorsWithWarmup()
    {
        return errorsAll;
    }

    /** @return the first wrong value of the run and the one expected, or null if every value was correct. */
    public String firstWrong()
    {
        return firstWrong;
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
     * RESULTs for one request type over the whole run, warm-up included, errors and wrong values included.
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

    /** @return a copy of the measured latencies of correct RESULTs, in ns. */
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
     * @return true when every request was answered exactly once, error RESULTs and wrong values included.
     */
    public boolean answeredOnce()
    {
        return timeoutsAll == 0 && outstanding == 0 && unmatched == 0 && unsent == 0;
    }

    /**
     * Whether the run can be trusted: every request answered exactly once ({@link #answeredOnce()}) and no wrong
     * value, warm-up included. Error RESULTs do not make a run unclean: they are counted apart and not as throughput.
     *
     * @return true for a clean run.
     */
    public boolean clean()
    {
        return failures(false).isEmpty();
    }

    /**
     * Why the run fails, warm-up included: wrong values (the first one described), timeouts, requests left in flight,
     * RESULTs for no request in flight, scheduled requests never sent, and, when asked, error RESULTs.
     *
     * @param failOnError true when error RESULTs fail the run too.
     * @return a new list, one line per reason, empty when the run passes.
     */
    public List<String> failures(final boolean failOnError)
    {
        final List<String> failures = new ArrayList<>();
        if (wrongAll > 0)
        {
            failures.add(String.format(Locale.ROOT, "%d wrong values (first: %s)", wrongAll, firstWrong));
        }
        if (timeoutsAll > 0)
        {
            failures.add(timeoutsAll + " timeouts");
        }
        if (outstanding > 0)
        {
            failures.add(outstanding + " requests still in flight");
        }
        if (unmatched > 0)
        {
            failures.add(unmatched + " RESULTs for no request in flight");
        }
        if (unsent > 0)
        {
            failures.add(unsent + " scheduled requests never sent");
        }
        if (failOnError && errorsAll > 0)
        {
            failures.add(errorsAll + " error RESULTs (--fail-on-error)");
        }
        return failures;
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
        out.printf(Locale.ROOT, "sent %d, correct %d, errors %d, wrong %d, timeouts %d, send failures %d%n",
            sent, ok, errorCount, wrong, timeouts, sendFailures);
        out.printf(Locale.ROOT, "throughput %.1f msgs/s (correct RESULTs only)%n", msgsPerSecond);
        out.printf(Locale.ROOT, "latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f  (mean %.1f, %d " +
            "correct RESULTs recorded%s)%n", p50Us, p90Us, p99Us, p999Us, maxUs, meanUs, recorded,
            settings.openLoop() ? ", from intended send times" : "");
        if (!errors.isEmpty())
        {
            out.println("errors by code (not in throughput or latency): " + codes(errors, ":"));
        }
        if (!sendFailureCodes.isEmpty())
        {
            out.println("send failures by code (retried, not requests): " + codes(sendFailureCodes, ""));
        }
        final String checkedAgainst = settings.echoPeer ?
            "an echo peer (a QUERY's form back, a TRANSACT's own sequence number)" : "a CVM peer (computed values)";
        out.printf(Locale.ROOT, "values checked against %s; warm-up included: %d error RESULTs, %d wrong values; " +
            "nudges sent %d%s%n", checkedAgainst, errorsAll, wrongAll, nudges, lastSequence > 0 ?
            String.format(Locale.ROOT, "; sequence numbers %d..%d", firstSequence, lastSequence) : "");
        final List<String> failures = failures(false);
        if (!failures.isEmpty())
        {
            out.println("NOT CLEAN (warm-up included): " + String.join(", ", failures));
        }
        out.flush();
    }

    /**
     * The summary as one JSON object: the fields {@code sent, ok (correct RESULTs), errors (code → count), timeouts,
     * msgs_per_s, p50_us, p90_us, p99_us, p999_us, max_us}, then the extra counts and the settings.
     *
     * @return the object, one line.
     */
    public String json()
    {
        final JsonWriter json = new JsonWriter().startObject()
            .field("sent", sent)
            .field("ok", ok);
        counts(json.name("errors"), errors)
            .field("wrong", wrong)
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
            .field("first_wrong", firstWrong == null ? "" : firstWrong)
            .field("warmup_and_measured_sent", sentAll)
            .field("warmup_and_measured_errors", errorsAll)
            .field("warmup_and_measured_wrong", wrongAll)
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
            .field("idle", settings.idle)
            .field("echo_peer", settings.echoPeer);
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
