package io.cellwire.transport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The slot handoff under two real threads: every slot arrives once, in order, with the bytes the producer wrote. Both
 * sides yield rather than spin when blocked, so the test behaves on a 2-core machine.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlotRingStressTest
{
    private static final long ITEMS = 2_000_000;

    private final SlotRing ring = new SlotRing(16);

    @AfterEach
    void close()
    {
        ring.close();
    }

    @Test
    void shouldHandOverEverySlotOnceInOrder() throws InterruptedException
    {
        final AtomicReference<String> failure = new AtomicReference<>();
        final long[] consumed = new long[1];
        final Thread consumer = new Thread(() ->
        {
            long expected = 0;
            while (expected < ITEMS)
            {
                final int slot = ring.peek();
                if (slot < 0)
                {
                    Thread.yield();
                    continue;
                }
                final long value = ring.buffer().getLong(slot + SlotDescriptor.CONNECTION_ID_OFFSET);
                final long tail = ring.buffer().getLong(slot + SlotDescriptor.FRAME_OFFSET + 8184);
                if (value != expected || tail != ~expected)
                {
                    failure.compareAndSet(null, "slot " + expected + " held " + value + "/" + ~tail);
                    return;
                }
                ring.release();
                expected++;
            }
            consumed[0] = expected;
        }, "slot-consumer");
        consumer.start();
        for (long i = 0; i < ITEMS; i++)
        {
            int slot;
            while ((slot = ring.claim()) < 0)
            {
                Thread.yield();
            }
            ring.buffer().putLong(slot + SlotDescriptor.CONNECTION_ID_OFFSET, i);
            ring.buffer().putLong(slot + SlotDescriptor.FRAME_OFFSET + 8184, ~i);
            ring.publish();
        }
        consumer.join(TimeUnit.SECONDS.toMillis(50));
        assertNull(failure.get());
        assertEquals(ITEMS, consumed[0]);
        assertEquals(0, ring.size());
    }
}
