package io.cellwire.bench.transport;

import io.cellwire.bench.CliRunner;
import io.cellwire.bench.ServiceCommandRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire ping}: against {@code cellwire floor} it counts round trips and prints their percentiles; against a
 * peer that hangs up it fails with exit 1 and says why; a target that is not HOST:PORT is a usage error.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PingCommandTest
{
    private static final Duration AWAIT = Duration.ofSeconds(20);
    private static final int REQUEST_LENGTH = 34;
    private static final Pattern SUMMARY = Pattern.compile(
        "ping 127\\.0\\.0\\.1:\\d+: (\\d+) round trips in 1 s after 0 s warm-up, \\d+ /s\n" +
        "latency us: p50 [0-9.]+  p90 [0-9.]+  p99 [0-9.]+  p99\\.9 [0-9.]+  max [0-9.]+\n");

    @Test
    void shouldPingTheFloorAndPrintItsRoundTrips() throws Exception
    {
        try (ServiceCommandRun floor = ServiceCommandRun.start("floor", "--idle", "backoff"))
        {
            final Matcher first = Pattern.compile("listening on (\\S+) ").matcher(floor.awaitLines(1)[0]);
            assertTrue(first.find(), floor.out());

            final CliRunner.Run ping =
                CliRunner.run("ping", "--target", first.group(1), "--duration", "1", "--warmup", "0");
            assertEquals(0, ping.exitCode(), ping.err());
            final Matcher summary = SUMMARY.matcher(ping.out());
            assertTrue(summary.matches(), ping.out());
            assertTrue(Long.parseLong(summary.group(1)) > 0, ping.out());
        }
    }

    @Test
    void shouldFailWhenThePeerHangsUp() throws Exception
    {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread closer = new Thread(() ->
            {
                try (Socket accepted = server.accept())
                {
                    // take the request first: a close with unread bytes would reset the connection instead
                    accepted.getInputStream().readNBytes(REQUEST_LENGTH);
                    accepted.shutdownOutput();
                    accepted.getInputStream().readAllBytes();
                }
                catch (final IOException e)
                {
                    throw new UncheckedIOException(e);
                }
            }, "closer");
            closer.start();
            final CliRunner.Run ping = CliRunner.run("ping", "--target", "127.0.0.1:" + server.getLocalPort(),
                "--duration", "1", "--warmup", "0");
            assertEquals(1, ping.exitCode());
            assertEquals("ping FAILED: the peer closed the connection\n", ping.err());
            closer.join(AWAIT.toMillis());
            assertFalse(closer.isAlive());
        }
    }

    @Test
    void shouldRefuseATargetWithoutAPort()
    {
        final CliRunner.Run ping = CliRunner.run("ping", "--target", "localhost");
        assertEquals(2, ping.exitCode());
        assertTrue(ping.err().startsWith("--target: HOST:PORT, not localhost"), ping.err());
    }
}
