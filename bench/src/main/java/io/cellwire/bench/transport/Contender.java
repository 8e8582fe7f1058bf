package io.cellwire.bench.transport;

import org.HdrHistogram.Histogram;

/**
 * One transport under test. Every contender's phase runs the same skeleton, written once in {@link #run}: start both
 * ends over loopback, warm up, read the threads' allocations and the server's count, run the measured window, read
 * them again, stop. A contender only supplies its two ends as a {@link Phase}. Called on the benchmark thread only,
 * one phase at a time.
 */
abstract class Contender
{
    /**
     * The contender's name in the report.
     *
     * @return e.g. {@code cellwire}.
     */
    abstract String name();

    /**
     * A phase not yet started: no thread, socket or buffer is taken until {@link Phase#start()}.
     *
     * @param frames   what to send.
     * @param pingPong true for a ping-pong (one message in flight, round trips timed), false for one-way streaming
     *                 (the client sends as fast as back pressure allows, the server counts).
     * @return the phase.
     */
    abstract Phase phase(BenchFrames frames, boolean pingPong);

    /**
     * Runs one phase: warm-up, then the measured window.
     *
     * @param frames     what to send.
     * @param pattern    {@link PhaseResult#PING_PONG} or {@link PhaseResult#STREAMING}.
     * @param warmupNs   how long to run before measuring.
     * @param durationNs how long to measure.
     * @return the figures of the measured window; messages are the round trips timed in a ping-pong, the frames the
     * server counted when streaming; the others' CPU share is over the whole phase, start and stop included.
     */
    final PhaseResult run(final BenchFrames frames, final String pattern, final long warmupNs, final long durationNs)
    {
        final CpuShare cpu = new CpuShare();
        final boolean pingPong = PhaseResult.PING_PONG.equals(pattern);
        final Histogram histogram = pingPong ? PhaseResult.newHistogram() : null;
        final long streamed;
        final long elapsed;
        final long clientBytes;
        final long serverBytes;
        final String note;
        try (Phase phase = phase(frames, pingPong))
        {
            phase.start();
            phase.warmUp(System.nanoTime() + warmupNs, pingPong ? PhaseResult.newHistogram() : null);

            final ThreadAllocation clientThreads = new ThreadAllocation(phase.clientThread());
            final ThreadAllocation serverThreads = new ThreadAllocation(phase.serverThread());
            final long serverStart = serverThreads.bytes();
            final long clientStart = clientThreads.bytes();
            final long received = phase.serverReceived();
            final long start = System.nanoTime();
            phase.measure(start + durationNs, histogram);
            elapsed = System.nanoTime() - start;
            streamed = phase.serverReceived() - received;
            clientBytes = clientThreads.bytes() - clientStart;
            serverBytes = serverThreads.bytes() - serverStart;
            phase.awaitQuiet();
            note = phase.note();
        }
        return new PhaseResult(name(), pattern, frames.payloadLength, frames.requestLength,
            pingPong ? histogram.getTotalCount() : streamed, elapsed, histogram, clientBytes, serverBytes, note,
            cpu.othersPercent());
    }

    /**
     * A contender's two ends for one phase: what {@link #run} drives. Owned by the benchmark thread; the threads it
     * starts are its own to stop in {@link #close()}.
     */
    interface Phase extends AutoCloseable
    {
        /**
         * Starts the server and the client and connects them. What it took before a failure is released by
         * {@link #close()}, which {@link #run} calls either way.
         */
        void start();

        /**
         * Runs the phase's traffic before the measured window.
         *
         * @param endNs   {@code System.nanoTime()} to stop at.
         * @param scratch a histogram to record round trips into and throw away; null when streaming.
         */
        default void warmUp(final long endNs, final Histogram scratch)
        {
            measure(endNs, scratch);
        }

        /**
         * Runs the measured window.
         *
         * @param endNs     {@code System.nanoTime()} to stop at.
         * @param histogram where each round trip of a ping-pong goes, in ns; null when streaming.
         */
        void measure(long endNs, Histogram histogram);

        /** @return the thread that runs the client, for its allocations; asked after the warm-up. */
        Thread clientThread();

        /** @return the thread that runs the server, for its allocations; asked after the warm-up. */
        Thread serverThread();

        /** @return frames the server has received so far, read while it runs. */
        long serverReceived();

        /** Waits, bounded, until the client records nothing more, before the histogram is read. */
        default void awaitQuiet()
        {
        }

        /** @return what went wrong without failing the phase, e.g. {@code 3 mismatched replies}; empty if nothing. */
        default String note()
        {
            return "";
        }

        /** Stops what {@link #start()} started; whatever part of it did. */
        @Override
        void close();
    }

    /**
     * A phase whose client is the benchmark thread itself, looping on its socket until the deadline (Cellwire's
     * INVOKER client, raw NIO); Netty's client runs on its event loop instead. Benchmark thread.
     */
    abstract static class CallerClientPhase implements Phase
    {
        /** True for a ping-pong, false for streaming. */
        final boolean pingPong;

        CallerClientPhase(final boolean pingPong)
        {
            this.pingPong = pingPong;
        }

        @Override
        public final void measure(final long endNs, final Histogram histogram)
        {
            if (pingPong)
            {
                pingPongUntil(endNs, histogram);
            }
            else
            {
                streamUntil(endNs);
            }
        }

        @Override
        public final Thread clientThread()
        {
            return Thread.currentThread();
        }

        /** Sends one request at a time and waits for its reply until {@code endNs}, each round trip recorded. */
        abstract void pingPongUntil(long endNs, Histogram histogram);

        /** Sends as fast as back pressure allows until {@code endNs}. */
        abstract void streamUntil(long endNs);
    }
}
