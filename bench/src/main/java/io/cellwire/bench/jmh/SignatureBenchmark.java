package io.cellwire.bench.jmh;

import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.ValueIdDigest;
import org.agrona.concurrent.UnsafeBuffer;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What one verifier worker of a node does per transaction: {@link Ed25519Signer#verifySignedData} of a signed
 * Invoke, as the node's verifier stage calls it; its throughput is the stage's verified transactions per second per
 * worker thread. Run with {@code -prof gc} for the bytes BouncyCastle allocates per verification.
 * <p>
 * {@link #verifyDecodedPoint} is its floor within BouncyCastle: the same signature over the same value ID, with the
 * key's point decoded once beforehand, and no SignedData cell to read or value to hash. A verification that uses
 * BouncyCastle can go no faster than that.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchmarkJvm.AGRONA_EXPORTS)
public class SignatureBenchmark
{
    /** {@code (def x 1)}. */
    private static final byte[] COMMAND =
        { (byte)0x81, 0x03, 0x09, 0x01, 0x32, 0x01, 0x78, 0x32, 0x03, 0x64, 0x65, 0x66 };
    /** The genesis user account of a 0.7.9 network. */
    private static final long ORIGIN = 11;

    private final Ed25519Signer verifier = new Ed25519Signer();
    private final UnsafeBuffer signed = new UnsafeBuffer(new byte[256]);
    private int signedLength;
    private final byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
    private final byte[] valueId = new byte[Ed25519Signer.MESSAGE_LENGTH];
    private Ed25519.PublicPoint point;

    /** Signs one Invoke with a fixed key, once. */
    @Setup
    public void sign()
    {
        final UnsafeBuffer tx = new UnsafeBuffer(new byte[64]);
        final int header = CellEncoder.writeInvokeHeader(tx, 0, ORIGIN, 1);
        tx.putBytes(header, COMMAND);
        final int txLength = header + COMMAND.length;
        final Ed25519Signer signer = new Ed25519Signer();
        signer.loadKey(new UnsafeBuffer(new byte[Ed25519Signer.SEED_LENGTH]), 0);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer signature = new UnsafeBuffer(new byte[64]);
        final UnsafeBuffer id = new UnsafeBuffer(new byte[32]);
        signer.publicKey(key, 0);
        new ValueIdDigest().valueId(tx, 0, txLength, id, 0);
        signer.sign(id, 0, signature, 0);
        final int at = CellEncoder.writeSignedDataHeader(signed, 0, key, 0, signature, 0);
        signed.putBytes(at, tx, 0, txLength);
        signedLength = at + txLength;
        signature.getBytes(0, this.signature);
        id.getBytes(0, valueId);
        point = Ed25519.validatePublicKeyPartialExport(key.byteArray(), 0);
        if (!verifier.verifySignedData(signed, 0, signedLength))
        {
            throw new IllegalStateException("the benchmark's transaction does not verify");
        }
    }

    /**
     * One verification, as a worker does it.
     *
     * @return the verdict, so the work is not optimised away.
     */
    @Benchmark
    public boolean verifySignedTransaction()
    {
        return verifier.verifySignedData(signed, 0, signedLength);
    }

    /**
     * BouncyCastle's verify alone, from a point decoded beforehand: the floor of {@link #verifySignedTransaction}.
     *
     * @return the verdict, so the work is not optimised away.
     */
    @Benchmark
    public boolean verifyDecodedPoint()
    {
        return Ed25519.verify(signature, 0, point, valueId, 0, valueId.length);
    }
}
