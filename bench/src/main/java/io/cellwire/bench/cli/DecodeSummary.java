package io.cellwire.bench.cli;

import org.agrona.collections.IntArrayList;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-kind totals for {@code cellwire decode --summary}: count, bytes and min/median/max size of the accepted inputs,
 * and how many inputs of that kind were rejected. Owned by the thread that runs the command.
 * <p>
 * Output, TSV with a header, kinds sorted by name, then {@code ALL}:
 * <pre>
 * kind     count  bytes  min  median  max  invalid
 * BELIEF   250    33250  133  133     133  0
 * ALL      6830   ...
 * </pre>
 * The median is the upper one ({@code sorted[count / 2]}), as in the vectors' {@code capture-stats.txt}; sizes of a
 * kind with no accepted input print as {@code -}.
 */
final class DecodeSummary
{
    /** Label of the row over every input. */
    static final String ALL = "ALL";
    /** Header line of the summary table. */
    static final String HEADER = "kind\tcount\tbytes\tmin\tmedian\tmax\tinvalid";

    private final Map<String, Group> groups = new TreeMap<>();
    private final Group all = new Group();

    private static final class Group
    {
        final IntArrayList sizes = new IntArrayList();
        long bytes;
        long invalid;

        void add(final boolean ok, final int length)
        {
            if (ok)
            {
                sizes.addInt(length);
                bytes += length;
            }
            else
            {
                invalid++;
            }
        }
    }

    /**
     * Counts one input.
     *
     * @param kind   its kind ({@code -} when unknown).
     * @param ok     whether it was accepted.
     * @param length its length in bytes.
     */
    void add(final String kind, final boolean ok, final int length)
    {
        groups.computeIfAbsent(kind, k -> new Group()).add(ok, length);
        all.add(ok, length);
    }

    /**
     * Prints the table.
     *
     * @param out where the lines go; each ends with {@code \n}.
     */
    void print(final PrintWriter out)
    {
        out.print(HEADER);
        out.print('\n');
        for (final Map.Entry<String, Group> entry : groups.entrySet())
        {
            row(out, entry.getKey(), entry.getValue());
        }
        row(out, ALL, all);
    }

    private static void row(final PrintWriter out, final String kind, final Group group)
    {
        final int[] sizes = group.sizes.toIntArray();
        Arrays.sort(sizes);
        final StringBuilder line = new StringBuilder();
        line.append(kind).append('\t').append(sizes.length).append('\t').append(group.bytes).append('\t');
        if (sizes.length == 0)
        {
            line.append("-\t-\t-");
        }
        else
        {
            line.append(sizes[0]).append('\t').append(sizes[sizes.length / 2]).append('\t')
                .append(sizes[sizes.length - 1]);
        }
        line.append('\t').append(group.invalid).append('\n');
        out.print(line);
    }
}
