package io.cellwire.codec;

/**
 * Named reasons why a value cannot be encoded.
 * <p>
 * Encoders return {@link #code()} (always negative) instead of throwing, so that a bad argument or a full buffer costs
 * a return value, not an exception; {@link #of(int)} turns a code back into its reason for logs and tools. Stateless;
 * safe from any thread.
 */
public enum EncodeError
{
    /** The destination buffer has too little room from the given offset for the encoding. */
    INSUFFICIENT_CAPACITY,
    /** An Address, or a transaction origin or Transfer target, is negative. */
    NEGATIVE_ADDRESS,
    /** A Symbol or Keyword name is empty or longer than 128 UTF-8 bytes. */
    BAD_NAME_LENGTH,
    /** A Char code point is negative or above 0x10FFFF. */
    BAD_CODE_POINT,
    /** A Blob or String given to a flat writer is over one 4096-byte chunk; trees need a {@link ValueEncoder}. */
    TOO_LONG_FOR_FLAT,
    /** A count or length is negative, or out of the range a writer accepts. */
    BAD_COUNT,
    /** A Transfer amount is outside 0…{@link CellDescriptor#MAX_SUPPLY}. */
    BAD_AMOUNT,
    /** An operation needs more values than the encoder's stack holds. */
    STACK_UNDERFLOW,
    /** {@link ValueEncoder#finish()} found other than exactly one value on the stack. */
    NOT_ONE_VALUE,
    /** A value has the wrong type for its field, e.g. a Call target that is not an Address. */
    WRONG_TYPE;

    private static final EncodeError[] VALUES = values();

    /**
     * The negative code encoders return for this reason.
     *
     * @return {@code -(ordinal + 1)}.
     */
    public int code()
    {
        return -(ordinal() + 1);
    }

    /**
     * The reason behind a negative code.
     *
     * @param code a value returned by an encoder; must be negative and known.
     * @return the reason.
     * @throws IllegalArgumentException if the code is not an encode error.
     */
    public static EncodeError of(final int code)
    {
        final int index = -code - 1;
        if (index < 0 || index >= VALUES.length)
        {
            throw new IllegalArgumentException("not an encode error code: " + code);
        }
        return VALUES[index];
    }
}
