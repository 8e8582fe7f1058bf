package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The demo node's account table: an origin is bound to the keys given at start-up, or else to the first key that
 * validly signs a transaction for it; each origin's sequence numbers must increase (a gap is allowed, so a request
 * shed with {@code :LOAD} does not block the ones after it; a repeat or a lower number is {@code :SEQUENCE}). A fresh
 * table therefore admits sequence 1 from any correctly signed origin.
 * <p>
 * Thread-safe: every method synchronizes on the table, which any lane may call. Binding a new origin allocates its
 * entry once; admitting a transaction for a known origin allocates nothing.
 */
public final class InMemoryAccountTable implements AccountTable
{
    private final Long2ObjectHashMap<Account> accounts = new Long2ObjectHashMap<>();

    /**
     * Binds an origin to a key before any transaction, as a genesis would.
     *
     * @param origin    the address.
     * @param publicKey its 32-byte public key.
     * @return this.
     */
    public synchronized InMemoryAccountTable bind(final long origin, final byte[] publicKey)
    {
        if (publicKey.length != CellDescriptor.PUBLIC_KEY_LENGTH)
        {
            throw new IllegalArgumentException("a public key has 32 bytes, not " + publicKey.length);
        }
        accounts.put(origin, new Account(publicKey.clone()));
        return this;
    }

    @Override
    public synchronized int admit(final long origin, final DirectBuffer key, final int keyOffset, final long sequence)
    {
        Account account = accounts.get(origin);
        if (account == null)
        {
            final byte[] bound = new byte[CellDescriptor.PUBLIC_KEY_LENGTH];
            key.getBytes(keyOffset, bound);
            account = new Account(bound);
            accounts.put(origin, account);
        }
        else if (!account.isKey(key, keyOffset))
        {
            return WRONG_KEY;
        }
        if (sequence <= account.lastSequence)
        {
            return USED_SEQUENCE;
        }
        account.lastSequence = sequence;
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
        final Account account = accounts.get(origin);
        return account == null ? -1 : account.lastSequence;
    }

    /**
     * The key an origin is bound to.
     *
     * @param origin the address.
     * @return a copy of its key, or null if it is not bound.
     */
    public synchronized byte[] key(final long origin)
    {
        final Account account = accounts.get(origin);
        return account == null ? null : Arrays.copyOf(account.key, account.key.length);
    }

    /** One origin's key and highest used sequence; guarded by the table's lock. */
    private static final class Account
    {
        final byte[] key;
        long lastSequence;

        Account(final byte[] key)
        {
            this.key = key;
        }

        boolean isKey(final DirectBuffer other, final int offset)
        {
            for (int i = 0; i < key.length; i++)
            {
                if (other.getByte(offset + i) != key[i])
                {
                    return false;
                }
            }
            return true;
        }
    }
}
