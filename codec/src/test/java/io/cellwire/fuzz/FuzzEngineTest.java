package io.cellwire.fuzz;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's replay and failure reports, which every fuzz test and the command rely on. */
class FuzzEngineTest
{
    private static final long SEED = 42;

    @Test
    void shouldMakeTheSameInputsFromTheSameSeed()
    {
        final DecoderTarget first = new DecoderTarget(FuzzSuite.CORPUS);
        final DecoderTarget second = new DecoderTarget(FuzzSuite.CORPUS);
        for (long i = 0; i < 200; i++)
        {
            first.prepare(new SplittableRandom(FuzzEngine.caseSeed(SEED, i)));
            second.prepare(new SplittableRandom(FuzzEngine.caseSeed(SEED, i)));
            assertEquals(first.describeCase(), second.describeCase());
        }
    }

    @Test
    void shouldReportTheFirstFailureWithSeedCaseKindAndInput()
    {
        final FuzzEngine engine = new FuzzEngine(new FailingTarget(3), SEED);
        final FuzzEngine.Failure failure = engine.runCases(10);
        assertEquals(3, failure.caseIndex());
        assertEquals(3, engine.stats().cases());
        assertEquals("out-of-bounds read", failure.kind());
        assertTrue(failure.describe().startsWith("target failing seed 42 case 3: out-of-bounds read"),
            failure.describe());
        assertTrue(failure.describe().endsWith("input: 0a0b"), failure.describe());
    }

    @Test
    void shouldRunEveryCaseWhenNoneFails()
    {
        final FuzzEngine engine = new FuzzEngine(new FailingTarget(Long.MAX_VALUE), SEED);
        assertNull(engine.runCases(10));
        assertEquals(10, engine.stats().cases());
        assertEquals(FuzzEngine.NO_CASE, engine.runningCase());
    }

    @Test
    void shouldRunAtLeastAMillionCasesPerBuildAcrossAllTargets()
    {
        assertEquals(FuzzSuite.TOTAL_CASES, FuzzSuite.DECODER_CASES + FuzzSuite.SCANNER_CASES +
            FuzzSuite.REASSEMBLY_CASES + FuzzSuite.REFERENCE_CASES);
        assertTrue(FuzzSuite.TOTAL_CASES >= 1_000_000, "cases per build: " + FuzzSuite.TOTAL_CASES);
    }

    @Test
    void shouldRunTheFixedSeedsAndOneFreshSeedUnlessASeedIsGiven()
    {
        final long[] seeds = FuzzSuite.seeds();
        final String given = System.getProperty(FuzzEngine.SEED_PROPERTY);
        if (given == null || given.isBlank())
        {
            assertEquals(FuzzSuite.FIXED_SEEDS.length + 1, seeds.length);
            for (int i = 0; i < FuzzSuite.FIXED_SEEDS.length; i++)
            {
                assertEquals(FuzzSuite.FIXED_SEEDS[i], seeds[i]);
            }
        }
        else
        {
            assertEquals(1, seeds.length);
            assertEquals(Long.parseLong(given.trim()), seeds[0]);
        }
    }

    @Test
    void shouldTreatACodeThatNamesNoDecodeErrorAsAFailure()
    {
        assertThrows(FuzzFailure.class, () -> FuzzFailure.named(-1000, "decoder"));
        assertEquals(-1, FuzzFailure.named(-1, "decoder"));
        assertEquals(7, FuzzFailure.named(7, "decoder"));
    }

    /** Throws an out-of-bounds exception at one case index. */
    private static final class FailingTarget implements FuzzTarget
    {
        private final long failAt;
        private long index = -1;

        FailingTarget(final long failAt)
        {
            this.failAt = failAt;
        }

        @Override
        public String name()
        {
            return "failing";
        }

        @Override
        public void prepare(final SplittableRandom random)
        {
            index++;
        }

        @Override
        public void execute(final FuzzStats stats)
        {
            if (index == failAt)
            {
                throw new IndexOutOfBoundsException("index 2 out of bounds for length 2");
            }
        }

        @Override
        public String describeCase()
        {
            return "0a0b";
        }
    }
}
