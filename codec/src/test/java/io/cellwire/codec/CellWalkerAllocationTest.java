package io.cellwire.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Walking, enumerating dependencies and hashing every captured frame allocates nothing once warm. */
class CellWalkerAllocationTest
{
    private static final int WARM_UP_ROUNDS = 20;
    private static final int MEASURED_ROUNDS = 10;

    @Test
    void shouldAllocateNothingWalkingAndHashingEveryCaptureFrame()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final List<UnsafeBuffer> frames = Vectors.captureFrames().stream()
            .map(f -> new UnsafeBuffer(f.bytes())).toList();
        final UnsafeBuffer[] buffers = frames.toArray(new UnsafeBuffer[0]);
        final CellWalker walker = new CellWalker();
        final ValueIdDigest digest = new ValueIdDigest();
        final RefList refs = new RefList();
        final UnsafeBuffer id = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);

        long checksum = 0;
        for (int i = 0; i < WARM_UP_ROUNDS; i++)
        {
            checksum += round(buffers, walker, digest, refs, id);
        }
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < MEASURED_ROUNDS; i++)
        {
            checksum += round(buffers, walker, digest, refs, id);
        }
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertEquals(0, allocated, "bytes allocated over " + MEASURED_ROUNDS + " rounds");
        assertEquals((WARM_UP_ROUNDS + MEASURED_ROUNDS) * (long)buffers.length, checksum, "every frame valid");
    }

    private static long round(
        final UnsafeBuffer[] frames,
        final CellWalker walker,
        final ValueIdDigest digest,
        final RefList refs,
        final UnsafeBuffer id)
    {
        long valid = 0;
        for (final UnsafeBuffer frame : frames)
        {
            refs.clear();
            final int payload = FrameValidator.validate(walker, frame, 0, frame.capacity(), refs);
            if (payload > 0)
            {
                digest.valueId(frame, payload, frame.capacity() - payload, id, 0);
                valid++;
            }
        }
        return valid;
    }
}
