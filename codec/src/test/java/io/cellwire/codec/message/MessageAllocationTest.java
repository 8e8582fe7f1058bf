package io.cellwire.codec.message;

import io.cellwire.codec.AllocationMeter;
import io.cellwire.codec.MessageVectors;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

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
        final UnsafeBuffer[] frames = MessageVectors.captureFrames().stream()
            .map(f -> new UnsafeBuffer(f.bytes())).toArray(UnsafeBuffer[]::new);

        final long allocated = AllocationMeter.minAllocatedBytes(() -> round(frames), WARM_UP_ROUNDS, MEASURED_ROUNDS);

        assertEquals(0, allocated, "bytes allocated in " + MEASURED_ROUNDS + " rounds of every capture frame");
        assertEquals((WARM_UP_ROUNDS + 3L * MEASURED_ROUNDS) * frames.length, handler.decoded);
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
