package io.cellwire.node;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The default account table: first valid key binds an origin, sequences must rise, gaps allowed, repeats refused. */
class InMemoryAccountTableTest
{
    private static final byte[] KEY_A = filled(0xa);
    private static final byte[] KEY_B = filled(0xb);

    @Test
    void shouldBindFirstKeyAndAdmitOnlyRisingSequences()
    {
        final InMemoryAccountTable table = new InMemoryAccountTable();
        assertEquals(-1, table.lastSequence(11));
        assertNull(table.key(11));
        assertEquals(AccountTable.ADMITTED, table.admit(11, new UnsafeBuffer(KEY_A), 0, 1));
        assertArrayEquals(KEY_A, table.key(11));
        assertEquals(AccountTable.WRONG_KEY, table.admit(11, new UnsafeBuffer(KEY_B), 0, 2));
        assertEquals(AccountTable.USED_SEQUENCE, table.admit(11, new UnsafeBuffer(KEY_A), 0, 1));
        assertEquals(AccountTable.ADMITTED, table.admit(11, new UnsafeBuffer(KEY_A), 0, 5));
        assertEquals(AccountTable.USED_SEQUENCE, table.admit(11, new UnsafeBuffer(KEY_A), 0, 4));
        assertEquals(5, table.lastSequence(11));
    }

    @Test
    void shouldRefuseOtherKeysForAnOriginBoundAtStartUp()
    {
        final InMemoryAccountTable table = new InMemoryAccountTable().bind(12, KEY_B);
        assertEquals(0, table.lastSequence(12));
        assertEquals(AccountTable.WRONG_KEY, table.admit(12, new UnsafeBuffer(KEY_A), 0, 1));
        assertEquals(AccountTable.ADMITTED, table.admit(12, new UnsafeBuffer(KEY_B), 0, 1));
    }

    @Test
    void shouldRefuseNewOriginsOnceFullAndKeepServingTheOnesItHolds()
    {
        final InMemoryAccountTable table = new InMemoryAccountTable(2).bind(11, KEY_A);
        assertEquals(AccountTable.ADMITTED, table.admit(12, new UnsafeBuffer(KEY_B), 0, 1));
        assertEquals(AccountTable.NO_ROOM, table.admit(13, new UnsafeBuffer(KEY_B), 0, 1));
        assertEquals(2, table.size());
        assertEquals(-1, table.lastSequence(13));
        assertEquals(AccountTable.ADMITTED, table.admit(11, new UnsafeBuffer(KEY_A), 0, 1));
        assertEquals(AccountTable.USED_SEQUENCE, table.admit(12, new UnsafeBuffer(KEY_B), 0, 1));
        assertThrows(IllegalStateException.class, () -> table.bind(14, KEY_A));
    }

    private static byte[] filled(final int value)
    {
        final byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte)value);
        return key;
    }
}
