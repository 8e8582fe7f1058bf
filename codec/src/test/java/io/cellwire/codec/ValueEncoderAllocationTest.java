package io.cellwire.codec;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Once warm, encoding the hot-path payloads allocates nothing on the encoding thread.
 * <p>
 * The measured work lives in {@link Workload}, a class with no string literals: when HotSpot queues a C2 compilation
 * it first resolves every string constant of the method's class on the requesting thread
 * ({@code CompileBroker::compile_method}), and a late compilation of a class with literals would show up as a few
 * bytes "allocated" by the loop.
 */
class ValueEncoderAllocationTest
{
    private static final int WARM_UP_ROUNDS = 2_000;
    private static final int MEASURED_ROUNDS = 1_000;

    @Test
    void shouldAllocateNothingEncodingQueryResultStatusTransactAnd4097LongVector()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Workload workload = new Workload(
            Hex.buffer("81030902090132012b"), Vectors.cell("signed.invoke").buffer());

        for (int i = 0; i < WARM_UP_ROUNDS; i++)
        {
            workload.round(i);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_ROUNDS; i++)
        {
            workload.round(i);
        }
        final long after = threads.getCurrentThreadAllocatedBytes();

        assertEquals(0, after - before, "bytes allocated over " + MEASURED_ROUNDS + " rounds");
        assertEquals(0, workload.failures, "every encoding succeeded");
        assertTrue(workload.bytes > 0);
    }

    /**
     * One round: a QUERY {@code [id form #11]} copied into a frame, a Result, a STATUS reply (Result with a 172-byte
     * vector of five hashes by ref), a TRANSACT {@code [id <SignedData>]}, and a Vector of 4097 Longs.
     */
    static final class Workload
    {
        private static final int LONG_VECTOR_COUNT = 4097;
        private static final int STATUS_HASHES = 5;
        private static final long ADDRESS = 11;

        private final ValueEncoder encoder = new ValueEncoder();
        private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
        private final UnsafeBuffer hashes = new UnsafeBuffer(new byte[STATUS_HASHES * CellDescriptor.VALUE_ID_LENGTH]);
        private final long[] longs = new long[LONG_VECTOR_COUNT];
        private final UnsafeBuffer form;
        private final UnsafeBuffer signed;
        private int failures;
        private long bytes;

        Workload(final UnsafeBuffer form, final UnsafeBuffer signed)
        {
            this.form = form;
            this.signed = signed;
            for (int i = 0; i < longs.length; i++)
            {
                longs[i] = i * 7919L - 1_000_000L;
            }
            for (int i = 0; i < hashes.capacity(); i++)
            {
                hashes.putByte(i, (byte)(i * 31));
            }
        }

        void round(final long id)
        {
            encoder.reset();
            encoder.pushLong(id);
            encoder.pushCell(form, 0, form.capacity());
            encoder.pushAddress(ADDRESS);
            encoder.pushVector(3);
            check(encoder.finish());
            check(encoder.cells().copyTop(frame, FrameHeader.MAX_HEADER_LENGTH + 1));

            encoder.reset();
            encoder.pushLong(id);
            encoder.pushLong(3);
            encoder.pushNil();
            encoder.pushNil();
            encoder.pushResult();
            check(encoder.finish());

            encoder.reset();
            encoder.pushLong(id);
            for (int i = 0; i < STATUS_HASHES; i++)
            {
                encoder.pushBlob(hashes, i * CellDescriptor.VALUE_ID_LENGTH, CellDescriptor.VALUE_ID_LENGTH);
            }
            encoder.pushVector(STATUS_HASHES);
            encoder.pushNil();
            encoder.pushNil();
            encoder.pushResult();
            check(encoder.finish());
            check(encoder.cells().childLength(0));

            encoder.reset();
            encoder.pushLong(id);
            encoder.pushCell(signed, 0, signed.capacity());
            encoder.pushVector(2);
            check(encoder.finish());
            check(encoder.cells().childLength(0));

            encoder.reset();
            encoder.pushVectorOfLongs(longs, 0, longs.length);
            check(encoder.finish());
            for (int i = 0; i < encoder.cells().childCount(); i++)
            {
                check(encoder.cells().childLength(i));
            }
        }

        private void check(final int result)
        {
            if (result <= 0)
            {
                failures++;
            }
            bytes += result;
        }
    }
}
