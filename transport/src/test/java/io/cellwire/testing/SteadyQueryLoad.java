package io.cellwire.testing;

import io.cellwire.client.Client;
import io.cellwire.client.ResultHandler;
import io.cellwire.codec.MessageFields;
import io.cellwire.testing.TestCells;
import org.agrona.DirectBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * A steady pipelined load of QUERY {@code (+ 1 2)} for the allocation tests: keeps a window of queries in flight on a
 * client and counts the results without allocating, each checked against the expected value. Test support; used on the
 * client thread only.
 */
public final class SteadyQueryLoad implements ResultHandler
{
    private static final long IDLE_NS = 20_000;

    private final DirectBuffer expected;
    private final int window;
    public long answered;
    public long timedOut;
    public long wrong;

    /**
     * @param expected the value each RESULT must carry: the Long 3 from a reference peer, the form from an echo node.
     * @param window   queries in flight.
     */
    public SteadyQueryLoad(final DirectBuffer expected, final int window)
    {
        this.expected = expected;
        this.window = window;
    }

    /** Sends and polls for a while. */
    public void run(final Client client, final long durationNs)
    {
        final DirectBuffer form = TestCells.ONE_PLUS_TWO;
        final long end = System.nanoTime() + durationNs;
        while (System.nanoTime() - end < 0)
        {
            int work = 0;
            if (client.inFlight() < window && client.query(form, 0, form.capacity(), MessageFields.NULL_ADDRESS) > 0)
            {
                work++;
            }
            work += client.poll(this);
            if (work == 0)
            {
                LockSupport.parkNanos(IDLE_NS);
            }
        }
    }

    @Override
    public void onResult(final long id, final DirectBuffer value, final DirectBuffer error, final boolean timedOut)
    {
        if (timedOut)
        {
            this.timedOut++;
        }
        else if (error.capacity() == 0 && value.capacity() == expected.capacity() && sameBytes(value))
        {
            answered++;
        }
        else
        {
            wrong++;
        }
    }

    private boolean sameBytes(final DirectBuffer value)
    {
        for (int i = 0; i < expected.capacity(); i++)
        {
            if (value.getByte(i) != expected.getByte(i))
            {
                return false;
            }
        }
        return true;
    }
}
