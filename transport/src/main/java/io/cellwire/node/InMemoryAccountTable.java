package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A {@link Node}'s account table unless its context is given another ({@link Node.Context#accountTable}): an origin is
 * bound to the key given to {@link #bind} before any transaction, or else to the first key that validly signs a
 * transaction for it; each origin's sequence numbers must increase (a gap is allowed, so a request shed with
 * {@code :LOAD} does not block the ones after it; a repeat or a lower number is {@code :SEQUENCE}). A fresh table
 * therefore admits sequence 1 from any correctly signed origin.
 * <p>
 * Bounded: it holds at most {@code maxAccounts} origins, all of their room allocated at construction. An account is
 * never forgotten, since forgetting its sequence would let a used transaction in again; once the table is full, a
 * transaction from an origin it does not hold is refused {@link #NO_ROOM} ({@code :NOBODY}), counted by the node.
 * <p>
 * Thread-safe: every method synchronizes on the table, which any lane may call; nothing allocates after
 * construction.
 */
public final class InMemoryAccountTable implements AccountTable
{
    /** Default bound on origins. */
    public static final int DEFAULT_MAX_ACCOUNTS = 16 * 1024;

    private static final int KEY = CellDescriptor.PUBLIC_KEY_LENGTH;
    private static final long ABSENT = -1;

    private final int maxAccounts;
    private final Long2LongHashMap slots;
    private final UnsafeBuffer keys;
    private final long[] lastSequences;
    private int count;

    /** A table with room for {@link #DEFAULT_MAX_ACCOUNTS} origins. */
    public InMemoryAccountTable()
    {
        this(DEFAULT_MAX_ACCOUNTS);
    }

    /**
     * A table with room for {@code maxAccounts} origins.
     *
     * @param maxAccounts most origins held, at least 1.
     */
    public InMemoryAccountTable(final int maxAccounts)
    {
        if (maxAccounts < 1)
        {
            throw new IllegalArgumentException("maxAccounts must be positive: " + maxAccounts);
        }
        this.maxAccounts = maxAccounts;
        slots = new Long2LongHashMap(maxAccounts * 2, org.agrona.collections.Hashing.DEFAULT_LOAD_FACTOR, ABSENT);
        keys = new UnsafeBuffer(new byte[maxAccounts * KEY]);
        lastSequences = new long[maxAccounts];
    }

    /**
     * Binds an origin to a key before any transaction, as a genesis would.
     *
     * @param origin    the address.
     * @param publicKey its 32-byte public key.
     * @return this.
     * @throws IllegalStateException if the table is full.
     */
    public synchronized InMemoryAccountTable bind(final long origin, final byte[] publicKey)
    {
        if (publicKey.length != KEY)
        {
            throw new IllegalArgumentException("a public key has 32 bytes, not " + publicKey.length);
        }
        long slot = slots.get(origin);
        if (slot == ABSENT)
        {
            slot = add(origin);
            if (slot == ABSENT)
            {
                throw new IllegalStateException("the account table is full: " + maxAccounts + " origins");
            }
        }
        keys.putBytes((int)slot * KEY, publicKey);
        lastSequences[(int)slot] = 0;
        return this;
    }

    @Override
    public synchronized int admit(final long origin, final DirectBuffer key, final int keyOffset, final long sequence)
    {
        long slot = slots.get(origin);
        if (slot == ABSENT)
        {
            slot = add(origin);
            if (slot == ABSENT)
            {
                return NO_ROOM;
            }
            keys.putBytes((int)slot * KEY, key, keyOffset, KEY);
        }
        else if (!isKey((int)slot, key, keyOffset))
        {
            return WRONG_KEY;
        }
        if (sequence <= lastSequences[(int)slot])
        {
            return USED_SEQUENCE;
        }
        lastSequences[(int)slot] = sequence;
        return ADMITTED;
    }

    /**
     * The highest sequence number an origin has used.
     *
     * @param origin the address.
     * @return the sequence, 0 if none, or -1 if the origin is not bound.
     */
    public synchronized long lastSequence(final long origin)
    {
        final long slot = slots.get(origin);
        return slot == ABSENT ? -1 : lastSequences[(int)slot];
    }

    /**
     * The key an origin is bound to.
     *
     * @param origin the address.
     * @return a copy of its key, or null if it is not bound.
     */
    public synchronized byte[] key(final long origin)
    {
        final long slot = slots.get(origin);
        if (slot == ABSENT)
        {
            return null;
        }
        final byte[] key = new byte[KEY];
        keys.getBytes((int)slot * KEY, key);
        return key;
    }

    /**
     * How many origins the table holds.
     *
     * @return the count, at most {@code maxAccounts}.
     */
    public synchronized int size()
    {
        return count;
    }

    private long add(final long origin)
    {
        if (count == maxAccounts)
        {
            return ABSENT;
        }
        final long slot = count++;
        slots.put(origin, slot);
        return slot;
    }

    private boolean isKey(final int slot, final DirectBuffer other, final int offset)
    {
        final int at = slot * KEY;
        for (int i = 0; i < KEY; i += Long.BYTES)
        {
            if (keys.getLong(at + i) != other.getLong(offset + i))
            {
                return false;
            }
        }
        return true;
    }
}
