package io.cellwire.codec;

/**
 * The message type codes of the 0.7.9 wire (WIRE.md §8): the byte that follows a frame's length header.
 * Stateless constants; safe from any thread.
 */
public final class MessageType
{
    /** Challenge a peer to prove its key. */
    public static final int CHALLENGE = 1;
    /** Answer to a challenge. */
    public static final int RESPONSE = 2;
    /** One cell of data. */
    public static final int DATA = 3;
    /** Defined but never sent by 0.7.9. */
    public static final int COMMAND = 4;
    /** Request for a cell by value ID. */
    public static final int MISSING_DATA = 5;
    /** Read-only query. */
    public static final int QUERY = 6;
    /** Signed transaction. */
    public static final int TRANSACT = 7;
    /** Result of a request. */
    public static final int RESULT = 8;
    /** A peer's signed Belief. */
    public static final int BELIEF = 9;
    /** Orderly close. */
    public static final int GOODBYE = 10;
    /** Status request. */
    public static final int STATUS = 11;

    /** Lowest valid type code. */
    public static final int MIN_TYPE = CHALLENGE;
    /** Highest valid type code. */
    public static final int MAX_TYPE = STATUS;

    private static final String[] NAMES = {
        null, "CHALLENGE", "RESPONSE", "DATA", "COMMAND", "MISSING_DATA", "QUERY", "TRANSACT", "RESULT", "BELIEF",
        "GOODBYE", "STATUS" };

    private MessageType()
    {
    }

    /**
     * Whether a type byte names a message type.
     *
     * @param type the type byte, as an unsigned value.
     * @return true for 1…11.
     */
    public static boolean isValid(final int type)
    {
        return type >= MIN_TYPE && type <= MAX_TYPE;
    }

    /**
     * The wire name of a type, as WIRE.md §8 spells it.
     *
     * @param type a valid type code.
     * @return its name.
     * @throws IllegalArgumentException if the code is not valid.
     */
    public static String name(final int type)
    {
        if (!isValid(type))
        {
            throw new IllegalArgumentException("unknown message type: " + type);
        }
        return NAMES[type];
    }
}
