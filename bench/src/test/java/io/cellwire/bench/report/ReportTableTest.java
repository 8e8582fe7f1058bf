package io.cellwire.bench.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The report's table on fixed figures: advantage direction for times and rates, ratio and figure formatting, MET and
 * MISSED decisions at and around the goal, unmeasured figures, the load rows' goals, and goals not judged from a run
 * that was not clean.
 */
class ReportTableTest
{
    private static final LoadFigures[] FLOOR = {
        new LoadFigures(100_000, 8.0, 25.0, true, 0, 0, 0), new LoadFigures(1_200_000, 30.0, 200.0, true, 0, 0, 0),
        new LoadFigures(100_000, 8.0, 12.0, true, 0, 0, 0) };

    private static final String BASE = "reference peer 0.7.9";

    @Test
    void shouldDivideBaselineByOursForTimes()
    {
        final ReportTable table = new ReportTable();
        final ReportTable.Row row = table.add("codec", "QUERY decode ns/op", 27.0, "convex 0.7.9", 135.0, true);
        assertEquals(5.0, row.advantage(), 1e-12);
    }

    @Test
    void shouldDivideOursByBaselineForRates()
    {
        final ReportTable table = new ReportTable();
        final ReportTable.Row row = table.add("loadgen", "round trips/s", 30_000, BASE, 120_000, false);
        assertEquals(0.25, row.advantage(), 1e-12);
    }

    @Test
    void shouldMeetAGoalReachedExactly()
    {
        final ReportTable table = new ReportTable();
        final ReportTable.Row row = table.add("loadgen", "round trips/s", 100_000, BASE, 10_000, false, 10.0);
        assertEquals(ReportTable.MET, row.verdict());
    }

    @Test
    void shouldMissAGoalJustShort()
    {
        final ReportTable table = new ReportTable();
        final ReportTable.Row row = table.add("loadgen", "p99 µs", 10.01, BASE, 100.0, true, 10.0);
        assertEquals(ReportTable.MISSED, row.verdict());
    }

    @Test
    void shouldMissAGoalThatWasNotMeasured()
    {
        final ReportTable table = new ReportTable();
        final ReportTable.Row row = table.add("loadgen", "p99 µs", Double.NaN, BASE, 100.0, true, 10.0);
        assertEquals(ReportTable.MISSED, row.verdict());
        assertEquals(ReportTable.NOT_MEASURED, ReportTable.advantage(row.advantage()));
    }

    @Test
    void shouldMeetARateGoalWhenTheBaselineAnsweredNothing()
    {
        final ReportTable table = new ReportTable();
        final ReportTable.Row row = table.add("loadgen", "round trips/s", 50_000, BASE, 0, false, 10.0);
        assertEquals(ReportTable.MET, row.verdict());
        assertEquals("∞×", ReportTable.advantage(row.advantage()));
    }

    @Test
    void shouldFormatAdvantagesWithTwoDecimalsBelowTenAndOneFromTen()
    {
        assertEquals("0.84×", ReportTable.advantage(0.8412));
        assertEquals("9.99×", ReportTable.advantage(9.994));
        assertEquals("10.0×", ReportTable.advantage(10.0));
        assertEquals("12.5×", ReportTable.advantage(12.46));
        assertEquals("n/a", ReportTable.advantage(Double.NaN));
    }

    @Test
    void shouldFormatFiguresWithOneDecimalBelowAHundredAndSeparatorsAbove()
    {
        assertEquals("9.9", ReportTable.figure(9.94));
        assertEquals("99.9", ReportTable.figure(99.94));
        assertEquals("134", ReportTable.figure(133.6));
        assertEquals("87,829", ReportTable.figure(87_829.4));
        assertEquals("n/a", ReportTable.figure(Double.NaN));
    }

    @Test
    void shouldRenderOneMarkdownLinePerRowWithTheGoalVerdict()
    {
        final ReportTable table = new ReportTable();
        table.add("codec", "QUERY decode ns/op", 27.1, "convex 0.7.9", 133.6, true);
        table.add("loadgen QUERY W=1", "round trips/s", 95_000, BASE, 9_000, false, 10.0);
        final List<String> lines = List.of(table.markdown().split("\n"));
        assertEquals(4, lines.size());
        assertEquals(
            "| phase | figure | Cellwire | baseline | baseline's | Cellwire's advantage | goal |", lines.get(0));
        assertEquals("| codec | QUERY decode ns/op | 27.1 | convex 0.7.9 | 134 | 4.93× |  |", lines.get(2));
        assertEquals("| loadgen QUERY W=1 | round trips/s | 95,000 | reference peer 0.7.9 | 9,000 | 10.6× | " +
            "≥ 10.0× MET |", lines.get(3));
    }

    @Test
    void shouldJudgeTheSequentialLoadGoalsFromTheMeasuredFigures()
    {
        final ReportTable table = new ReportTable();
        final LoadFigures[] node = {
            new LoadFigures(80_000, 9.0, 35.0, true, 0, 0, 0), new LoadFigures(1_100_000, 35.0, 160.0, true, 0, 0, 0),
            new LoadFigures(60_000, 12.0, 20.0, true, 0, 0, 0) };
        final LoadFigures[] reference = {
            new LoadFigures(7_000, 60.0, 300.0, true, 0, 0, 0), new LoadFigures(100_000, 430.0, 2_200.0, true, 0, 0, 0),
            new LoadFigures(7_000, 60.0, 300.0, true, 0, 0, 0) };
        ReportCommand.addLoadRows(table, node, reference, FLOOR);

        assertEquals(15, table.rows().size());
        assertEquals("floor responder", table.rows().get(3).baselineName);
        assertEquals(0.8, table.rows().get(3).advantage(), 1e-9, "80,000 / 100,000");
        final List<ReportTable.Row> goals = table.goals();
        assertEquals(4, goals.size());
        assertEquals("round trips/s", goals.get(0).measure());
        assertEquals("loadgen QUERY W=1, adaptive idle", goals.get(0).phase());
        assertEquals(ReportTable.MET, goals.get(0).verdict(), "80,000 / 7,000 = 11.4x");
        assertEquals("p99 µs", goals.get(1).measure());
        assertEquals(ReportTable.MISSED, goals.get(1).verdict(), "300 / 35 = 8.57x");
        assertEquals("loadgen QUERY W=1, spin idle", goals.get(2).phase());
        assertEquals(ReportTable.MISSED, goals.get(2).verdict(), "60,000 / 7,000 = 8.57x");
        assertEquals(ReportTable.MET, goals.get(3).verdict(), "300 / 20 = 15x");
    }

    @Test
    void shouldMissThePercentileGoalWhenTheReferenceTailIsLessThanTenTimesOurs()
    {
        final ReportTable table = new ReportTable();
        final LoadFigures[] node = {
            new LoadFigures(80_000, 9.0, 35.0, true, 0, 0, 0), new LoadFigures(1_100_000, 35.0, 160.0, true, 0, 0, 0),
            new LoadFigures(80_000, 9.0, 35.0, true, 0, 0, 0) };
        final LoadFigures[] reference = {
            new LoadFigures(9_000, 60.0, 133.0, true, 0, 0, 0), new LoadFigures(100_000, 430.0, 2_200.0, true, 0, 0, 0),
            new LoadFigures(9_000, 60.0, 133.0, true, 0, 0, 0) };
        ReportCommand.addLoadRows(table, node, reference, FLOOR);

        final String lines = ReportCommand.goalLines(table);
        assertTrue(lines.contains(
            "- loadgen QUERY W=1, adaptive idle round trips/s: Cellwire 8.89× better (goal ≥ 10.0× MISSED)"), lines);
        assertTrue(lines.contains(
            "- loadgen QUERY W=1, adaptive idle p99 µs: Cellwire 3.80× better (goal ≥ 10.0× MISSED)"), lines);
    }

    @Test
    void shouldNotJudgeTheGoalsOfAConfigurationWhoseNodeRunWasNotClean()
    {
        final ReportTable table = new ReportTable();
        final LoadFigures[] node = {
            new LoadFigures(80_000, 9.0, 20.0, false, 0, 12, 0), new LoadFigures(1_100_000, 35.0, 160.0, true, 0, 0, 0),
            new LoadFigures(80_000, 9.0, 20.0, true, 0, 0, 0) };
        final LoadFigures[] reference = {
            new LoadFigures(7_000, 60.0, 300.0, true, 0, 0, 0), new LoadFigures(100_000, 430.0, 2_200.0, true, 0, 0, 0),
            new LoadFigures(7_000, 60.0, 300.0, true, 0, 0, 0) };
        ReportCommand.addLoadRows(table, node, reference, FLOOR);

        final List<ReportTable.Row> goals = table.goals();
        assertEquals(ReportTable.NOT_JUDGED, goals.get(0).verdict(), "11.4x from a run with wrong values");
        assertEquals(ReportTable.NOT_JUDGED, goals.get(1).verdict(), "15x from a run with wrong values");
        assertEquals(ReportTable.MET, goals.get(2).verdict(), "the clean spin configuration is judged");
        assertEquals(ReportTable.MET, goals.get(3).verdict());
        final String lines = ReportCommand.goalLines(table);
        assertTrue(lines.contains("- loadgen QUERY W=1, adaptive idle round trips/s: Cellwire 11.4× better " +
            "(goal ≥ 10.0× NOT JUDGED (run not clean))"), lines);
        assertTrue(lines.contains("- loadgen QUERY W=1, spin idle round trips/s: Cellwire 11.4× better " +
            "(goal ≥ 10.0× MET)"), lines);
        assertTrue(table.markdown().contains("| loadgen QUERY W=1, adaptive idle | p99 µs | 20.0 | " +
            "reference peer 0.7.9 | 300 | 15.0× | ≥ 10.0× NOT JUDGED (run not clean) |"), table.markdown());
        assertTrue(table.markdown().contains("| loadgen QUERY W=1, adaptive idle | round trips/s | 80,000 | " +
            "reference peer 0.7.9 | 7,000 | 11.4× | ≥ 10.0× NOT JUDGED (run not clean) |"), table.markdown());
    }

    @Test
    void shouldNotJudgeAGoalWhenOnlyTheReferenceRunWasNotClean()
    {
        final ReportTable table = new ReportTable();
        final LoadFigures[] node = {
            new LoadFigures(5_000, 90.0, 400.0, true, 0, 0, 0), new LoadFigures(1_100_000, 35.0, 160.0, true, 0, 0, 0),
            new LoadFigures(5_000, 90.0, 400.0, true, 0, 0, 0) };
        final LoadFigures[] reference = {
            new LoadFigures(7_000, 60.0, 300.0, false, 3, 0, 0),
            new LoadFigures(100_000, 430.0, 2_200.0, true, 0, 0, 0),
            new LoadFigures(7_000, 60.0, 300.0, true, 0, 0, 0) };
        ReportCommand.addLoadRows(table, node, reference, FLOOR);

        final List<ReportTable.Row> goals = table.goals();
        assertEquals(ReportTable.NOT_JUDGED, goals.get(0).verdict(), "would be MISSED, but the reference timed out");
        assertEquals(ReportTable.NOT_JUDGED, goals.get(1).verdict());
        assertEquals(ReportTable.MISSED, goals.get(2).verdict(), "the clean spin configuration is judged");
    }

    @Test
    void shouldSayWhyARunIsNotCleanAndThatItJudgesNoGoal()
    {
        assertEquals("NOT CLEAN: at W=1, adaptive idle, our node: 2 measured timeouts, 12 wrong values, 5 error " +
            "RESULTs; its figures judge no goal.\n",
            ReportCommand.uncleanNote("our node", 0, new LoadFigures(80_000, 9.0, 20.0, false, 2, 12, 5)));
        assertEquals("", ReportCommand.uncleanNote("our node", 0, new LoadFigures(80_000, 9.0, 20.0, true, 0, 0, 0)));
    }

    @Test
    void shouldMarkACeilingFromARunNotClean()
    {
        final LoadFigures[] reference = {
            new LoadFigures(12_500, 60.0, 150.0, false, 0, 0, 4),
            new LoadFigures(100_000, 430.0, 2_200.0, true, 0, 0, 0),
            new LoadFigures(10_000, 60.0, 120.0, true, 0, 0, 0) };
        final String lines = ReportCommand.ceilingLines(reference, FLOOR);
        assertTrue(lines.contains("- loadgen QUERY W=1, adaptive idle: the floor responder 8.00× the reference peer's " +
            "round trips/s, 6.00× lower p99 (from a run not clean)"), lines);
        assertTrue(lines.contains("- loadgen QUERY W=1, spin idle: the floor responder 10.0× the reference peer's " +
            "round trips/s, 10.0× lower p99\n"), lines);
    }

    @Test
    void shouldStateTheCeilingTheFloorResponderSetsPerConfiguration()
    {
        final LoadFigures[] reference = {
            new LoadFigures(12_500, 60.0, 150.0, true, 0, 0, 0),
            new LoadFigures(100_000, 430.0, 2_200.0, true, 0, 0, 0),
            new LoadFigures(10_000, 60.0, 120.0, true, 0, 0, 0) };
        final String lines = ReportCommand.ceilingLines(reference, FLOOR);
        assertTrue(lines.contains("- loadgen QUERY W=1, adaptive idle: the floor responder 8.00× the reference peer's " +
            "round trips/s, 6.00× lower p99"), lines);
        assertTrue(lines.contains("- loadgen QUERY W=64, adaptive idle: the floor responder 12.0× the reference " +
            "peer's round trips/s, 11.0× lower p99"), lines);
        assertTrue(lines.contains("- loadgen QUERY W=1, spin idle: the floor responder 10.0× the reference peer's " +
            "round trips/s, 10.0× lower p99"), lines);
    }
}
