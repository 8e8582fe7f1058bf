package io.cellwire.node;

/**
 * Makes the application's {@link PeerHandler} of each handler lane, once per lane while the node launches.
 */
@FunctionalInterface
public interface PeerHandlerFactory
{
    /**
     * The handler of one lane; it runs on that lane's thread only.
     *
     * @param lane   the lane index.
     * @param status the node's status, which the handler may update when its state changes.
     * @return the handler.
     */
    PeerHandler create(int lane, NodeStatus status);
}
