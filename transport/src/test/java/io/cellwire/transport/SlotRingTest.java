package io.cellwire.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which slot each sequence gets: distinct slots while they are in use, frames handed over in order; on one thread the
 * most recently released slot first, across threads every slot in turn before any is taken back.
 */
class SlotRingTest
{
    private static final int CAPACITY = 8;

    private final SlotRing ring = new SlotRing(CAPACITY, true);
    private final SlotRing crossThreadRing = new SlotRing(CAPACITY, false);

    @AfterEach
    void close()
    {
        ring.close();
        crossThreadRing.close();
    }

    @Test
    void shouldReuseTheSameSlotWhileTheLaneKeepsUp()
    {
        final int first = ring.claim();
        for (int i = 0; i < 3 * CAPACITY; i++)
        {
            assertEquals(first, ring.claim());
            ring.buffer().putInt(first + SlotDescriptor.TYPE_OFFSET, i);
            ring.publish();
            assertEquals(first, ring.peek());
            assertEquals(i, ring.buffer().getInt(first + SlotDescriptor.TYPE_OFFSET));
            ring.release();
        }
        assertEquals(1, ring.highWaterMark());
    }

    @Test
    void shouldGiveDistinctSlotsWhileHeldAndTheLatestReleasedFirst()
    {
        final int[] slots = new int[CAPACITY];
        final Set<Integer> distinct = new HashSet<>();
        for (int i = 0; i < CAPACITY; i++)
        {
            slots[i] = ring.claim();
            assertTrue(slots[i] >= 0 && slots[i] % SlotDescriptor.SLOT_SIZE == 0, "offset " + slots[i]);
            ring.buffer().putInt(slots[i] + SlotDescriptor.TYPE_OFFSET, i);
            ring.publish();
            distinct.add(slots[i]);
        }
        assertEquals(CAPACITY, distinct.size());
        assertEquals(-1, ring.claim());

        for (int i = 0; i < 3; i++)
        {
            assertEquals(slots[i], ring.peek());
            assertEquals(i, ring.buffer().getInt(ring.peek() + SlotDescriptor.TYPE_OFFSET));
            ring.release();
        }
        assertEquals(slots[2], ring.claim());
        ring.publish();
        assertEquals(slots[1], ring.claim());
        ring.publish();
        assertEquals(slots[0], ring.claim());
        ring.publish();
        assertEquals(-1, ring.claim());
        assertEquals(CAPACITY, ring.size());

        for (int i = 3; i < CAPACITY; i++)
        {
            assertEquals(slots[i], ring.peek());
            ring.release();
        }
        assertEquals(slots[2], ring.peek());
        ring.release();
        assertEquals(slots[1], ring.peek());
        ring.release();
        assertEquals(slots[0], ring.peek());
        ring.release();
        assertEquals(-1, ring.peek());
        assertEquals(0, ring.size());
    }

    @Test
    void shouldTakeSlotsBackOnlyWhenNoneAreLeftAcrossThreads()
    {
        final Set<Integer> used = new HashSet<>();
        for (int i = 0; i < CAPACITY; i++)
        {
            final int slot = crossThreadRing.claim();
            crossThreadRing.buffer().putInt(slot + SlotDescriptor.TYPE_OFFSET, i);
            crossThreadRing.publish();
            assertEquals(slot, crossThreadRing.peek());
            assertEquals(i, crossThreadRing.buffer().getInt(slot + SlotDescriptor.TYPE_OFFSET));
            crossThreadRing.release();
            used.add(slot);
        }
        assertEquals(CAPACITY, used.size(), "each of the first claims took a slot not used before");
        assertTrue(crossThreadRing.claim() >= 0);
        assertEquals(0, crossThreadRing.size());
    }
}
