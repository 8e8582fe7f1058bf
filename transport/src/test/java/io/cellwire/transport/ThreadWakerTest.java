package io.cellwire.transport;

import io.cellwire.testing.Await;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadWakerTest
{
    /** Far longer than the test's timeout: the owner only returns from this park because it was woken. */
    private static final long PARK_NS = TimeUnit.MINUTES.toNanos(10);

    @Test
    void shouldUnparkItsOwnerFromAParkLongerThanTheTest() throws InterruptedException
    {
        final ThreadWaker waker = new ThreadWaker();
        final CountDownLatch owned = new CountDownLatch(1);
        final AtomicInteger parksReturned = new AtomicInteger();
        final Thread owner = new Thread(() ->
        {
            waker.ownedByCurrentThread();
            owned.countDown();
            LockSupport.parkNanos(PARK_NS);
            parksReturned.incrementAndGet();
        }, "waker-owner");
        owner.setDaemon(true);
        owner.start();
        assertTrue(owned.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));

        waker.wake();

        owner.join(Await.TIMEOUT.toMillis());
        assertEquals(1, parksReturned.get());
    }
}
