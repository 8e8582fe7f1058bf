package io.cellwire.store;

import io.cellwire.codec.ValueIdDigest;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellStoreTest
{
    private static final int MAX_ENTRIES = 64;
    private static final int QUARTER_ENTRIES = MAX_ENTRIES / 4;
    private static final int ORDINARY_ENTRIES = MAX_ENTRIES - 2 * QUARTER_ENTRIES;

    private final CellStore store = new CellStore(CellStore.MIN_CAPACITY_BYTES, MAX_ENTRIES);
    private final ValueIdDigest digest = new ValueIdDigest();

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void shouldFindAStoredCellByItsValueId()
    {
        final UnsafeBuffer cell = blob(200, 1);
        assertTrue(store.put(cell, 0, cell.capacity()));
        final int at = store.find(id(cell), 0);
        assertTrue(at >= 0);
        assertEquals(cell.capacity(), store.cellLength(at));
        final byte[] back = new byte[cell.capacity()];
        store.buffer().getBytes(at, back);
        assertEquals(HexFormat.of().formatHex(cell.byteArray()), HexFormat.of().formatHex(back));
    }

    @Test
    void shouldStoreACellOnceAndCountDuplicates()
    {
        final UnsafeBuffer cell = blob(50, 2);
        assertTrue(store.put(cell, 0, cell.capacity()));
        assertFalse(store.put(cell, 0, cell.capacity()));
        assertEquals(1, store.size());
        assertEquals(1, store.duplicateCount());
    }

    @Test
    void shouldNotFindACellWhoseIdSharesOnlyThePrefix()
    {
        final UnsafeBuffer cell = blob(50, 3);
        store.put(cell, 0, cell.capacity());
        final UnsafeBuffer other = id(cell);
        other.putByte(31, (byte)(other.getByte(31) ^ 1));
        assertEquals(CellStore.NOT_FOUND, store.find(other, 0));
    }

    @Test
    void shouldEvictOldestFirstWhenTheOrdinaryEntryLimitIsReached()
    {
        for (int i = 0; i < 70; i++)
        {
            final UnsafeBuffer cell = blob(20, i);
            store.put(cell, 0, cell.capacity());
        }
        assertEquals(ORDINARY_ENTRIES, store.size());
        assertEquals(70 - ORDINARY_ENTRIES, store.evictedCount());
        assertFalse(store.contains(id(blob(20, 70 - ORDINARY_ENTRIES - 1)), 0));
        assertTrue(store.contains(id(blob(20, 70 - ORDINARY_ENTRIES)), 0));
        assertTrue(store.contains(id(blob(20, 69)), 0));
    }

    @Test
    void shouldStayWithinItsOrdinaryHalfWhenFedFarMoreBytesThanItHolds()
    {
        for (int i = 0; i < 1000; i++)
        {
            final UnsafeBuffer cell = blob(1 + (i * 37) % 4000, i);
            store.put(cell, 0, cell.capacity());
            assertTrue(store.bytesInUse() <= CellStore.MIN_CAPACITY_BYTES / 2);
            assertTrue(store.contains(id(cell), 0), "the newest cell is always present");
        }
        assertEquals(1000, store.storedCount());
        assertTrue(store.evictedCount() > 900);
    }

    @Test
    void shouldKeepTrustedCellsThroughAFloodOfOrdinaryOnes()
    {
        for (int i = 0; i < QUARTER_ENTRIES; i++)
        {
            final UnsafeBuffer cell = blob(1500, 10_000 + i);
            assertTrue(store.putTrusted(cell, 0, cell.capacity()));
        }
        flood(2000);
        assertEquals(QUARTER_ENTRIES, store.trustedCount());
        for (int i = 0; i < QUARTER_ENTRIES; i++)
        {
            assertTrue(store.contains(id(blob(1500, 10_000 + i)), 0), "trusted cell " + i);
        }
    }

    @Test
    void shouldEvictTrustedCellsOnlyForOtherTrustedOnes()
    {
        for (int i = 0; i < QUARTER_ENTRIES + 4; i++)
        {
            final UnsafeBuffer cell = blob(20, 10_000 + i);
            store.putTrusted(cell, 0, cell.capacity());
        }
        assertEquals(QUARTER_ENTRIES, store.trustedCount());
        assertEquals(4, store.evictedCount());
        assertFalse(store.contains(id(blob(20, 10_003)), 0));
        assertTrue(store.contains(id(blob(20, 10_004)), 0));
    }

    @Test
    void shouldKeepACellAParkedMessageNeedsThroughAFlood()
    {
        final UnsafeBuffer needed = blob(500, 20_000);
        store.put(needed, 0, needed.capacity());
        assertTrue(store.keep(id(needed), 0), "an ordinary cell moves to the kept region");
        assertFalse(store.keep(id(needed), 0), "a kept cell stays where it is");
        assertEquals(1, store.keptCount());
        flood(2000);
        final int at = store.find(id(needed), 0);
        assertTrue(at >= 0, "kept through the flood");
        assertEquals(needed.capacity(), store.cellLength(at));
        final byte[] back = new byte[needed.capacity()];
        store.buffer().getBytes(at, back);
        assertEquals(HexFormat.of().formatHex(needed.byteArray()), HexFormat.of().formatHex(back));
    }

    @Test
    void shouldNotKeepACellItDoesNotHold()
    {
        assertFalse(store.keep(id(blob(20, 30_000)), 0));
        final UnsafeBuffer trusted = blob(20, 30_001);
        store.putTrusted(trusted, 0, trusted.capacity());
        assertFalse(store.keep(id(trusted), 0), "a trusted cell is already out of reach");
        assertEquals(0, store.keptCount());
    }

    @Test
    void shouldRejectRingsThatCannotHoldAFramedCellAfterPadding()
    {
        assertThrows(IllegalArgumentException.class, () -> new CellStore(64 * 1024, 10));
        assertThrows(IllegalArgumentException.class, () -> new CellStore(200_000, 10));
        assertThrows(IllegalArgumentException.class, () -> new CellStore(CellStore.MIN_CAPACITY_BYTES, 3));
    }

    private void flood(final int cells)
    {
        for (int i = 0; i < cells; i++)
        {
            final UnsafeBuffer cell = blob(1 + (i * 53) % 6000, 40_000 + i);
            store.put(cell, 0, cell.capacity());
        }
    }

    private static UnsafeBuffer blob(final int length, final int seed)
    {
        final int vlc = length < 64 ? 1 : length < 8192 ? 2 : 3;
        final UnsafeBuffer cell = new UnsafeBuffer(new byte[1 + vlc + length]);
        cell.putByte(0, (byte)0x31);
        io.cellwire.codec.Vlc.write(cell, 1, length);
        for (int i = 0; i < length; i++)
        {
            cell.putByte(1 + vlc + i, (byte)(seed * 31 + i));
        }
        return cell;
    }

    private UnsafeBuffer id(final UnsafeBuffer cell)
    {
        final UnsafeBuffer id = new UnsafeBuffer(new byte[32]);
        digest.valueId(cell, 0, cell.capacity(), id, 0);
        return id;
    }
}
