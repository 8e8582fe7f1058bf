package io.cellwire.transport;

import io.cellwire.codec.CellWalker;
import io.cellwire.codec.FrameValidator;
import io.cellwire.codec.RefSink;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TestFramesTest
{
    @Test
    void shouldBuildAValidFrameOfEveryPayloadSize()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8200]);
        final CellWalker walker = new CellWalker();
        for (int payload = 1; payload <= TestFrames.MAX_PAYLOAD; payload++)
        {
            final int length = TestFrames.write(buffer, 0, payload, payload);
            assertEquals(payload + (payload + 1 <= 63 ? 2 : 3), length);
            final int at = FrameValidator.validate(walker, buffer, 0, length, RefSink.NONE);
            final int size = payload;
            assertTrue(at > 0, () -> "payload " + size + ": " + io.cellwire.codec.DecodeError.of(at));
        }
    }
}
