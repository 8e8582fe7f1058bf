package io.cellwire.srcgen;

/**
 * Builds Java source text with Allman braces and four-space indentation, the codebase's style. Single-use, build
 * thread only.
 */
final class JavaWriter
{
    private static final String INDENT = "    ";

    private final StringBuilder out = new StringBuilder();
    private int depth;

    JavaWriter line(final String text)
    {
        if (!text.isEmpty())
        {
            out.append(INDENT.repeat(depth)).append(text);
        }
        out.append('\n');
        return this;
    }

    JavaWriter blank()
    {
        return line("");
    }

    JavaWriter open()
    {
        line("{");
        depth++;
        return this;
    }

    JavaWriter close()
    {
        depth--;
        return line("}");
    }

    JavaWriter javadoc(final String... lines)
    {
        if (lines.length == 1)
        {
            return line("/** " + lines[0] + " */");
        }
        line("/**");
        for (final String text : lines)
        {
            line(text.isEmpty() ? " *" : " * " + text);
        }
        return line(" */");
    }

    @Override
    public String toString()
    {
        return out.toString();
    }
}
