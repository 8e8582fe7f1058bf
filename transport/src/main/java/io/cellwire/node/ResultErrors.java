package io.cellwire.node;

import io.cellwire.codec.CellEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.charset.StandardCharsets;

/**
 * The error codes and messages of RESULTs, as ready-encoded cells: the Keyword codes the 0.7.9 reference uses
 * ({@code :LOAD}, {@code :SIGNATURE}, {@code :SEQUENCE}, …) and the String messages that go in the value field with
 * them. Immutable after class initialisation; safe to read from any thread.
 */
public final class ResultErrors
{
    /** {@code :LOAD}: a temporary failure because the peer is too busy; the request may be retried. */
    public static final DirectBuffer LOAD = keyword("LOAD");
    /** {@code :SIGNATURE}: the transaction's signature is not valid, or not by the origin account's key. */
    public static final DirectBuffer SIGNATURE = keyword("SIGNATURE");
    /** {@code :SEQUENCE}: the transaction's sequence number was already used by its origin account. */
    public static final DirectBuffer SEQUENCE = keyword("SEQUENCE");
    /** {@code :FORMAT}: the request's cells are not of the expected shape. */
    public static final DirectBuffer FORMAT = keyword("FORMAT");
    /** {@code :MISSING}: cells the request refers to did not arrive (as DATA) within the parking timeout. */
    public static final DirectBuffer MISSING = keyword("MISSING");
    /** {@code :NOBODY}: the transaction's origin has no account here (the demo table is full). */
    public static final DirectBuffer NOBODY = keyword("NOBODY");
    /** {@code :TIMEOUT}: a client gave up waiting for the RESULT. */
    public static final DirectBuffer TIMEOUT = keyword("TIMEOUT");

    /** Message with {@link #NOBODY}: convex-core 0.7.9's default message for the code. */
    public static final DirectBuffer NOBODY_MESSAGE = string("Account does not exist");
    /** Message with {@link #LOAD}. */
    public static final DirectBuffer LOAD_MESSAGE = string("Peer overloaded, try again");
    /** Message with {@link #SIGNATURE} for a signature that does not verify, as the reference words it. */
    public static final DirectBuffer BAD_SIGNATURE_MESSAGE = string("Bad Signature!");
    /** Message with {@link #SIGNATURE} for a valid signature by a key the origin account is not bound to. */
    public static final DirectBuffer WRONG_KEY_MESSAGE = string("Signature not valid for Account");
    /** Message with {@link #SEQUENCE}. */
    public static final DirectBuffer SEQUENCE_MESSAGE = string("Sequence number already used");
    /** Message with {@link #MISSING}. */
    public static final DirectBuffer MISSING_MESSAGE = string("Missing data: referenced cells did not arrive in time");
    /** Message with {@link #FORMAT}. */
    public static final DirectBuffer FORMAT_MESSAGE = string("Not a transaction");

    private ResultErrors()
    {
    }

    private static DirectBuffer keyword(final String name)
    {
        final UnsafeBuffer cell = new UnsafeBuffer(new byte[CellEncoder.NAME_HEADER_LENGTH + name.length()]);
        CellEncoder.writeKeyword(cell, 0, name);
        return cell;
    }

    private static DirectBuffer string(final String text)
    {
        final int utf8Length = text.getBytes(StandardCharsets.UTF_8).length;
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[utf8Length + 16]);
        final int length = CellEncoder.writeString(scratch, 0, text);
        return new UnsafeBuffer(scratch.byteArray(), 0, length);
    }
}
