package io.cellwire.codec.message;

import io.cellwire.codec.MessageVectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Decoding every captured frame with the generated decoders, and encoding replies, allocates nothing once warm. */
class MessageAllocationTest
{
    private static final int WARM_UP_ROUNDS = 20;
    private static final int MEASURED_ROUNDS = 10;

    private final MessageDispatcher dispatcher = new MessageDispatcher();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[8200]);
    private final QueryEncoder query = new QueryEncoder();
    private final ResultEncoder result = new ResultEncoder();
    private final CountingHandler handler = new CountingHandler();

    @Test
    void shouldAllocateNothingDecodingEveryCaptureFrameAndEncodingReplies()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final UnsafeBuffer[] frames = MessageVectors.captureFrames().stream()
            .map(f -> new UnsafeBuffer(f.bytes())).toArray(UnsafeBuffer[]::new);
        for (int i = 0; i < WARM_UP_ROUNDS; i++)
        {
            round(frames);
        }
        handler.decoded = 0;
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < MEASURED_ROUNDS; i++)
        {
            round(frames);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertEquals(0, allocated, "bytes allocated over " + MEASURED_ROUNDS + " rounds");
        assertEquals(MEASURED_ROUNDS * (long)frames.length, handler.decoded);
    }

    private void round(final UnsafeBuffer[] frames)
    {
        for (final UnsafeBuffer frame : frames)
        {
            dispatcher.dispatchFrame(frame, 0, frame.capacity(), handler);
        }
        query.wrapFrame(out, 0).id(7).form(frames[0], 2, 2).addressNil().finishFrame();
        result.wrapFrame(out, 0).id(7).value(frames[0], 2, 2).errorNil().infoNil().finishFrame();
    }

    private static final class CountingHandler implements MessageHandler
    {
        private long decoded;

        @Override
        public void onData(final DataDecoder decoder)
        {
            decoded++;
        }

        @Override
        public void onMissingData(final MissingDataDecoder decoder)
        {
            decoded++;
        }

        @Override
        public void onBelief(final BeliefDecoder decoder)
        {
            decoded++;
        }

        @Override
        public void onResult(final ResultDecoder decoder)
        {
            decoded++;
        }

        @Override
        public void onStatus(final StatusDecoder decoder)
        {
            decoded++;
        }

        @Override
        public void onChallenge(final ChallengeDecoder decoder)
        {
            decoded++;
        }

        @Override
        public void onResponse(final ResponseDecoder decoder)
        {
            decoded++;
        }

        @Override
        public void onTransact(final TransactDecoder decoder)
        {
            decoded++;
        }

        @Override
        public void onQuery(final QueryDecoder decoder)
        {
            decoded++;
        }

        @Override
        public void onGoodbye(final GoodbyeDecoder decoder)
        {
            decoded++;
        }
    }
}
