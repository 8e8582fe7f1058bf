package io.cellwire.srcgen;

/**
 * Builds Java source text with Allman braces and four-space indentation, the codebase's style. Single-use, build
 * thread only.
 */
final class JavaWriter
{
    private static final String INDENT = "    ";
    private static final int MAX_COLUMNS = 120;

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
        final int width = MAX_COLUMNS - INDENT.length() * depth - " * ".length();
        if (lines.length == 1 && lines[0].length() + "/**  */".length() <= width + " * ".length())
        {
            return line("/** " + lines[0] + " */");
        }
        line("/**");
        for (final String text : lines)
        {
            String rest = text;
            while (rest.length() > width && rest.lastIndexOf(' ', width) > 0)
            {
                final int cut = rest.lastIndexOf(' ', width);
                line(" * " + rest.substring(0, cut));
                rest = rest.substring(cut + 1);
            }
            line(rest.isEmpty() ? " *" : " * " + rest);
        }
        return line(" */");
    }

    @Override
    public String toString()
    {
        return out.toString();
    }
}
