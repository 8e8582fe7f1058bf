package io.cellwire.bench.report;

import io.cellwire.bench.loadgen.LoadSummary;

/**
 * The figures of one load run that the report shows: RESULTs per second, p50 and p99 in µs (NaN when nothing was
 * recorded), and whether every request got exactly one RESULT. Immutable.
 */
final class LoadFigures
{
    final double msgsPerSecond;
    final double p50Us;
    final double p99Us;
    final boolean clean;
    final long timeouts;

    /**
     * @param msgsPerSecond RESULTs per second of the measured time.
     * @param p50Us         median latency, NaN if none recorded.
     * @param p99Us         99th percentile latency, NaN if none recorded.
     * @param clean         true when every request got exactly one RESULT.
     * @param timeouts      measured requests that timed out.
     */
    LoadFigures(
        final double msgsPerSecond, final double p50Us, final double p99Us, final boolean clean, final long timeouts)
    {
        this.msgsPerSecond = msgsPerSecond;
        this.p50Us = p50Us;
        this.p99Us = p99Us;
        this.clean = clean;
        this.timeouts = timeouts;
    }

    /**
     * The figures of a load generator's summary.
     *
     * @param summary the run.
     * @return its figures; latencies NaN when no RESULT was recorded.
     */
    static LoadFigures of(final LoadSummary summary)
    {
        final boolean recorded = summary.ok() + summary.errorCount() > 0;
        return new LoadFigures(summary.msgsPerSecond(), recorded ? summary.p50Us() : Double.NaN,
            recorded ? summary.p99Us() : Double.NaN, summary.clean(), summary.timeouts());
    }
}
