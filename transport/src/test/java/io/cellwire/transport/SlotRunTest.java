package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.MessageType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run packs whole frames back to back into one slot, up to the slot's room, and publishes them as one handoff. */
class SlotRunTest
{
    private static final int SMALL = 34;
    private final SlotRing ring = new SlotRing(4);
    private final SlotRun run = new SlotRun();
    private final UnsafeBuffer frames = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);

    @AfterEach
    void close()
    {
        ring.close();
    }

    @Test
    void shouldPackSmallFramesUntilTheSlotIsFullAndPublishThemAsOneSlot()
    {
        FrameHeader.write(frames, 0, SMALL - 1, MessageType.DATA);
        final int slot = ring.claim();
        run.open(ring, slot, 7L, 1234L);
        assertTrue(run.isOpen());
        int packed = 0;
        while (run.append(frames, 0, SMALL))
        {
            packed++;
        }
        assertEquals(SlotDescriptor.RUN_CAPACITY / SMALL, packed);
        assertEquals(241, packed);
        assertEquals(ring, run.publish());
        assertFalse(run.isOpen());

        assertEquals(slot, ring.peek());
        final UnsafeBuffer slots = ring.buffer();
        assertEquals(7L, slots.getLong(slot + SlotDescriptor.CONNECTION_ID_OFFSET));
        assertEquals(1234L, slots.getLong(slot + SlotDescriptor.RECEIVE_TIME_OFFSET));
        assertEquals(241, slots.getInt(slot + SlotDescriptor.FRAME_COUNT_OFFSET));
        assertEquals(241 * SMALL, slots.getInt(slot + SlotDescriptor.RUN_LENGTH_OFFSET));
        for (int i = 0; i < packed; i++)
        {
            final int frame = slot + SlotDescriptor.FRAME_OFFSET + i * SMALL;
            assertEquals(SMALL - 1, slots.getByte(frame), "header of frame " + i);
            assertEquals(MessageType.DATA, slots.getByte(frame + 1), "type of frame " + i);
        }
        ring.release();
        assertEquals(1, ring.released());
    }

    @Test
    void shouldFillTheRoomALargestFrameLeavesAndNoMore()
    {
        final int length = FrameHeader.write(frames, 0, FrameHeader.MAX_FRAME_LENGTH, MessageType.DATA) - 1 +
            FrameHeader.MAX_FRAME_LENGTH;
        assertEquals(FrameHeader.MAX_FRAME_SIZE, length);
        run.open(ring, ring.claim(), 1L, 0L);
        assertTrue(run.append(frames, 0, length));
        final int room = SlotDescriptor.RUN_CAPACITY - length;
        assertEquals(31, room);
        assertFalse(run.append(frames, 0, room + 1), "one byte past the slot");
        assertTrue(run.append(frames, 0, room));
        assertFalse(run.append(frames, 0, 2), "the slot is full");
        run.publish();
        final int slot = ring.peek();
        assertEquals(2, ring.buffer().getInt(slot + SlotDescriptor.FRAME_COUNT_OFFSET));
        assertEquals(SlotDescriptor.RUN_CAPACITY, ring.buffer().getInt(slot + SlotDescriptor.RUN_LENGTH_OFFSET));
    }
}
