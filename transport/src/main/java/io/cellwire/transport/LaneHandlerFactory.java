package io.cellwire.transport;

import io.cellwire.codec.message.MessageHandler;

/**
 * Makes the application's message handler of one lane, once per lane at launch. The handler runs on that lane's
 * thread only and reads the {@link LaneSession} to know where a message came from and to reply.
 */
@FunctionalInterface
public interface LaneHandlerFactory
{
    /**
     * The handler of one lane.
     *
     * @param session the lane's session, valid during each callback.
     * @return the handler.
     */
    MessageHandler create(LaneSession session);
}
