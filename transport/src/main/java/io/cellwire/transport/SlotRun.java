package io.cellwire.transport;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The poller's open run: whole frames of the connection it is scanning, copied back to back into one claimed slot of
 * the connection's lane ({@link SlotDescriptor}) and published as one handoff when the scan ends or the next frame
 * does not fit. Small frames then cost the lane one handoff per run instead of one per frame, and the order of a
 * connection's frames is the order of its runs.
 * <p>
 * Owned by the poller thread.
 */
final class SlotRun
{
    private SlotRing ring;
    private MutableDirectBuffer slots;
    private int slot;
    private int end;
    private int frames;

    /** @return whether a run is open. */
    boolean isOpen()
    {
        return ring != null;
    }

    /**
     * Starts a run in a slot just claimed from {@code ring}.
     *
     * @param ring          the lane's ring.
     * @param slot          the claimed slot's offset.
     * @param connectionId  whose frames the run holds.
     * @param receiveTimeNs when they were read.
     */
    void open(final SlotRing ring, final int slot, final long connectionId, final long receiveTimeNs)
    {
        this.ring = ring;
        this.slot = slot;
        slots = ring.buffer();
        slots.putLong(slot + SlotDescriptor.CONNECTION_ID_OFFSET, connectionId);
        slots.putLong(slot + SlotDescriptor.RECEIVE_TIME_OFFSET, receiveTimeNs);
        end = slot + SlotDescriptor.FRAME_OFFSET;
        frames = 0;
    }

    /**
     * Copies one whole frame to the end of the open run, if it fits.
     *
     * @return false if the slot has no room left for it.
     */
    boolean append(final DirectBuffer buffer, final int offset, final int frameLength)
    {
        if (end + frameLength > slot + SlotDescriptor.SLOT_SIZE)
        {
            return false;
        }
        slots.putBytes(end, buffer, offset, frameLength);
        end += frameLength;
        frames++;
        return true;
    }

    /**
     * Publishes the open run to its lane and closes it.
     *
     * @return the lane's ring, for its high-water mark.
     */
    SlotRing publish()
    {
        final SlotRing published = ring;
        slots.putInt(slot + SlotDescriptor.FRAME_COUNT_OFFSET, frames);
        slots.putInt(slot + SlotDescriptor.RUN_LENGTH_OFFSET, end - slot - SlotDescriptor.FRAME_OFFSET);
        published.publish();
        ring = null;
        slots = null;
        return published;
    }
}
