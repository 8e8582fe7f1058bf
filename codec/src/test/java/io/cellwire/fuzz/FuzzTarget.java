package io.cellwire.fuzz;

import java.util.SplittableRandom;

/**
 * One thing to fuzz: it makes a case's input from a random source, runs the code under test on it and checks the
 * results, throwing {@link FuzzFailure} (or whatever the code under test throws) when a property breaks.
 * <p>
 * Owned by the thread that runs the cases; {@link #describeCase()} may be read by a watchdog once that thread is stuck.
 */
public interface FuzzTarget
{
    /**
     * The target's name on the command line.
     *
     * @return e.g. {@code scanner}.
     */
    String name();

    /**
     * Makes the next case's input; every random choice of the case is made here.
     *
     * @param random the case's source, seeded from the run seed and the case index.
     */
    void prepare(SplittableRandom random);

    /**
     * Runs the prepared case and checks it.
     *
     * @param stats where to count each verdict.
     * @throws FuzzFailure when a property breaks.
     */
    void execute(FuzzStats stats);

    /**
     * The prepared case's input, for a failure report.
     *
     * @return how it was made and its hex.
     */
    String describeCase();

    /** Checks the bounds of any state kept across cases (the reassembly store) and frees it; called once at the end. */
    default void finish()
    {
    }
}
