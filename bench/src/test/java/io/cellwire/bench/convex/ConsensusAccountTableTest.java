package io.cellwire.bench.convex;

import io.cellwire.node.AccountTable;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * {@link ConsensusAccountTable}: admission against the keys and sequences of the consensus state.
 */
class ConsensusAccountTableTest
{
    private static final int CAPACITY = 16;
    private static final long ORIGIN = 11;

    private final ConsensusAccountTable table = new ConsensusAccountTable(CAPACITY);
    private final UnsafeBuffer keyA = key(1);
    private final UnsafeBuffer keyB = key(2);

    @Test
    void shouldAdmitTheNextSequenceOfAKnownAccountOnce()
    {
        table.update(ORIGIN, keyA, 0, 4);

        assertEquals(AccountTable.ADMITTED, table.admit(ORIGIN, keyA, 0, 5));
        assertEquals(AccountTable.USED_SEQUENCE, table.admit(ORIGIN, keyA, 0, 5));
        assertEquals(AccountTable.ADMITTED, table.admit(ORIGIN, keyA, 0, 6));
    }

    @Test
    void shouldAdmitFromConsensusAgainOnceSettled()
    {
        table.update(ORIGIN, keyA, 0, 4);
        assertEquals(AccountTable.ADMITTED, table.admit(ORIGIN, keyA, 0, 9));

        table.settle(ORIGIN);

        assertEquals(AccountTable.ADMITTED, table.admit(ORIGIN, keyA, 0, 5));
        assertEquals(AccountTable.USED_SEQUENCE, table.admit(ORIGIN, keyA, 0, 4));
    }

    @Test
    void shouldRefuseASequenceAtOrBelowConsensus()
    {
        table.update(ORIGIN, keyA, 0, 4);

        assertEquals(AccountTable.USED_SEQUENCE, table.admit(ORIGIN, keyA, 0, 4));
        assertEquals(AccountTable.USED_SEQUENCE, table.admit(ORIGIN, keyA, 0, 1));
    }

    @Test
    void shouldRefuseAnotherKey()
    {
        table.update(ORIGIN, keyA, 0, 0);

        assertEquals(AccountTable.WRONG_KEY, table.admit(ORIGIN, keyB, 0, 1));
    }

    @Test
    void shouldRefuseAnUnknownRemovedOrOutOfRangeOrigin()
    {
        table.update(ORIGIN, keyA, 0, 0);
        table.remove(ORIGIN);

        assertEquals(AccountTable.NO_ROOM, table.admit(ORIGIN, keyA, 0, 1));
        assertEquals(AccountTable.NO_ROOM, table.admit(3, keyA, 0, 1));
        assertEquals(AccountTable.NO_ROOM, table.admit(CAPACITY, keyA, 0, 1));
        assertEquals(AccountTable.NO_ROOM, table.admit(-1, keyA, 0, 1));
        assertFalse(table.update(CAPACITY, keyA, 0, 0));
    }

    @Test
    void shouldForgetAdmittedSequencesWhenConsensusChangesTheKey()
    {
        table.update(ORIGIN, keyA, 0, 0);
        assertEquals(AccountTable.ADMITTED, table.admit(ORIGIN, keyA, 0, 9));

        table.update(ORIGIN, keyB, 0, 2);

        assertEquals(AccountTable.WRONG_KEY, table.admit(ORIGIN, keyA, 0, 10));
        assertEquals(AccountTable.ADMITTED, table.admit(ORIGIN, keyB, 0, 3));
    }

    private static UnsafeBuffer key(final int last)
    {
        final byte[] key = new byte[32];
        key[31] = (byte)last;
        return new UnsafeBuffer(key);
    }
}
