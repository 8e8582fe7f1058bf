package io.cellwire.client;

import io.cellwire.codec.message.BeliefDecoder;
import io.cellwire.codec.message.ChallengeDecoder;
import io.cellwire.codec.message.CommandDecoder;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.GoodbyeDecoder;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResponseDecoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.codec.message.StatusDecoder;
import io.cellwire.codec.message.TransactDecoder;
import io.cellwire.transport.ThreadingMode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The lane's handler: hands each validated RESULT, DATA and MISSING_DATA payload to the client thread through a
 * one-to-one ring. Runs on the transport's lane thread (the client thread in {@link ThreadingMode#INVOKER} mode);
 * its counters are read from any thread.
 */
final class InboundForwarder implements MessageHandler
{
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong ignored = new AtomicLong();
    private final OneToOneRingBuffer ring;

    InboundForwarder(final OneToOneRingBuffer ring)
    {
        this.ring = ring;
    }

    @Override
    public void onResult(final ResultDecoder decoder)
    {
        forward(MessageType.RESULT, decoder.buffer(), decoder.offset(), decoder.length());
    }

    @Override
    public void onData(final DataDecoder decoder)
    {
        forward(MessageType.DATA, decoder.buffer(), decoder.offset(), decoder.length());
    }

    @Override
    public void onMissingData(final MissingDataDecoder decoder)
    {
        forward(MessageType.MISSING_DATA, decoder.buffer(), decoder.offset(), decoder.length());
    }

    @Override
    public void onChallenge(final ChallengeDecoder decoder)
    {
        ignored.incrementAndGet();
    }

    @Override
    public void onResponse(final ResponseDecoder decoder)
    {
        ignored.incrementAndGet();
    }

    @Override
    public void onCommand(final CommandDecoder decoder)
    {
        ignored.incrementAndGet();
    }

    @Override
    public void onQuery(final QueryDecoder decoder)
    {
        ignored.incrementAndGet();
    }

    @Override
    public void onTransact(final TransactDecoder decoder)
    {
        ignored.incrementAndGet();
    }

    @Override
    public void onBelief(final BeliefDecoder decoder)
    {
        ignored.incrementAndGet();
    }

    @Override
    public void onGoodbye(final GoodbyeDecoder decoder)
    {
        ignored.incrementAndGet();
    }

    @Override
    public void onStatus(final StatusDecoder decoder)
    {
        ignored.incrementAndGet();
    }

    private void forward(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!ring.write(type, buffer, offset, length))
        {
            dropped.incrementAndGet();
        }
    }
}
