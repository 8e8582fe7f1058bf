package io.cellwire.bench.transport;

/**
 * One transport under test: runs a ping-pong or a streaming phase over loopback, starting and stopping its own
 * threads, and returns the figures of the measured window. Called on the benchmark thread only, one phase at a time.
 */
interface Contender
{
    /**
     * The contender's name in the report.
     *
     * @return e.g. {@code cellwire}.
     */
    String name();

    /**
     * Runs a ping-pong phase: one message in flight, round trips timed.
     *
     * @param frames     what to send.
     * @param warmupNs   how long to run before measuring.
     * @param durationNs how long to measure.
     * @return the figures of the measured window.
     */
    PhaseResult pingPong(BenchFrames frames, long warmupNs, long durationNs);

    /**
     * Runs a one-way streaming phase: the client sends as fast as back pressure allows, the server counts.
     *
     * @param frames     what to send.
     * @param warmupNs   how long to run before measuring.
     * @param durationNs how long to measure.
     * @return the figures of the measured window.
     */
    PhaseResult stream(BenchFrames frames, long warmupNs, long durationNs);
}
