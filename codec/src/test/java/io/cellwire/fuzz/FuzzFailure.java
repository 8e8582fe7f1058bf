package io.cellwire.fuzz;

import io.cellwire.codec.DecodeError;

/**
 * A fuzz case broke a property of the code under test: an inconsistent verdict, an unnamed error code, a read outside
 * the input, a bound exceeded. Thrown by the targets' checks on the thread that runs the case.
 */
public final class FuzzFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * A failure.
     *
     * @param message what property broke, with the values involved.
     */
    public FuzzFailure(final String message)
    {
        super(message);
    }

    /**
     * Passes a decoder's result through unless it is a negative code that names no {@link DecodeError}.
     *
     * @param code what the decoder returned.
     * @param what which call returned it, for the message.
     * @return {@code code}.
     * @throws FuzzFailure for an unnamed negative code.
     */
    public static int named(final int code, final String what)
    {
        if (code < 0)
        {
            try
            {
                DecodeError.of(code);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new FuzzFailure(what + " returned " + code + ", which names no DecodeError");
            }
        }
        return code;
    }
}
