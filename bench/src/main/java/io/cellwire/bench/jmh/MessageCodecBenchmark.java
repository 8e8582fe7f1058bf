package io.cellwire.bench.jmh;

import convex.core.data.Blob;
import convex.core.exceptions.BadFormatException;
import io.cellwire.transport.Connection;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Whole-message encode and decode by the generated flyweights against convex-core 0.7.9 on the same bytes, in the
 * same run. The frames are golden rows and capture frames, copied with their source into {@code messages.tsv} next to
 * this class: QUERY without and with an address, RESULT ok and error, TRANSACT (a ref to its SignedData), BELIEF (the
 * SignedData with the Belief by ref), the 4-byte STATUS, MISSING_DATA and the largest capture frame, a 1844-byte DATA
 * AccountStatus.
 * <ul>
 *     <li>{@code decode}: our generated decoder's {@code wrap} over the payload in a direct buffer (validating it
 *     whole), then every field accessor into the blackhole, with the walker's {@code KeyHashCache} warm from the
 *     previous operations;</li>
 *     <li>{@code decodeCold}: the same after the walker forgets every key hash it remembers, so each inline map key
 *     is hashed where the cell first has it, as for a cell whose keys this walker never met;</li>
 *     <li>{@code encode}: our generated encoder writes the whole frame, header and type byte included, into a
 *     preallocated direct buffer from field values and cells already in a buffer;</li>
 *     <li>{@code referenceDecode}: {@code Format.read(Blob.wrap(bytes, offset, length))} of the payload, then every
 *     field of the result (refs are left unresolved). This is the 0.7.9 receiver's decode minus its per-message array
 *     copy and store lookup ({@code MessageReceiver} copies the payload into a new array and calls
 *     {@code AStore.decode}), so the baseline is, if anything, flattered;</li>
 *     <li>{@code referenceEncode}: a fresh message object per operation, built as the 0.7.9 {@code Connection} builds
 *     it ({@code Vectors.of}, {@code Result.create}, {@code SignedData.create}, ...), from field objects it already
 *     holds, then {@code Format.encodedBlob}. A cell caches its encoding, so a reused message object would measure a
 *     field read; DATA, whose message object is the cell itself, clears that cache each time instead. The framing
 *     and {@code createPersisted} walk of the 0.7.9 send path are left out.</li>
 * </ul>
 * Set-up checks that our encode rebuilds each frame byte for byte, that the reference re-encodes each payload byte
 * for byte, and that both decoders accept it. Run with {@code -prof gc} for B/op. State is per benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchmarkJvm.AGRONA_EXPORTS)
public class MessageCodecBenchmark
{
    @Param({
        "QUERY", "QUERY_ADDRESS", "RESULT_OK", "RESULT_ERROR", "TRANSACT", "BELIEF", "STATUS", "MISSING_DATA",
        "DATA_1844" })
    public String message;

    private MessageCase messageCase;

    /**
     * Loads the frame and checks all four paths on it.
     *
     * @param blackhole sink for the checking decodes.
     * @throws IOException        if the frames cannot be read.
     * @throws BadFormatException if the reference cannot read the payload.
     */
    @Setup
    public void setup(final Blackhole blackhole) throws IOException, BadFormatException
    {
        messageCase = MessageCase.create(message);
        messageCase.verify(blackhole);
    }

    /**
     * Our decode: validate the payload and read every field.
     *
     * @param blackhole sink for the fields.
     */
    @Benchmark
    public void decode(final Blackhole blackhole)
    {
        messageCase.decode(blackhole);
    }

    /**
     * Our decode with no key hash remembered from before the operation.
     *
     * @param blackhole sink for the fields.
     */
    @Benchmark
    public void decodeCold(final Blackhole blackhole)
    {
        messageCase.decodeCold(blackhole);
    }

    /**
     * Our encode: write the whole frame into a preallocated buffer.
     *
     * @return the frame length.
     */
    @Benchmark
    public int encode()
    {
        return messageCase.encode();
    }

    /**
     * The 0.7.9 decode of the same payload and a read of every field.
     *
     * @param blackhole sink for the fields.
     * @throws BadFormatException never for these frames.
     */
    @Benchmark
    public void referenceDecode(final Blackhole blackhole) throws BadFormatException
    {
        messageCase.referenceDecode(blackhole);
    }

    /**
     * The 0.7.9 encode of a fresh message object.
     *
     * @return the payload encoding.
     */
    @Benchmark
    public Blob referenceEncode()
    {
        return messageCase.referenceEncode();
    }
}
