package io.cellwire.transport;

import io.cellwire.codec.CellWalker;
import io.cellwire.codec.message.MessageDispatcher;
import io.cellwire.codec.message.MessageHandler;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A handler lane: takes frames from its {@link SlotRing}, decodes each in place with the generated flyweights and
 * calls the application's handler; a payload that fails validation is counted and its connection closed. Slots go
 * back to the poller as soon as the handler returns, or throws: an exception from the handler is counted, reported to
 * the error handler and closes the connection its frame came from, and the lane goes on with the next slot. A handler
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
            try
            {
                handle(slot);
            }
            catch (final RuntimeException ex)
            {
                counters.laneHandlerErrors[index].incrementRelease();
                session.close(slots.getLong(slot + SlotDescriptor.CONNECTION_ID_OFFSET));
                errorHandler.onError(ex);
            }
            finally
            {
                release(slot);
            }
            handled++;
        }
        return work + handled;
    }

    /** Gives the slot back to the poller and counts it off its connection's share of the lane. */
    private void release(final int slot)
    {
        final Connection connection = connections.get(slots.getLong(slot + SlotDescriptor.CONNECTION_ID_OFFSET));
        ring.release();
        if (connection != null)
        {
            connection.onSlotReleased();
        }
    }

    private void handle(final int slot)
    {
        final long connectionId = slots.getLong(slot + SlotDescriptor.CONNECTION_ID_OFFSET);
        final int type = slots.getInt(slot + SlotDescriptor.TYPE_OFFSET);
        final int frameLength = slots.getInt(slot + SlotDescriptor.FRAME_LENGTH_OFFSET);
        final int headerLength = slots.getInt(slot + SlotDescriptor.HEADER_LENGTH_OFFSET);
        final int frame = slot + SlotDescriptor.FRAME_OFFSET;
        session.wrap(slots, frame, frameLength, type, connectionId,
            slots.getLong(slot + SlotDescriptor.RECEIVE_TIME_OFFSET));
        final int payload = frame + headerLength + 1;
        final int result = dispatcher.dispatch(type, slots, payload, frame + frameLength - payload, handler);
        if (result < 0)
        {
            counters.error(result);
            counters.laneErrors[index].incrementRelease();
            session.close(connectionId);
        }
        else
        {
            counters.laneFrames[index].incrementRelease();
        }
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
