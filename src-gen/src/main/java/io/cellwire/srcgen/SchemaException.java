package io.cellwire.srcgen;

/**
 * A schema that cannot be generated from, with the line that is wrong and why. Thrown by the build-time parser, never
 * at run time.
 */
public final class SchemaException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int line;
    private final String reason;

    /**
     * A schema error.
     *
     * @param line   the 1-based line in the schema, or 0 if unknown.
     * @param reason what is wrong.
     */
    public SchemaException(final int line, final String reason)
    {
        super("schema line " + line + ": " + reason);
        this.line = line;
        this.reason = reason;
    }

    /**
     * The line that is wrong.
     *
     * @return 1-based, or 0 if unknown.
     */
    public int line()
    {
        return line;
    }

    /**
     * What is wrong.
     *
     * @return the reason, without the line.
     */
    public String reason()
    {
        return reason;
    }
}
