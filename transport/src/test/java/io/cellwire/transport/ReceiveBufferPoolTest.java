package io.cellwire.transport;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class ReceiveBufferPoolTest
{
    @Test
    void shouldReuseReleasedBuffersAndGrowOnlyToTheMostHeldAtOnce()
    {
        final ReceiveBufferPool pool = new ReceiveBufferPool(1024, 1);
        final ByteBuffer first = pool.acquire();
        final ByteBuffer second = pool.acquire();
        assertEquals(2, pool.inUse());
        assertEquals(2, pool.allocated());
        first.position(100);
        pool.release(first);
        pool.release(second);
        assertEquals(0, pool.inUse());
        assertSame(second, pool.acquire(), "the last released comes back first");
        final ByteBuffer again = pool.acquire();
        assertSame(first, again);
        assertEquals(0, again.position(), "cleared");
        assertEquals(1024, again.capacity());
        assertEquals(2, pool.allocated(), "nothing new allocated while released buffers are free");
    }
}
