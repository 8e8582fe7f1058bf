package io.cellwire.bench.convex;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.node.AccountTable;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The accounts of the consensus state, as a node's lanes need them to admit a TRANSACT without the CVM: for each
 * account number, the public key that may sign for it and its sequence in consensus, filled by the CVM thread (the
 * genesis accounts at launch, then each account that changed when consensus advances), and the highest sequence
 * admitted since. Convex numbers accounts densely from {@code #0}, so the table is a preallocated array indexed by
 * origin; an origin beyond it, or an account without a key (an actor), is {@link #NO_ROOM} ({@code :NOBODY}).
 * <p>
 * Thread-safe: lanes call {@link #admit} and the CVM thread {@link #update} and {@link #remove}, all under this
 * table's monitor; nothing allocates.
 */
public final class ConsensusAccountTable implements AccountTable
{
    /** Accounts held unless configured: {@code #0} … {@code #65535}, 3 MiB. */
    public static final int DEFAULT_CAPACITY = 1 << 16;

    private static final int KEY = CellDescriptor.PUBLIC_KEY_LENGTH;

    private final int capacity;
    private final UnsafeBuffer keys;
    private final boolean[] present;
    private final long[] consensusSequences;
    private final long[] admittedSequences;

    /**
     * An empty table.
     *
     * @param capacity the number of accounts it can hold, {@code #0} … {@code #capacity-1}.
     */
    public ConsensusAccountTable(final int capacity)
    {
        if (capacity < 1)
        {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.capacity = capacity;
        keys = new UnsafeBuffer(new byte[capacity * KEY]);
        present = new boolean[capacity];
        consensusSequences = new long[capacity];
        admittedSequences = new long[capacity];
    }

    /**
     * {@inheritDoc}
     * <p>
     * A sequence is used once it is at or below the account's sequence in consensus or the highest admitted here.
     */
    @Override
    public synchronized int admit(final long origin, final DirectBuffer key, final int keyOffset, final long sequence)
    {
        if (origin < 0 || origin >= capacity || !present[(int)origin])
        {
            return NO_ROOM;
        }
        final int account = (int)origin;
        if (!sameKey(account, key, keyOffset))
        {
            return WRONG_KEY;
        }
        if (sequence <= Math.max(admittedSequences[account], consensusSequences[account]))
        {
            return USED_SEQUENCE;
        }
        admittedSequences[account] = sequence;
        return ADMITTED;
    }

    /**
     * Records an account of the consensus state. A new key forgets the sequences admitted for the old one.
     *
     * @param origin    the account number.
     * @param key       holds its 32-byte public key.
     * @param keyOffset where the key starts.
     * @param sequence  its sequence in consensus.
     * @return false if the account is beyond the table's capacity, and not recorded.
     */
    public synchronized boolean update(
        final long origin, final DirectBuffer key, final int keyOffset, final long sequence)
    {
        if (origin < 0 || origin >= capacity)
        {
            return false;
        }
        final int account = (int)origin;
        if (!present[account] || !sameKey(account, key, keyOffset))
        {
            admittedSequences[account] = 0;
        }
        keys.putBytes(account * KEY, key, keyOffset, KEY);
        consensusSequences[account] = sequence;
        present[account] = true;
        return true;
    }

    /**
     * Forgets the sequences admitted above an account's consensus sequence, once none of its transactions admitted
     * here awaits a result: one that failed in its block without using its sequence (0.7.9's {@code :SEQUENCE} for a
     * sequence beyond the next) would otherwise keep the next one refused for good.
     *
     * @param origin the account number.
     */
    public synchronized void settle(final long origin)
    {
        if (origin >= 0 && origin < capacity)
        {
            admittedSequences[(int)origin] = consensusSequences[(int)origin];
        }
    }

    /**
     * Forgets an account, e.g. one whose key consensus removed: its transactions are {@link #NO_ROOM} from now on.
     *
     * @param origin the account number.
     */
    public synchronized void remove(final long origin)
    {
        if (origin >= 0 && origin < capacity)
        {
            present[(int)origin] = false;
        }
    }

    /** @return the number of accounts the table can hold. */
    public int capacity()
    {
        return capacity;
    }

    private boolean sameKey(final int account, final DirectBuffer key, final int keyOffset)
    {
        final int at = account * KEY;
        for (int i = 0; i < KEY; i += Long.BYTES)
        {
            if (keys.getLong(at + i) != key.getLong(keyOffset + i))
            {
                return false;
            }
        }
        return true;
    }
}
