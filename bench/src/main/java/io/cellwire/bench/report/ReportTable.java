package io.cellwire.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one table of the performance report: each row a figure of Cellwire beside the same figure of a baseline measured
 * in the same run, the advantage (how many times better Cellwire is: baseline ÷ Cellwire for times, Cellwire ÷
 * baseline for rates, so above 1 is better whichever the unit), and for the rows that carry a goal whether the
 * measured advantage meets it. A goal is judged only from clean runs: a row whose figures come from a run the report
 * marked NOT CLEAN shows {@link #NOT_JUDGED} instead of MET or MISSED. Rendered as Markdown. Filled and rendered by one
 * thread.
 */
public final class ReportTable
{
    /** Verdict of a goal the measured advantage reaches. */
    public static final String MET = "MET";
    /** Verdict of a goal the measured advantage falls short of, or that could not be measured. */
    public static final String MISSED = "MISSED";
    /** Verdict of a goal whose figures come from a run that was not clean: neither MET nor MISSED. */
    public static final String NOT_JUDGED = "NOT JUDGED (run not clean)";
    /** What a cell shows when a figure is missing. */
    public static final String NOT_MEASURED = "n/a";
    /** Figures at or above this print without decimals, with thousands separators. */
    private static final double WHOLE_NUMBER_FROM = 100;
    /** Advantages at or above this print with one decimal, below it with two. */
    private static final double ONE_DECIMAL_FROM = 10;

    private final List<Row> rows = new ArrayList<>();

    /**
     * Adds a row without a goal.
     *
     * @param phase         what was run, e.g. {@code codec} or {@code loopback 32 B}.
     * @param measure       the figure and its unit, e.g. {@code QUERY decode ns/op}.
     * @param ours          Cellwire's figure, NaN if not measured.
     * @param baselineName  what it is compared with, e.g. {@code convex-core 0.7.9}.
     * @param baseline      the baseline's figure, NaN if not measured.
     * @param lowerIsBetter true for times, false for rates.
     * @return the row.
     */
    public Row add(
        final String phase,
        final String measure,
        final double ours,
        final String baselineName,
        final double baseline,
        final boolean lowerIsBetter)
    {
        return add(phase, measure, ours, baselineName, baseline, lowerIsBetter, Double.NaN);
    }

    /**
     * Adds a row whose figures come from clean runs.
     *
     * @param phase         what was run.
     * @param measure       the figure and its unit.
     * @param ours          Cellwire's figure, NaN if not measured.
     * @param baselineName  what it is compared with.
     * @param baseline      the baseline's figure, NaN if not measured.
     * @param lowerIsBetter true for times, false for rates.
     * @param goal          the advantage the goals of docs/performance.md ask for, or NaN for none.
     * @return the row.
     */
    public Row add(
        final String phase,
        final String measure,
        final double ours,
        final String baselineName,
        final double baseline,
        final boolean lowerIsBetter,
        final double goal)
    {
        return add(phase, measure, ours, baselineName, baseline, lowerIsBetter, goal, true);
    }

    /**
     * Adds a row.
     *
     * @param phase         what was run.
     * @param measure       the figure and its unit.
     * @param ours          Cellwire's figure, NaN if not measured.
     * @param baselineName  what it is compared with.
     * @param baseline      the baseline's figure, NaN if not measured.
     * @param lowerIsBetter true for times, false for rates.
     * @param goal          the advantage the goals of docs/performance.md ask for, or NaN for none.
     * @param clean         false when a run behind either figure was not clean: the goal is then not judged.
     * @return the row.
     */
    public Row add(
        final String phase,
        final String measure,
        final double ours,
        final String baselineName,
        final double baseline,
        final boolean lowerIsBetter,
        final double goal,
        final boolean clean)
    {
        final Row row = new Row(phase, measure, ours, baselineName, baseline, lowerIsBetter, goal, clean);
        rows.add(row);
        return row;
    }

    /** @return the rows, in the order added. */
    public List<Row> rows()
    {
        return List.copyOf(rows);
    }

    /** @return the rows that carry a goal. */
    public List<Row> goals()
    {
        final List<Row> goals = new ArrayList<>();
        for (final Row row : rows)
        {
            if (row.hasGoal())
            {
                goals.add(row);
            }
        }
        return goals;
    }

    /**
     * The table as Markdown: a header line and one line per row.
     *
     * @return the lines, each ending in a newline.
     */
    public String markdown()
    {
        final StringBuilder b = new StringBuilder(128 * (rows.size() + 2));
        b.append("| phase | figure | Cellwire | baseline | baseline's | Cellwire's advantage | goal |\n");
        b.append("|---|---|---:|---|---:|---:|---|\n");
        for (final Row row : rows)
        {
            b.append("| ").append(row.phase)
                .append(" | ").append(row.measure)
                .append(" | ").append(figure(row.ours))
                .append(" | ").append(row.baselineName)
                .append(" | ").append(figure(row.baseline))
                .append(" | ").append(advantage(row.advantage()))
                .append(" | ").append(row.hasGoal() ? goal(row) : "")
                .append(" |\n");
        }
        return b.toString();
    }

    /**
     * A figure as the table prints it: one decimal below 100 (three significant digits at least from 1 up), a whole
     * number with thousands separators from 100 on.
     *
     * @param value the figure.
     * @return e.g. {@code 9.9}, {@code 133}, {@code 87,829}, or {@link #NOT_MEASURED}.
     */
    public static String figure(final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return NOT_MEASURED;
        }
        return Math.abs(value) >= WHOLE_NUMBER_FROM ?
            String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.1f", value);
    }

    /**
     * An advantage as the table prints it: two decimals below 10, one from 10 on, and a times sign.
     *
     * @param value the advantage.
     * @return e.g. {@code 0.84×}, {@code 4.93×}, {@code 12.5×}, {@code ∞×} when the baseline did nothing, or
     * {@link #NOT_MEASURED}.
     */
    public static String advantage(final double value)
    {
        if (Double.isNaN(value))
        {
            return NOT_MEASURED;
        }
        if (Double.isInfinite(value))
        {
            return "∞×";
        }
        return String.format(Locale.ROOT, value >= ONE_DECIMAL_FROM ? "%.1f×" : "%.2f×", value);
    }

    /**
     * A goal's cell: the goal and the verdict.
     *
     * @param row a row with a goal.
     * @return e.g. {@code ≥ 10× MET}, or {@code ≥ 10.0× NOT JUDGED (run not clean)}.
     */
    static String goal(final Row row)
    {
        return "≥ " + advantage(row.goal) + " " + row.verdict();
    }

    /** One figure of Cellwire beside a baseline's; immutable. */
    public static final class Row
    {
        final String phase;
        final String measure;
        final double ours;
        final String baselineName;
        final double baseline;
        final boolean lowerIsBetter;
        final double goal;
        final boolean clean;

        Row(
            final String phase,
            final String measure,
            final double ours,
            final String baselineName,
            final double baseline,
            final boolean lowerIsBetter,
            final double goal,
            final boolean clean)
        {
            this.phase = phase;
            this.measure = measure;
            this.ours = ours;
            this.baselineName = baselineName;
            this.baseline = baseline;
            this.lowerIsBetter = lowerIsBetter;
            this.goal = goal;
            this.clean = clean;
        }

        /**
         * How many times better Cellwire is: baseline ÷ ours for times, ours ÷ baseline for rates.
         *
         * @return the advantage; infinite when the baseline's rate or our time is 0 and the other is not; NaN when
         * a figure is missing, negative, or both are 0.
         */
        public double advantage()
        {
            if (Double.isNaN(ours) || Double.isNaN(baseline) || ours < 0 || baseline < 0)
            {
                return Double.NaN;
            }
            return lowerIsBetter ? baseline / ours : ours / baseline;
        }

        /** @return true when the row carries a goal. */
        public boolean hasGoal()
        {
            return !Double.isNaN(goal);
        }

        /**
         * @return {@link #NOT_JUDGED} when a run behind the figures was not clean; else {@link #MET} when the advantage
         * reaches the goal, {@link #MISSED} when it does not or was not measured.
         */
        public String verdict()
        {
            if (!clean)
            {
                return NOT_JUDGED;
            }
            final double advantage = advantage();
            return !Double.isNaN(advantage) && advantage >= goal ? MET : MISSED;
        }

        /** @return false when a run behind the figures was not clean. */
        public boolean clean()
        {
            return clean;
        }

        /** @return the figure and its unit. */
        public String measure()
        {
            return measure;
        }

        /** @return what was run. */
        public String phase()
        {
            return phase;
        }
    }
}
