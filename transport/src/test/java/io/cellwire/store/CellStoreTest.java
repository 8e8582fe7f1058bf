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
    private final CellStore store = new CellStore(CellStore.MIN_CAPACITY_BYTES, 64);
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
    void shouldEvictOldestFirstWhenTheEntryLimitIsReached()
    {
        for (int i = 0; i < 70; i++)
        {
            final UnsafeBuffer cell = blob(20, i);
            store.put(cell, 0, cell.capacity());
        }
        assertEquals(64, store.size());
        assertEquals(6, store.evictedCount());
        assertFalse(store.contains(id(blob(20, 5)), 0));
        assertTrue(store.contains(id(blob(20, 6)), 0));
        assertTrue(store.contains(id(blob(20, 69)), 0));
    }

    @Test
    void shouldStayWithinItsRingWhenFedFarMoreBytesThanItHolds()
    {
        for (int i = 0; i < 1000; i++)
        {
            final UnsafeBuffer cell = blob(1 + (i * 37) % 4000, i);
            store.put(cell, 0, cell.capacity());
            assertTrue(store.bytesInUse() <= CellStore.MIN_CAPACITY_BYTES);
            assertTrue(store.contains(id(cell), 0), "the newest cell is always present");
        }
        assertEquals(1000, store.storedCount());
        assertTrue(store.evictedCount() > 900);
    }

    @Test
    void shouldRejectRingsThatCannotHoldAFramedCellAfterPadding()
    {
        assertThrows(IllegalArgumentException.class, () -> new CellStore(16 * 1024, 10));
        assertThrows(IllegalArgumentException.class, () -> new CellStore(100_000, 10));
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
