package io.cellwire.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static io.cellwire.codec.CellDescriptor.PUBLIC_KEY_LENGTH;
import static io.cellwire.codec.CellDescriptor.SIGNATURE_LENGTH;
import static io.cellwire.codec.CellDescriptor.VALUE_ID_LENGTH;
import static io.cellwire.codec.Ed25519Signer.SIGNED_DATA_KEY_OFFSET;
import static io.cellwire.codec.Ed25519Signer.SIGNED_DATA_SIGNATURE_OFFSET;
import static io.cellwire.codec.Ed25519Signer.SIGNED_DATA_VALUE_OFFSET;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Measures what BouncyCastle allocates per Ed25519 operation and holds it to the bounds documented on
 * {@link Ed25519Signer}, so that a library upgrade that allocates more fails here. Measured with
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes} after a warm-up.
 */
class Ed25519SignerAllocationTest
{
    /** Bound on bytes allocated per verify; measured 6,552 on JDK 17 with bcprov-jdk18on 1.87, the key cached. */
    static final long VERIFY_BYTES_BOUND = 8 * 1024;
    /** Bound on bytes allocated per sign or key derivation; measured 2,296 per sign, 1,820 per derivation (1.87). */
    static final long SIGN_BYTES_BOUND = 3_584;

    private static final int WARM_UP = 2_000;
    private static final int MEASURED = 500;
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private final Ed25519Signer signer = new Ed25519Signer();
    private final UnsafeBuffer invoke = new UnsafeBuffer(Vectors.cell("signed.invoke").bytes());
    private final UnsafeBuffer blob200 = new UnsafeBuffer(Vectors.cell("signed.blob200").bytes());
    private final UnsafeBuffer key = new UnsafeBuffer(Arrays.copyOfRange(
        invoke.byteArray(), SIGNED_DATA_KEY_OFFSET, SIGNED_DATA_KEY_OFFSET + PUBLIC_KEY_LENGTH));
    private final UnsafeBuffer signature = new UnsafeBuffer(Arrays.copyOfRange(
        invoke.byteArray(), SIGNED_DATA_SIGNATURE_OFFSET, SIGNED_DATA_VALUE_OFFSET));
    private final UnsafeBuffer valueId = new UnsafeBuffer(new byte[VALUE_ID_LENGTH]);
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[SIGNATURE_LENGTH]);
    private final UnsafeBuffer seed = new UnsafeBuffer(Ed25519SignerTest.seed(1));

    @BeforeAll
    static void beforeAll()
    {
        assumeTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        Ed25519Signer.precompute();
    }

    @Test
    void shouldAllocateLessThanTheDocumentedBoundPerVerify()
    {
        new ValueIdDigest().valueId(invoke, SIGNED_DATA_VALUE_OFFSET,
            invoke.capacity() - SIGNED_DATA_VALUE_OFFSET, valueId, 0);
        assertTrue(signer.verify(key, 0, signature, 0, valueId, 0));

        final long detached = bytesPerVerify();
        final long inline = bytesPerVerifySignedData(invoke);
        final long byRef = bytesPerVerifySignedData(blob200);
        System.out.printf("Ed25519Signer: %d B per verify, %d B per verifySignedData (inline value), " +
            "%d B per verifySignedData (value by ref)%n", detached, inline, byRef);

        assertTrue(detached < VERIFY_BYTES_BOUND, "verify allocated " + detached);
        assertTrue(inline < VERIFY_BYTES_BOUND, "verifySignedData allocated " + inline);
        assertTrue(byRef < VERIFY_BYTES_BOUND, "verifySignedData allocated " + byRef);
    }

    @Test
    void shouldAllocateLessThanTheDocumentedBoundPerSign()
    {
        signer.loadKey(seed, 0);

        final long sign = bytesPerSign();
        final long derive = bytesPerDerive();
        System.out.printf("Ed25519Signer: %d B per sign, %d B per derivePublicKey%n", sign, derive);

        assertTrue(sign < SIGN_BYTES_BOUND, "sign allocated " + sign);
        assertTrue(derive < SIGN_BYTES_BOUND, "derivePublicKey allocated " + derive);
    }

    private long bytesPerVerify()
    {
        boolean ok = true;
        for (int i = 0; i < WARM_UP; i++)
        {
            ok &= signer.verify(key, 0, signature, 0, valueId, 0);
        }
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++)
        {
            ok &= signer.verify(key, 0, signature, 0, valueId, 0);
        }
        final long after = THREADS.getCurrentThreadAllocatedBytes();
        assertTrue(ok);
        return (after - before) / MEASURED;
    }

    private long bytesPerVerifySignedData(final UnsafeBuffer cell)
    {
        boolean ok = true;
        for (int i = 0; i < WARM_UP; i++)
        {
            ok &= signer.verifySignedData(cell, 0, cell.capacity());
        }
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++)
        {
            ok &= signer.verifySignedData(cell, 0, cell.capacity());
        }
        final long after = THREADS.getCurrentThreadAllocatedBytes();
        assertTrue(ok);
        return (after - before) / MEASURED;
    }

    private long bytesPerSign()
    {
        boolean ok = true;
        for (int i = 0; i < WARM_UP; i++)
        {
            valueId.putByte(0, (byte)i);
            ok &= signer.sign(valueId, 0, out, 0);
        }
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++)
        {
            valueId.putByte(0, (byte)i);
            ok &= signer.sign(valueId, 0, out, 0);
        }
        final long after = THREADS.getCurrentThreadAllocatedBytes();
        assertTrue(ok);
        return (after - before) / MEASURED;
    }

    private long bytesPerDerive()
    {
        boolean ok = true;
        for (int i = 0; i < WARM_UP; i++)
        {
            ok &= signer.derivePublicKey(seed, 0, out, 0);
        }
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED; i++)
        {
            ok &= signer.derivePublicKey(seed, 0, out, 0);
        }
        final long after = THREADS.getCurrentThreadAllocatedBytes();
        assertTrue(ok);
        return (after - before) / MEASURED;
    }
}
