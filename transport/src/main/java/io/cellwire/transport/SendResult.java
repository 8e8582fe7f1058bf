package io.cellwire.transport;

/**
 * What a send returns, in the manner of Aeron's {@code Publication.offer}: a positive value on success, else one of
 * these negative codes. Nothing blocks and nothing queues without bound. Stateless constants.
 */
public final class SendResult
{
    /** The connection does not exist (never opened, or already gone). */
    public static final long NOT_CONNECTED = -1;
    /** The connection's outbound ring is full: retry later, or shed. */
    public static final long BACK_PRESSURED = -2;
    /** The connection is closing or closed. */
    public static final long CLOSED = -4;
    /** The frame is longer than the protocol allows (8193 bytes with its header). */
    public static final long MAX_FRAME_EXCEEDED = -5;

    private SendResult()
    {
    }

    /**
     * A name for logs and tools.
     *
     * @param result a send's return value.
     * @return {@code OK} for a positive value, else the code's name.
     */
    public static String name(final long result)
    {
        if (result > 0)
        {
            return "OK";
        }
        if (result == NOT_CONNECTED)
        {
            return "NOT_CONNECTED";
        }
        if (result == BACK_PRESSURED)
        {
            return "BACK_PRESSURED";
        }
        if (result == CLOSED)
        {
            return "CLOSED";
        }
        return result == MAX_FRAME_EXCEEDED ? "MAX_FRAME_EXCEEDED" : "UNKNOWN(" + result + ")";
    }
}
