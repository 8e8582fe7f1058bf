package io.cellwire.transport;

import java.util.concurrent.locks.LockSupport;

/**
 * Wakes an agent thread parked by its idle strategy when another thread hands it work. A backoff strategy parks with
 * {@link LockSupport#parkNanos}, which the kernel's timer slack (50 µs by default on Linux) stretches well past the
 * pause asked for; a handoff to a parked thread then waits that out unless the producer unparks it. Unparking a thread
 * that is not parked only leaves it a permit, so its next park returns at once: one extra duty cycle, no loss.
 * <p>
 * The owner is set once by the agent's own thread when it starts and read by producers (a volatile handoff);
 * {@link #wake()} may be called from any thread and allocates nothing.
 */
public final class ThreadWaker
{
    private volatile Thread owner;

    /** The calling thread becomes the one woken: call from the agent's {@code onStart}. */
    public void ownedByCurrentThread()
    {
        owner = Thread.currentThread();
    }

    /** Unparks the owner, unless it is the caller (it is awake) or not started yet (it will look for work). */
    public void wake()
    {
        final Thread thread = owner;
        if (thread != null && thread != Thread.currentThread())
        {
            LockSupport.unpark(thread);
        }
    }
}
