package io.cellwire.bench.report;

import io.cellwire.bench.ScriptedPeer;
import io.cellwire.bench.ScriptedPeer.Reply;
import io.cellwire.bench.loadgen.LoadGenerator;
import io.cellwire.bench.loadgen.LoadSettings;
import io.cellwire.bench.loadgen.LoadSummary;
import io.cellwire.bench.peer.ReferencePeerNode;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.transport.IdleStrategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.FileNotFoundException;
import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's load totals from real load runs against a {@link ScriptedPeer}, checked as the report checks a CVM
 * peer: a run with wrong values or error RESULTs is NOT CLEAN, its round trips/s count correct RESULTs only, and the
 * goals of its configuration are NOT JUDGED; a run of correct answers only is clean and judged.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadPhaseTotalsTest
{
    private static final long SLICE_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final LoadFigures CLEAN_REFERENCE = new LoadFigures(1_000, 60.0, 300.0, true, 0, 0, 0);

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    @Test
    void shouldCountARunOfCorrectAnswersCleanAndJudgeItsGoals() throws FileNotFoundException
    {
        final Outcome run = run(Reply.CORRECT);
        assertTrue(run.figures.clean);
        assertEquals(run.correct / (SLICE_NS / 1e9), run.figures.msgsPerSecond, 1e-6);
        assertTrue(run.correct > 0);
        assertNotEquals(ReportTable.NOT_JUDGED, sequentialRateVerdict(run.figures), "MET or MISSED, judged");
    }

    @Test
    void shouldMarkARunWithWrongValuesNotCleanAndNotJudgeItsGoals() throws FileNotFoundException
    {
        final Outcome run = run(Reply.CORRECT, Reply.WRONG);
        assertFalse(run.figures.clean);
        assertEquals(run.wrong, run.figures.wrong);
        assertEquals(run.correct / (SLICE_NS / 1e9), run.figures.msgsPerSecond, 1e-6, "wrong values not counted");
        assertEquals(ReportTable.NOT_JUDGED, sequentialRateVerdict(run.figures));
    }

    @Test
    void shouldMarkARunWithErrorResultsNotCleanAndNotJudgeItsGoals() throws FileNotFoundException
    {
        final Outcome run = run(Reply.CORRECT, Reply.LOAD_ERROR);
        assertFalse(run.figures.clean);
        assertEquals(run.errors, run.figures.errors);
        assertEquals(run.correct / (SLICE_NS / 1e9), run.figures.msgsPerSecond, 1e-6, "error RESULTs not counted");
        assertEquals(ReportTable.NOT_JUDGED, sequentialRateVerdict(run.figures));
    }

    /** The verdict of the sequential round trips/s goal when our node's figures are these, the reference clean. */
    private static String sequentialRateVerdict(final LoadFigures node)
    {
        final ReportTable table = new ReportTable();
        final LoadFigures[] ours = { node, node, node };
        final LoadFigures[] reference = { CLEAN_REFERENCE, CLEAN_REFERENCE, CLEAN_REFERENCE };
        ReportCommand.addLoadRows(table, ours, reference, reference);
        return table.goals().get(0).verdict();
    }

    /** One closed-loop QUERY run as the report's load phase makes it (W=1, warm-up, no echo), merged into totals. */
    private Outcome run(final Reply... script) throws FileNotFoundException
    {
        final ScriptedPeer peer = ScriptedPeer.start(script);
        try
        {
            final LoadSettings settings = new LoadSettings(peer.endpoint(), LoadSettings.QUERY, 1, 0, 1, SLICE_NS,
                TimeUnit.MILLISECONDS.toNanos(200), 0, ReferencePeerNode.parseSeed(ReferencePeerNode.DEFAULT_SEED_HEX),
                ReferencePeerNode.GENESIS_ADDRESS, TimeUnit.SECONDS.toNanos(5), IdleStrategies.BACKOFF, null, false);
            final LoadSummary summary;
            try (LoadGenerator generator =
                new LoadGenerator(settings, new PrintWriter(PrintWriter.nullWriter()), agentErrors))
            {
                summary = generator.run();
            }
            assertTrue(summary.answeredOnce(), "every request got one RESULT");
            final LoadPhase.Totals totals = new LoadPhase.Totals();
            totals.add(summary, SLICE_NS);
            final long answered = summary.answered(LoadSettings.QUERY);
            Await.until(() -> peer.replies() == answered, Await.TIMEOUT,
                () -> peer.replies() + " replies counted of " + answered + " RESULTs");
            return new Outcome(totals.figures(), summary.ok(), summary.wrongWithWarmup(), summary.errorsWithWarmup(),
                peer);
        }
        finally
        {
            peer.close();
        }
    }

    /** What one run gave, and the peer's own counts to check it by. */
    private static final class Outcome
    {
        final LoadFigures figures;
        final long correct;
        final long wrong;
        final long errors;

        Outcome(
            final LoadFigures figures, final long correct, final long wrong, final long errors, final ScriptedPeer peer)
        {
            this.figures = figures;
            this.correct = correct;
            this.wrong = wrong;
            this.errors = errors;
            assertEquals(peer.replies(Reply.WRONG), wrong, "every wrong value the peer wrote was counted wrong");
            assertEquals(peer.replies(Reply.LOAD_ERROR), errors, "every :LOAD the peer wrote was counted an error");
        }
    }
}
