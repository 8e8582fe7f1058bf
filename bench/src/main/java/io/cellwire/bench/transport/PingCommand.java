package io.cellwire.bench.transport;

import io.cellwire.client.Client;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.FrameHeader;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code cellwire ping}: a raw NIO ping-pong client, the client half of a floor. One non-blocking socket, busy-spinning
 * on the calling thread: it writes one prepared 34-byte QUERY frame (the 32 B request of {@code transport-bench}),
 * reads until one whole frame has come back, and records the round trip; nothing is decoded or checked beyond the
 * frame's header. Against {@code cellwire floor --idle spin} in another process it is a raw NIO ping-pong between
 * two processes, the baseline for {@code loadgen} against {@code node}.
 */
@Command(
    name = "ping",
    description = "Raw NIO ping-pong: one 34-byte QUERY frame at a time to HOST:PORT, busy-polling, and the round " +
        "trip percentiles (us). Any peer that answers a QUERY with one frame will do, e.g. cellwire floor.")
public final class PingCommand implements Callable<Integer>
{
    private static final int PAYLOAD_LENGTH = 32;
    private static final int BUFFER_LENGTH = 64 * 1024;
    private static final long NS_PER_US = 1_000;
    private static final int HISTOGRAM_DIGITS = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--target", required = true, paramLabel = "HOST:PORT", description = "The peer.")
    private String target;

    @Option(names = "--duration", paramLabel = "S", description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    private int durationSeconds = 4;

    @Option(names = "--warmup", paramLabel = "S",
        description = "Seconds run first and not recorded (default: ${DEFAULT-VALUE}).")
    private int warmupSeconds = 2;

    @Option(names = "--timeout-ms", paramLabel = "T",
        description = "Longest wait for one answer; a longer one fails the run (default: ${DEFAULT-VALUE}).")
    private long timeoutMs = 5_000;

    private final ByteBuffer receive = ByteBuffer.allocateDirect(BUFFER_LENGTH);
    private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(receive);
    private final Histogram histogram = new Histogram(HISTOGRAM_DIGITS);

    @Override
    public Integer call()
    {
        final InetSocketAddress address = address();
        if (durationSeconds < 1 || warmupSeconds < 0 || timeoutMs < 1)
        {
            throw new ParameterException(spec.commandLine(),
                "--duration must be at least 1, --warmup not negative, --timeout-ms at least 1");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final BenchFrames frames = new BenchFrames(PAYLOAD_LENGTH);
        final ByteBuffer request = frames.request.byteBuffer().duplicate();
        SocketChannel channel = null;
        try
        {
            channel = SocketChannel.open(address);
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final long startNs = System.nanoTime();
            final long measureFromNs = startNs + TimeUnit.SECONDS.toNanos(warmupSeconds);
            final long endNs = measureFromNs + TimeUnit.SECONDS.toNanos(durationSeconds);
            final long timeoutNs = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            long sendNs;
            while ((sendNs = System.nanoTime()) - endNs < 0)
            {
                request.limit(frames.requestLength).position(0);
                while (request.hasRemaining())
                {
                    channel.write(request);
                }
                final String failure = awaitFrame(channel, sendNs, timeoutNs);
                if (failure != null)
                {
                    err.println("ping FAILED: " + failure);
                    return 1;
                }
                final long doneNs = System.nanoTime();
                if (sendNs - measureFromNs >= 0)
                {
                    histogram.recordValue(doneNs - sendNs);
                }
            }
        }
        catch (final IOException e)
        {
            err.println("ping FAILED: " + e);
            return 1;
        }
        finally
        {
            CloseHelper.quietClose(channel);
        }
        out.printf("ping %s: %d round trips in %d s after %d s warm-up, %.0f /s%n", target,
            histogram.getTotalCount(), durationSeconds, warmupSeconds,
            histogram.getTotalCount() / (double)durationSeconds);
        out.printf("latency us: p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n", us(50), us(90), us(99),
            us(99.9), histogram.getMaxValue() / (double)NS_PER_US);
        return 0;
    }

    /** Reads until one whole frame is in; what went wrong, or null. */
    private String awaitFrame(final SocketChannel channel, final long sendNs, final long timeoutNs)
        throws IOException
    {
        receive.clear();
        while (true)
        {
            if (channel.read(receive) < 0)
            {
                return "the peer closed the connection";
            }
            final int limit = receive.position();
            if (limit > 0)
            {
                final int headerLength = FrameHeader.headerLength(receiveBuffer, 0, limit);
                if (headerLength > 0)
                {
                    if (headerLength + FrameHeader.frameLength(receiveBuffer, 0, headerLength) <= limit)
                    {
                        return null;
                    }
                }
                else if (headerLength != DecodeError.TRUNCATED.code())
                {
                    return "bad frame header: " + DecodeError.of(headerLength);
                }
            }
            if (System.nanoTime() - sendNs > timeoutNs)
            {
                return "no answer within " + timeoutMs + " ms";
            }
        }
    }

    private double us(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / (double)NS_PER_US;
    }

    private InetSocketAddress address()
    {
        try
        {
            return Client.Context.parseEndpoint(target);
        }
        catch (final RuntimeException ex)
        {
            throw new ParameterException(spec.commandLine(), "--target: HOST:PORT, not " + target, ex);
        }
    }
}
