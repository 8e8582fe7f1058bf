package io.cellwire.transport;

import io.cellwire.client.Client;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageHandler;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Client-side lane handler of echo tests: checks that each connection's frames come back in order and byte for byte,
 * by rebuilding the frame expected next from its sequence number. Counters are atomics read by the test thread.
 */
final class SequencedReceiver implements LaneHandlerFactory
{
    /** Payload size of frame {@code sequence}. */
    interface Sizes
    {
        int payloadLength(long sequence);
    }

    final AtomicLong mismatches = new AtomicLong();
    final AtomicLongArray received;
    private final Sizes sizes;
    private volatile long[] connectionIds = new long[0];

    SequencedReceiver(final int connections, final Sizes sizes)
    {
        received = new AtomicLongArray(connections);
        this.sizes = sizes;
    }

    /** Registers the connections, in the order the test indexes them. Call before sending. */
    void connections(final long[] ids)
    {
        connectionIds = ids.clone();
    }

    @Override
    public MessageHandler create(final LaneSession session)
    {
        return new LaneReceiver(session);
    }

    /** One lane's checker; a connection's frames all arrive on one lane, so its counter has one writer. */
    private final class LaneReceiver implements MessageHandler
    {
        private final LaneSession session;
        private final Long2LongHashMap indexOf = new Long2LongHashMap(-1);
        private final UnsafeBuffer expected = new UnsafeBuffer(new byte[8200]);

        LaneReceiver(final LaneSession session)
        {
            this.session = session;
        }

        @Override
        public void onData(final DataDecoder decoder)
        {
            final int index = indexOf(session.connectionId());
            final long sequence = received.get(index);
            final int length = TestFrames.write(expected, 0, sizes.payloadLength(sequence), sequence);
            if (length != session.frameLength() ||
                !new UnsafeBuffer(session.frameBuffer(), session.frameOffset(), length)
                    .equals(new UnsafeBuffer(expected, 0, length)))
            {
                mismatches.incrementAndGet();
            }
            received.incrementAndGet(index);
        }

        private int indexOf(final long connectionId)
        {
            final long cached = indexOf.get(connectionId);
            if (cached >= 0)
            {
                return (int)cached;
            }
            final long[] ids = connectionIds;
            for (int i = 0; i < ids.length; i++)
            {
                if (ids[i] == connectionId)
                {
                    indexOf.put(connectionId, i);
                    return i;
                }
            }
            throw new IllegalStateException("unknown connection " + connectionId);
        }
    }
}
