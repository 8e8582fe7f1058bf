package io.cellwire.bench.jmh;

/**
 * JVM settings shared by the benchmarks' forks. Constants only; safe from any thread.
 */
public final class BenchmarkJvm
{
    /**
     * Agrona 2.x buffers read {@code jdk.internal.misc.Unsafe}; a forked JVM runs with {@code -cp}, so the jar
     * manifest's {@code Add-Exports} does not apply there and the flag must be passed explicitly.
     */
    public static final String AGRONA_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private BenchmarkJvm()
    {
    }
}
