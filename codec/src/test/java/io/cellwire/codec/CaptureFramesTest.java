package io.cellwire.codec;

import io.cellwire.codec.message.MessageType;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every frame a live 0.7.9 network put on the wire, through the frame validator and the walker. */
class CaptureFramesTest
{
    @Test
    void shouldWalkEveryCapturedFrameToItsPayloadLengthWithItsRefCount()
    {
        final CellWalker walker = new CellWalker();
        final RefList refs = new RefList();
        final List<String> failures = new ArrayList<>();
        final List<Vectors.Frame> frames = Vectors.captureFrames();
        for (final Vectors.Frame frame : frames)
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(frame.bytes());
            refs.clear();
            final int payload = FrameValidator.validate(walker, buffer, 0, buffer.capacity(), refs);
            if (payload < 0)
            {
                failures.add(frame + " " + DecodeError.of(payload));
                continue;
            }
            final String type = MessageType.name(buffer.getByte(payload - 1) & 0xff);
            if (!type.equals(frame.type()) || refs.count() != frame.refs())
            {
                failures.add(frame + " type=" + type + " refs=" + refs.count() + " expected " + frame.refs());
            }
        }
        assertEquals(List.of(), failures);
        assertEquals(6830, frames.size());
    }
}
