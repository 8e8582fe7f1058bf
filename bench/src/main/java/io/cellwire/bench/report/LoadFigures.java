package io.cellwire.bench.report;

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
}
