package io.cellwire.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Walking, enumerating dependencies and hashing every captured frame allocates nothing once warm, and nor does walking
 * them with every key hash forgotten, when each map key goes through the one-block SHA3.
 */
class CellWalkerAllocationTest
{
    private static final int WARM_UP_ROUNDS = 20;
    private static final int MEASURED_ROUNDS = 10;

    @Test
    void shouldAllocateNothingWalkingAndHashingEveryCaptureFrame()
    {
        final UnsafeBuffer[] buffers = Vectors.captureFrames().stream()
            .map(f -> new UnsafeBuffer(f.bytes())).toArray(UnsafeBuffer[]::new);
        final CellWalker walker = new CellWalker();
        final ValueIdDigest digest = new ValueIdDigest();
        final RefList refs = new RefList();
        final UnsafeBuffer id = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
        final long[] valid = new long[1];

        final long allocated = AllocationMeter.minAllocatedBytes(
            () -> valid[0] += round(buffers, walker, digest, refs, id), WARM_UP_ROUNDS, MEASURED_ROUNDS);

        assertEquals(0, allocated, "bytes allocated in " + MEASURED_ROUNDS + " rounds of every capture frame");
        assertEquals((WARM_UP_ROUNDS + 3L * MEASURED_ROUNDS) * buffers.length, valid[0], "every frame valid");
    }

    @Test
    void shouldAllocateNothingWalkingEveryCaptureFrameWithItsKeyHashesForgotten()
    {
        final UnsafeBuffer[] buffers = Vectors.captureFrames().stream()
            .map(f -> new UnsafeBuffer(f.bytes())).toArray(UnsafeBuffer[]::new);
        final CellWalker walker = new CellWalker();
        final RefList refs = new RefList();
        final long[] valid = new long[1];

        final long allocated = AllocationMeter.minAllocatedBytes(
            () -> valid[0] += coldRound(buffers, walker, refs), WARM_UP_ROUNDS, MEASURED_ROUNDS);

        assertEquals(0, allocated, "bytes allocated in " + MEASURED_ROUNDS + " cold rounds of every capture frame");
        assertEquals((WARM_UP_ROUNDS + 3L * MEASURED_ROUNDS) * buffers.length, valid[0], "every frame valid");
    }

    private static long coldRound(final UnsafeBuffer[] frames, final CellWalker walker, final RefList refs)
    {
        long valid = 0;
        for (final UnsafeBuffer frame : frames)
        {
            walker.forgetKeyHashes();
            refs.clear();
            if (FrameValidator.validate(walker, frame, 0, frame.capacity(), refs) > 0)
            {
                valid++;
            }
        }
        return valid;
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
