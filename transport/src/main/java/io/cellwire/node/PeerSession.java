package io.cellwire.node;

import io.cellwire.transport.SendResult;
import org.agrona.DirectBuffer;

/**
 * What a {@link PeerHandler} sees of the connection a message came from, and how it answers: RESULTs encoded in place
 * with the request's message ID (a MUST of RESULT, docs/wire-format.md §8). Every send returns a positive value or a
 * {@link SendResult} code, never blocks, and allocates nothing.
 * <p>
 * Owned by one handler lane's thread and valid only during the handler call.
 */
public interface PeerSession
{
    /**
     * The connection the message came from.
     *
     * @return its id.
     */
    long connectionId();

    /**
     * Whether that connection is a peer link this node opened and verified with CHALLENGE/RESPONSE.
     *
     * @return true when trusted.
     */
    boolean isTrusted();

    /**
     * Answers with a successful RESULT {@code [id value nil nil]}. A value of more than 140 bytes goes first as a DATA
     * frame and then by ref; any refs inside the value must be cells the requester has or can fetch from this node.
     *
     * @param id     the request's message ID.
     * @param value  holds the value as one encoded cell.
     * @param offset where it starts.
     * @param length its length, 1…8190.
     * @return a positive value, or a {@link SendResult} code.
     */
    long result(long id, DirectBuffer value, int offset, int length);

    /**
     * Answers with a RESULT whose value is a ref to a cell the requester already has (e.g. the large form it sent).
     *
     * @param id            the request's message ID.
     * @param valueId       holds the 32-byte value ID.
     * @param valueIdOffset where it starts.
     * @return a positive value, or a {@link SendResult} code.
     */
    long resultRef(long id, DirectBuffer valueId, int valueIdOffset);

    /**
     * Answers with an error RESULT {@code [id message code nil]}, as the reference does.
     *
     * @param id      the request's message ID.
     * @param code    holds the error code as a Keyword cell, e.g. {@link ResultErrors#LOAD}.
     * @param message holds the message as one embedded cell, usually a String, e.g. {@link ResultErrors#LOAD_MESSAGE}.
     * @return a positive value, or a {@link SendResult} code.
     */
    long error(long id, DirectBuffer code, DirectBuffer message);
}
