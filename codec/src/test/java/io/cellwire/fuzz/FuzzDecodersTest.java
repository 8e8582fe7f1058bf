package io.cellwire.fuzz;

import io.cellwire.codec.DecodeError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The message decoders over hostile frames and payloads, every type byte 1…11 (see {@link DecoderTarget}): no
 * exception, no read outside the input, a named reason for every rejection, and accepted messages consistent with
 * the walker and the frame validator.
 */
class FuzzDecodersTest
{
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldDecodeHostileFramesForEveryTypeWithoutCrashOrInconsistency() throws InterruptedException
    {
        final FuzzStats stats =
            FuzzSuite.run(() -> new DecoderTarget(FuzzSuite.CORPUS), FuzzSuite.DECODER_CASES).stats();
        assertTrue(stats.accepted() > 0, "some inputs accepted");
        assertTrue(stats.rejections(DecodeError.WRONG_MESSAGE_SHAPE) > 0 && stats.rejections(DecodeError.TRUNCATED) > 0,
            "shape and truncation rejections seen");
    }
}
