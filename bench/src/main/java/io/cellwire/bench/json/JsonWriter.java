package io.cellwire.bench.json;

import java.util.Locale;

/**
 * Writes the JSON the bench commands print ({@code loadgen --json}, {@code demo --json}, {@code transport-bench
 * --json}): objects and arrays either on one line ({@code {"a": 1, "b": 2}}) or one member a line indented by two
 * spaces a level, strings escaped, figures with three decimals and {@code null} for a figure that is not a number.
 * Not on any hot path. Owned by the thread that writes the document.
 */
public final class JsonWriter
{
    /** Deepest nesting the bench's documents use, with room to spare. */
    private static final int MAX_DEPTH = 8;
    private static final String INDENT = "  ";

    private final StringBuilder out = new StringBuilder(1024);
    private final boolean[] lines = new boolean[MAX_DEPTH];
    private final boolean[] empty = new boolean[MAX_DEPTH];
    private final char[] closers = new char[MAX_DEPTH];
    private int depth;
    private boolean named;

    /**
     * Opens an object whose members stand on one line.
     *
     * @return this.
     */
    public JsonWriter startObject()
    {
        return start('{', '}', false);
    }

    /**
     * Opens an object with one member a line.
     *
     * @return this.
     */
    public JsonWriter startObjectLines()
    {
        return start('{', '}', true);
    }

    /**
     * Opens an array with one element a line.
     *
     * @return this.
     */
    public JsonWriter startArrayLines()
    {
        return start('[', ']', true);
    }

    /**
     * Closes the innermost open object or array.
     *
     * @return this.
     */
    public JsonWriter end()
    {
        depth--;
        if (lines[depth])
        {
            newLine(depth);
        }
        out.append(closers[depth]);
        return this;
    }

    /**
     * Names the object or array opened next: a member of the open object.
     *
     * @param name the member's name.
     * @return this.
     */
    public JsonWriter name(final String name)
    {
        member(name);
        named = true;
        return this;
    }

    /**
     * A member that is a string, escaped.
     *
     * @param name  the member's name.
     * @param value the text.
     * @return this.
     */
    public JsonWriter field(final String name, final String value)
    {
        member(name);
        quote(value);
        return this;
    }

    /**
     * A member that is a whole number.
     *
     * @param name  the member's name.
     * @param value the number.
     * @return this.
     */
    public JsonWriter field(final String name, final long value)
    {
        member(name).append(value);
        return this;
    }

    /**
     * A member that is a figure: three decimals, or {@code null} when it is NaN or infinite, which JSON cannot hold.
     *
     * @param name  the member's name.
     * @param value the figure.
     * @return this.
     */
    public JsonWriter field(final String name, final double value)
    {
        member(name).append(Double.isNaN(value) || Double.isInfinite(value) ?
            "null" : String.format(Locale.ROOT, "%.3f", value));
        return this;
    }

    /**
     * A member that is a boolean.
     *
     * @param name  the member's name.
     * @param value the truth value.
     * @return this.
     */
    public JsonWriter field(final String name, final boolean value)
    {
        member(name).append(value);
        return this;
    }

    /**
     * The document written so far.
     *
     * @return the JSON text, without a trailing newline.
     */
    @Override
    public String toString()
    {
        return out.toString();
    }

    private StringBuilder member(final String name)
    {
        separate();
        quote(name);
        return out.append(": ");
    }

    private JsonWriter start(final char opener, final char closer, final boolean oneALine)
    {
        separate();
        out.append(opener);
        lines[depth] = oneALine;
        empty[depth] = true;
        closers[depth] = closer;
        depth++;
        return this;
    }

    /** What goes before a member or an element: nothing after a name; else a comma after a sibling, then a break. */
    private void separate()
    {
        if (named)
        {
            named = false;
            return;
        }
        if (depth == 0)
        {
            return;
        }
        final int level = depth - 1;
        if (!empty[level])
        {
            out.append(',');
        }
        if (lines[level])
        {
            newLine(depth);
        }
        else if (!empty[level])
        {
            out.append(' ');
        }
        empty[level] = false;
    }

    private void newLine(final int indent)
    {
        out.append('\n');
        for (int i = 0; i < indent; i++)
        {
            out.append(INDENT);
        }
    }

    private void quote(final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < ' ')
            {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        out.append('"');
    }
}
