package io.cellwire.bench.jmh;

import io.cellwire.codec.Vlc;
import org.agrona.concurrent.UnsafeBuffer;
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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Reads and writes one signed VLC (docs/wire-format.md §1) in a direct buffer: 11 (1 byte, an address or a small
 * count), 1000 (2 bytes, a balance or a frame length) and Long.MAX_VALUE (10 bytes, the worst case). State is per
 * benchmark thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchmarkJvm.AGRONA_EXPORTS)
public class CodecVlcBenchmark
{
    @Param({ "11", "1000", "9223372036854775807" })
    public long value;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
    private int encodedLength;

    /** Writes the value once so that the read benchmarks have bytes to read. */
    @Setup
    public void setup()
    {
        encodedLength = Vlc.write(buffer, 0, value);
    }

    /**
     * Validates then reads the VLC, as a decoder does.
     *
     * @param blackhole sink for the results.
     */
    @Benchmark
    public void read(final Blackhole blackhole)
    {
        blackhole.consume(Vlc.length(buffer, 0, encodedLength));
        blackhole.consume(Vlc.value(buffer, 0));
    }

    /**
     * Writes the shortest encoding.
     *
     * @param blackhole sink for the length.
     */
    @Benchmark
    public void write(final Blackhole blackhole)
    {
        blackhole.consume(Vlc.write(buffer, 8, value));
    }
}
