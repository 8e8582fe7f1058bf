package io.cellwire.client;

import org.agrona.DirectBuffer;

/**
 * Receives the outcome of each request a {@link Client} sent: exactly one call per request, either the peer's RESULT
 * or a client-side timeout. Called on the client thread, from inside {@link Client#poll(ResultHandler)}.
 * <p>
 * The views are flyweights reused for every call: read them during the callback, copy what must outlive it.
 */
@FunctionalInterface
public interface ResultHandler
{
    /**
     * One request has ended.
     *
     * @param id       the message ID that {@code query}, {@code transact} or {@code status} returned.
     * @param value    the result value as one complete cell encoding (its capacity is the cell's length); when the
     *                 peer sent it by ref, this is the cell resolved from DATA, and its own {@code 20} refs can be
     *                 looked up in {@link Client#cellStore()}. Empty (capacity 0) for a timeout.
     * @param error    the error code as a Keyword cell ({@code 33 len name}, e.g. {@code :SEQUENCE}), or empty
     *                 (capacity 0) when the peer reported success; {@code :TIMEOUT} for a timeout.
     * @param timedOut true when no RESULT (or not all of the DATA it refers to) arrived within the request timeout:
     *                 the result was made by the client, not the peer.
     */
    void onResult(long id, DirectBuffer value, DirectBuffer error, boolean timedOut);
}
