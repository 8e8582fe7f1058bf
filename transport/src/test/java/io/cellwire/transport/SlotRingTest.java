package io.cellwire.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which slot each sequence gets: distinct slots while they are in use, frames handed over in order, the most recently
 * released slot first; the producer's occupancy and the any-thread size agree with what is held.
 */
class SlotRingTest
{
    private static final int CAPACITY = 8;

    private final SlotRing ring = new SlotRing(CAPACITY);

    @AfterEach
    void close()
    {
        ring.close();
    }

    @Test
    void shouldReuseTheSameSlotWhileTheLaneKeepsUp()
    {
        final int first = ring.claim();
        for (int i = 0; i < 3 * CAPACITY; i++)
        {
            assertEquals(first, ring.claim());
            ring.buffer().putInt(first + SlotDescriptor.FRAME_COUNT_OFFSET, i);
            ring.publish();
            assertEquals(first, ring.peek());
            assertEquals(i, ring.buffer().getInt(first + SlotDescriptor.FRAME_COUNT_OFFSET));
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
            ring.buffer().putInt(slots[i] + SlotDescriptor.FRAME_COUNT_OFFSET, i);
            ring.publish();
            distinct.add(slots[i]);
        }
        assertEquals(CAPACITY, distinct.size());
        assertEquals(-1, ring.claim());

        for (int i = 0; i < 3; i++)
        {
            assertEquals(slots[i], ring.peek());
            assertEquals(i, ring.buffer().getInt(ring.peek() + SlotDescriptor.FRAME_COUNT_OFFSET));
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
    void shouldPublishTheClaimedSlotWhenSlotsComeBackBeforeThePublish()
    {
        final int first = ring.claim();
        ring.publish();
        final int second = ring.claim();
        assertNotEquals(first, second);
        ring.buffer().putInt(second + SlotDescriptor.FRAME_COUNT_OFFSET, 42);
        assertEquals(first, ring.peek());
        ring.release();
        assertEquals(0, ring.occupancy());
        assertEquals(second, ring.claim(), "a claim holds its slot until published");
        ring.publish();
        assertEquals(second, ring.peek());
        assertEquals(42, ring.buffer().getInt(ring.peek() + SlotDescriptor.FRAME_COUNT_OFFSET));
        ring.release();
        assertEquals(second, ring.claim(), "the latest released slot is on top of the stack");
    }

    @Test
    void shouldCountWhatIsHeldThroughManyLapsOfTheEntries()
    {
        final int held = 3;
        for (int i = 0; i < held; i++)
        {
            ring.claim();
            ring.publish();
        }
        for (int i = 0; i < 10 * CAPACITY; i++)
        {
            assertEquals(held, ring.occupancy());
            final int slot = ring.claim();
            ring.buffer().putInt(slot + SlotDescriptor.FRAME_COUNT_OFFSET, i);
            ring.publish();
            assertEquals(held + 1, ring.size());
            final int oldest = ring.peek();
            assertTrue(oldest >= 0);
            ring.release();
            assertEquals(i + 1, ring.released());
        }
        assertEquals(held, ring.occupancy());
        for (int i = 10 * CAPACITY - held; i < 10 * CAPACITY; i++)
        {
            assertEquals(i, ring.buffer().getInt(ring.peek() + SlotDescriptor.FRAME_COUNT_OFFSET), "handed over in order");
            ring.release();
        }
        assertEquals(-1, ring.peek());
        assertEquals(0, ring.occupancy());
        assertEquals(0, ring.size());
        assertEquals(held + 1, ring.highWaterMark());
    }
}
