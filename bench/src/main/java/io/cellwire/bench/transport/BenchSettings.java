package io.cellwire.bench.transport;

import org.agrona.ErrorHandler;

import java.util.concurrent.TimeUnit;

/**
 * How long each phase warms up and measures, in how many rounds, and how Cellwire's agents idle and where they report
 * exceptions. A phase (one size, one pattern, one contender) is measured in {@link #rounds} slices of
 * {@link #sliceNs()}, the contenders taking turns round by round, so that a slow spell of the shared host hits them
 * alike. Immutable; shared by every phase.
 */
final class BenchSettings
{
    /** Longest wait for a connection, a reply or a thread to stop before a phase fails. */
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    /** Warm-up of every slice after a contender's first at a size: the code is compiled, the sockets are new. */
    static final long REWARM_NS = TimeUnit.MILLISECONDS.toNanos(250);

    final long warmupNs;
    final long durationNs;
    final int rounds;
    final String idleStrategy;
    final ErrorHandler errorHandler;

    /**
     * @param warmupNs     warm-up of each contender's first slice at each size and pattern.
     * @param durationNs   measured time per phase, split over the rounds.
     * @param rounds       slices per phase.
     * @param idleStrategy Cellwire's idle strategy alias.
     * @param errorHandler where Cellwire's agents report their exceptions.
     */
    BenchSettings(
        final long warmupNs,
        final long durationNs,
        final int rounds,
        final String idleStrategy,
        final ErrorHandler errorHandler)
    {
        this.warmupNs = warmupNs;
        this.durationNs = durationNs;
        this.rounds = rounds;
        this.idleStrategy = idleStrategy;
        this.errorHandler = errorHandler;
    }

    /**
     * Measured time of one slice.
     *
     * @return nanoseconds.
     */
    long sliceNs()
    {
        return durationNs / rounds;
    }

    /**
     * Warm-up of the slice of a round.
     *
     * @param round 0-based.
     * @return nanoseconds.
     */
    long warmupNs(final int round)
    {
        return round == 0 ? warmupNs : Math.min(warmupNs, REWARM_NS);
    }
}
