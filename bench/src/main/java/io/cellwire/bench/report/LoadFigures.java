package io.cellwire.bench.report;

/**
 * The figures of one load run that the report shows: correct RESULTs per second, their p50 and p99 in µs (NaN when
 * nothing was recorded), and whether the run is clean: every request got exactly one RESULT, every value was correct
 * and none was an error RESULT. A goal is judged only from clean runs. Immutable.
 */
final class LoadFigures
{
    final double msgsPerSecond;
    final double p50Us;
    final double p99Us;
    final boolean clean;
    final long timeouts;
    final long wrong;
    final long errors;

    /**
     * @param msgsPerSecond correct RESULTs per second of the measured time.
     * @param p50Us         median latency of the correct RESULTs, NaN if none recorded.
     * @param p99Us         99th percentile latency of the correct RESULTs, NaN if none recorded.
     * @param clean         true when every request got exactly one RESULT, correct and without an error code.
     * @param timeouts      measured requests that timed out.
     * @param wrong         RESULTs with a wrong value, warm-up included.
     * @param errors        RESULTs with an error code, warm-up included.
     */
    LoadFigures(
        final double msgsPerSecond,
        final double p50Us,
        final double p99Us,
        final boolean clean,
        final long timeouts,
        final long wrong,
        final long errors)
    {
        this.msgsPerSecond = msgsPerSecond;
        this.p50Us = p50Us;
        this.p99Us = p99Us;
        this.clean = clean;
        this.timeouts = timeouts;
        this.wrong = wrong;
        this.errors = errors;
    }
}
