package io.cellwire.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The walker and the message decoders against convex-core 0.7.9's {@code Format.read} (see {@link ReferenceTarget}):
 * what we accept the reference reads to the same value and value ID; what the reference reads and encodes back alike
 * we accept, unless one of our documented {@link StricterRule}s rejects it.
 */
class FuzzReferenceTest
{
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldAgreeWithTheReferenceOnEveryCorpusCell()
    {
        final ReferenceTarget target = new ReferenceTarget();
        final FuzzStats stats = new FuzzStats();
        for (int i = 0; i < target.corpusSize(); i++)
        {
            target.prepareCorpusCell(i);
            try
            {
                target.execute(stats);
            }
            catch (final RuntimeException ex)
            {
                fail("corpus cell " + i + ": " + ex.getMessage(), ex);
            }
            stats.onCase();
        }
        System.out.println(summary(List.of(target), stats));
        assertTrue(target.outcomes(ReferenceTarget.Outcome.BOTH_ACCEPT) > FuzzSuite.CORPUS.size(),
            "every capture payload, and most golden cells, accepted by both");
        assertTrue(target.outcomes(ReferenceTarget.Outcome.STRICTER_CONFIRMED) > 0, "a golden stricter case");
        assertTrue(target.outcomes(ReferenceTarget.Outcome.BOTH_REJECT) > 0, "golden invalid cells");
    }

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldAgreeWithTheReferenceOnHostileCells() throws InterruptedException
    {
        final FuzzSuite.Run<ReferenceTarget> run = FuzzSuite.run(ReferenceTarget::new, FuzzSuite.REFERENCE_CASES);
        System.out.println(summary(run.targets(), run.stats()));
        long bothAccept = 0;
        long confirmed = 0;
        long bothReject = 0;
        for (final ReferenceTarget target : run.targets())
        {
            bothAccept += target.outcomes(ReferenceTarget.Outcome.BOTH_ACCEPT);
            confirmed += target.outcomes(ReferenceTarget.Outcome.STRICTER_CONFIRMED);
            bothReject += target.outcomes(ReferenceTarget.Outcome.BOTH_REJECT);
        }
        assertTrue(bothAccept > 0 && bothReject > 0, "both verdicts seen");
        assertTrue(confirmed > 0, "a stricter rule met and confirmed by the reference");
        assertEquals(FuzzSuite.REFERENCE_CASES, run.stats().cases());
    }

    /** The outcomes, the stricter rules met and the reference's crashes, over some targets. */
    private static String summary(final List<ReferenceTarget> targets, final FuzzStats stats)
    {
        final StringBuilder builder = new StringBuilder("fuzz reference: ").append(stats.cases()).append(" cells:");
        for (final ReferenceTarget.Outcome outcome : ReferenceTarget.Outcome.values())
        {
            long count = 0;
            for (final ReferenceTarget target : targets)
            {
                count += target.outcomes(outcome);
            }
            builder.append(' ').append(outcome).append('=').append(count);
        }
        long messages = 0;
        final TreeMap<String, Long> crashes = new TreeMap<>();
        final TreeMap<String, Long> otherValues = new TreeMap<>();
        for (final ReferenceTarget target : targets)
        {
            messages += target.messagesAccepted();
            target.crashes().forEach((type, count) -> crashes.merge(type, count, Long::sum));
            target.otherValues().forEach((error, count) -> otherValues.merge(error, count, Long::sum));
        }
        builder.append("; accepted as a message ").append(messages).append("; stricter rules:");
        for (final StricterRule rule : StricterRule.values())
        {
            long count = 0;
            for (final ReferenceTarget target : targets)
            {
                count += target.rejections(rule);
            }
            builder.append(' ').append(rule.error()).append('=').append(count);
        }
        return builder.append("; reference crashes: ").append(crashes)
            .append("; we reject what the reference reads into another value: ").append(otherValues).toString();
    }
}
