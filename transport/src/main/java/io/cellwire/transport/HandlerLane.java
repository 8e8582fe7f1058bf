package io.cellwire.transport;

import io.cellwire.codec.CellWalker;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageHandler;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A handler lane: takes slots from its {@link SlotRing}, walks the run of frames in each ({@link SlotDescriptor}),
 * decodes each frame in place with the generated flyweights and calls the application's handler; a payload that fails
 * validation is counted and its connection closed. A slot goes back to the poller as soon as the handler has returned,
 * or thrown, for its last frame: an exception from the handler is counted, reported to the error handler and closes
 * the connection its frame came from, and the lane goes on with the next frame. A handler
 * that is also an {@link Agent} gets its {@code doWork()} called once per duty cycle, before the slots, for its timers
 * and periodic sends.
 * <p>
 * Owned by one thread (its own in {@link ThreadingMode#DEDICATED}, the shared one otherwise); nothing allocates in
 * {@link #doWork()}.
 */
final class HandlerLane implements Agent
{
    private final int index;
    private final SlotRing ring;
    private final UnsafeBuffer slots;
    private final int batch;
    private final LaneSession session;
    private final MessageHandler handler;
    private final Agent handlerWork;
    private final MessageDispatcher dispatcher = new MessageDispatcher(new CellWalker());
    private final TransportCounters counters;
    private final ErrorHandler errorHandler;
    private final ConnectionTable connections;

    HandlerLane(
        final int index,
        final SlotRing ring,
        final int batch,
        final ConnectionTable connections,
        final LaneHandlerFactory factory,
        final TransportCounters counters,
        final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        this.index = index;
        this.ring = ring;
        this.slots = ring.buffer();
        this.batch = batch;
        this.counters = counters;
        this.connections = connections;
        session = new LaneSession(connections, index);
        handler = factory.create(session);
        handlerWork = handler instanceof Agent ? (Agent)handler : null;
    }

    @Override
    public int doWork() throws Exception
    {
        int work = handlerWork == null ? 0 : handlerWork.doWork();
        int handled = 0;
        while (handled < batch)
        {
            final int slot = ring.peek();
            if (slot < 0)
            {
                break;
            }
            final long connectionId = slots.getLong(slot + SlotDescriptor.CONNECTION_ID_OFFSET);
            final int frames = slots.getInt(slot + SlotDescriptor.FRAME_COUNT_OFFSET);
            try
            {
                handleRun(slot, connectionId, frames);
            }
            finally
            {
                release(connectionId, frames);
            }
            handled++;
        }
        return work + handled;
    }

    /** Handles each frame of the slot's run in order; what one frame throws does not stop the frames after it. */
    private void handleRun(final int slot, final long connectionId, final int frames)
    {
        final long receiveTimeNs = slots.getLong(slot + SlotDescriptor.RECEIVE_TIME_OFFSET);
        int frame = slot + SlotDescriptor.FRAME_OFFSET;
        int accepted = 0;
        for (int i = 0; i < frames; i++)
        {
            // the poller checked each header, so its first byte says how long it is
            final int headerLength = (slots.getByte(frame) & 0x80) == 0 ? 1 : FrameHeader.MAX_HEADER_LENGTH;
            final int frameLength = headerLength + FrameHeader.frameLength(slots, frame, headerLength);
            try
            {
                accepted += handle(frame, frameLength, headerLength, connectionId, receiveTimeNs);
            }
            catch (final RuntimeException ex)
            {
                counters.laneHandlerErrors[index].incrementRelease();
                session.close(connectionId);
                errorHandler.onError(ex);
            }
            frame += frameLength;
        }
        counters.laneFrames[index].getAndAddRelease(accepted);
    }

    /** Gives the slot back to the poller and counts its frames off its connection's share of the lane. */
    private void release(final long connectionId, final int frames)
    {
        final Connection connection = connections.get(connectionId);
        ring.release();
        if (connection != null)
        {
            connection.onFramesReleased(frames);
        }
    }

    /** @return 1 if the frame's payload was valid and handled, 0 if it was not (counted, its connection closing). */
    private int handle(
        final int frame, final int frameLength, final int headerLength, final long connectionId, final long receiveTimeNs)
    {
        final int type = slots.getByte(frame + headerLength) & 0xff;
        session.wrap(slots, frame, frameLength, type, connectionId, receiveTimeNs);
        final int payload = frame + headerLength + 1;
        final int result = dispatcher.dispatch(type, slots, payload, frame + frameLength - payload, handler);
        if (result < 0)
        {
            counters.error(result);
            counters.laneErrors[index].incrementRelease();
            session.close(connectionId);
            return 0;
        }
        return 1;
    }

    @Override
    public void onClose()
    {
        if (handlerWork != null)
        {
            handlerWork.onClose();
        }
    }

    @Override
    public String roleName()
    {
        return "cellwire-lane-" + index;
    }
}
