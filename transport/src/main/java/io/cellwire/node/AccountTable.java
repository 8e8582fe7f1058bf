package io.cellwire.node;

import org.agrona.DirectBuffer;

/**
 * The accounts a node admits transactions for: which public key may sign for an origin address, and the highest
 * sequence number each origin has used. The node asks it about every correctly signed TRANSACT before the
 * application sees it, so a sequence number is never admitted twice (a MUST of TRANSACT, docs/wire-format.md §8).
 * <p>
 * Implementations are called by every handler lane, concurrently when lanes have threads of their own, and must be
 * thread-safe; {@link #admit} must check and record in one atomic step.
 */
public interface AccountTable
{
    /** The transaction may go to the application; its sequence number is now used. */
    int ADMITTED = 0;
    /** The origin is bound to another key: reject with {@code :SIGNATURE}. */
    int WRONG_KEY = -1;
    /** The sequence number is not above the origin's highest used one: reject with {@code :SEQUENCE}. */
    int USED_SEQUENCE = -2;
    /** The origin is unknown and the table has no room for another: reject with {@code :NOBODY}. */
    int NO_ROOM = -3;

    /**
     * Checks a correctly signed transaction against its origin account and, if it passes, records its sequence.
     *
     * @param origin    the transaction's origin address.
     * @param key       holds the 32-byte public key that signed it.
     * @param keyOffset where the key starts.
     * @param sequence  the transaction's sequence number.
     * @return {@link #ADMITTED}, {@link #WRONG_KEY}, {@link #USED_SEQUENCE} or {@link #NO_ROOM}.
     */
    int admit(long origin, DirectBuffer key, int keyOffset, long sequence);
}
