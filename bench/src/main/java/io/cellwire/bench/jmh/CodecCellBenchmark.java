package io.cellwire.bench.jmh;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.RefList;
import io.cellwire.codec.RefSink;
import io.cellwire.codec.ValueIdDigest;
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

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Per-cell costs of the receive path over real payloads, each in a direct buffer as a slot ring holds it:
 * <ul>
 *     <li>{@code query}: the QUERY payload {@code [2 (+ 1 2) #11]}, 15 bytes;</li>
 *     <li>{@code belief}: the SignedData of the first BELIEF frame of capture-peers.tsv, 130 bytes, one ref;</li>
 *     <li>{@code accountstatus}: the largest capture cell, a 1841-byte AccountStatus DATA payload of
 *     capture-sync.tsv (1844-byte frame).</li>
 * </ul>
 * The cells are in {@code cells.tsv} next to this class. State is per benchmark thread and preallocated.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchmarkJvm.AGRONA_EXPORTS)
public class CodecCellBenchmark
{
    /** Resource with one cell per line: name, source, payload hex. */
    public static final String CELLS_RESOURCE = "cells.tsv";

    @Param({ "query", "belief", "accountstatus" })
    public String cell;

    private final UnsafeBuffer buffer =
        new UnsafeBuffer(ByteBuffer.allocateDirect(CellDescriptor.MAX_FRAMED_CELL_LENGTH));
    private final UnsafeBuffer valueId = new UnsafeBuffer(ByteBuffer.allocateDirect(CellDescriptor.VALUE_ID_LENGTH));
    private final CellWalker walker = new CellWalker();
    private final RefList refs = new RefList();
    private final ValueIdDigest digest = new ValueIdDigest();
    private int length;

    /**
     * Copies the chosen cell into the buffer and checks that it walks.
     *
     * @throws IOException if the resource cannot be read.
     */
    @Setup
    public void setup() throws IOException
    {
        final byte[] bytes = load(cell);
        buffer.putBytes(0, bytes);
        length = bytes.length;
        if (walker.walkExact(buffer, 0, length, RefSink.NONE) != length)
        {
            throw new IllegalStateException("cell does not walk: " + cell);
        }
    }

    /**
     * The bytes of a named cell of {@link #CELLS_RESOURCE}.
     *
     * @param name query, belief or accountstatus.
     * @return its encoding.
     * @throws IOException if the resource cannot be read.
     */
    public static byte[] load(final String name) throws IOException
    {
        try (InputStream stream = CodecCellBenchmark.class.getResourceAsStream(CELLS_RESOURCE))
        {
            if (stream == null)
            {
                throw new IOException("missing resource " + CELLS_RESOURCE);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null)
            {
                final String[] fields = line.split("\t");
                if (fields[0].equals(name))
                {
                    final String hex = fields[2];
                    final byte[] bytes = new byte[hex.length() / 2];
                    for (int i = 0; i < bytes.length; i++)
                    {
                        bytes[i] = (byte)Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
                    }
                    return bytes;
                }
            }
        }
        throw new IOException("no cell named " + name + " in " + CELLS_RESOURCE);
    }

    /**
     * Validates the cell and finds its end, ignoring dependencies.
     *
     * @return the cell length.
     */
    @Benchmark
    public int walk()
    {
        return walker.walkExact(buffer, 0, length, RefSink.NONE);
    }

    /**
     * Validates the cell and collects its {@code 0x20} dependencies, as a receiver does before MISSING_DATA.
     *
     * @param blackhole sink for the length, the count and the last ref.
     */
    @Benchmark
    public void walkRefs(final Blackhole blackhole)
    {
        refs.clear();
        blackhole.consume(walker.walkExact(buffer, 0, length, refs));
        final int count = refs.count();
        blackhole.consume(count);
        if (count > 0)
        {
            blackhole.consume(refs.valueIdOffset(count - 1));
        }
    }

    /**
     * SHA3-256 over the cell's encoding.
     *
     * @param blackhole sink for part of the ID.
     */
    @Benchmark
    public void valueId(final Blackhole blackhole)
    {
        digest.valueId(buffer, 0, length, valueId, 0);
        blackhole.consume(valueId.getLong(0));
    }
}
