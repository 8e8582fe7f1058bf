package io.cellwire.store;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each missing cell is asked of a connection once per retry interval, within a bounded memory of requests. */
class MissingDataRequestsTest
{
    private static final long RETRY_NS = 1_000;

    private final UnsafeBuffer ids = new UnsafeBuffer(new byte[3 * 32]);

    MissingDataRequestsTest()
    {
        for (int i = 0; i < ids.capacity(); i++)
        {
            ids.putByte(i, (byte)(i * 13 + 1));
        }
    }

    @Test
    void shouldAskOncePerRetryIntervalAndAgainAfterIt()
    {
        final MissingDataRequests requests = new MissingDataRequests(16, RETRY_NS);
        assertTrue(requests.shouldRequest(ids, 0, 7, 0));
        assertFalse(requests.shouldRequest(ids, 0, 7, RETRY_NS - 1), "within the interval");
        assertTrue(requests.shouldRequest(ids, 0, 7, RETRY_NS), "still missing after the interval");
        assertFalse(requests.shouldRequest(ids, 0, 7, RETRY_NS + 1));
        assertEquals(1, requests.size());
    }

    @Test
    void shouldAskEachConnectionForItself()
    {
        final MissingDataRequests requests = new MissingDataRequests(16, RETRY_NS);
        assertTrue(requests.shouldRequest(ids, 0, 7, 0));
        assertTrue(requests.shouldRequest(ids, 0, 8, 0), "another connection");
        assertTrue(requests.shouldRequest(ids, 32, 7, 0), "another cell");
        assertEquals(3, requests.size());
    }

    @Test
    void shouldForgetOldRequestsWhenFullAndHoldNewOnesUntilOneIsOld()
    {
        final MissingDataRequests requests = new MissingDataRequests(2, RETRY_NS);
        assertTrue(requests.shouldRequest(ids, 0, 7, 0));
        assertTrue(requests.shouldRequest(ids, 32, 7, 10));
        assertFalse(requests.shouldRequest(ids, 64, 7, 20), "full, and no request is old yet");
        assertEquals(2, requests.size());
        assertTrue(requests.shouldRequest(ids, 64, 7, RETRY_NS + 5), "the first is old now and forgotten");
        assertEquals(2, requests.size());
        requests.clear();
        assertEquals(0, requests.size());
    }
}
