package io.cellwire.transport;

/**
 * How a transport's agents get threads, as Aeron's media driver has it. On a 2-core machine give a node and a client
 * on the same host {@link #SHARED} each, or spinning threads outnumber cores. Immutable.
 */
public enum ThreadingMode
{
    /** One thread for the poller and one per handler lane. */
    DEDICATED,
    /** The poller and every lane run as one composite agent on one thread; the slot handoff costs only a ring slot. */
    SHARED,
    /** No threads: the application calls {@link Transport#invoke()} from its own loop. */
    INVOKER
}
