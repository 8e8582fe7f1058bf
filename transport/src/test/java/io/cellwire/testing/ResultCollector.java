package io.cellwire.testing;

import io.cellwire.client.Client;
import io.cellwire.client.ResultHandler;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Records every result a {@link Client} delivers, by message ID, with how many times each ID ended; and polls a client
 * until given requests have ended, within a bound. Test support; allocates freely; used on the client thread only.
 */
public final class ResultCollector implements ResultHandler
{
    /** One ended request, copied out of the views. */
    public record Outcome(long id, byte[] value, String error, boolean timedOut)
    {
        /** @return the value as a Long cell's number; fails if it is not a Long cell. */
        public long longValue()
        {
            assertEquals(0x09, value[0] & 0xff, "not a Long cell: " + hex(value));
            return io.cellwire.codec.Vlc.value(new org.agrona.concurrent.UnsafeBuffer(value), 1);
        }
    }

    public final Map<Long, Outcome> outcomes = new HashMap<>();
    public final Map<Long, Integer> endings = new HashMap<>();

    @Override
    public void onResult(final long id, final DirectBuffer value, final DirectBuffer error, final boolean timedOut)
    {
        final byte[] bytes = new byte[value.capacity()];
        value.getBytes(0, bytes);
        outcomes.put(id, new Outcome(id, bytes, keywordName(error), timedOut));
        endings.merge(id, 1, Integer::sum);
    }

    /**
     * Polls until the request has ended.
     *
     * @return its outcome.
     */
    public Outcome await(final Client client, final long id, final long timeoutMs)
    {
        Await.pumpUntil(() -> client.poll(this), () -> outcomes.containsKey(id), Duration.ofMillis(timeoutMs),
            () -> "request " + id + " ended");
        return outcomes.get(id);
    }

    /** Polls until nothing is in flight. */
    public void drain(final Client client, final long timeoutMs)
    {
        Await.pumpUntil(() -> client.poll(this), () -> client.inFlight() == 0, Duration.ofMillis(timeoutMs),
            () -> "nothing in flight; still " + client.inFlight() + " requests");
    }

    /** @return the name of a Keyword cell {@code 33 len name}, or null for an empty view. */
    public static String keywordName(final DirectBuffer error)
    {
        if (error.capacity() == 0)
        {
            return null;
        }
        assertEquals(0x33, error.getByte(0) & 0xff, "error is not a Keyword");
        final byte[] name = new byte[error.getByte(1) & 0xff];
        error.getBytes(2, name);
        return new String(name, StandardCharsets.UTF_8);
    }

    public static String hex(final byte[] bytes)
    {
        final StringBuilder builder = new StringBuilder();
        for (final byte b : bytes)
        {
            builder.append(String.format("%02x", b & 0xff));
        }
        return builder.toString();
    }
}
