package io.cellwire.bench.cli;

import io.cellwire.bench.CliRunner;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.Transport;
import io.cellwire.transport.TransportCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cellwire stat --once} over the mapped counters of a transport running in this JVM, and without one. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StatCommandTest
{
    private static final Duration AWAIT = Duration.ofSeconds(10);
    private static final String ACCEPTED = TransportCounter.CONNECTIONS_ACCEPTED.label();

    @TempDir
    File countersDir;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    @Test
    void shouldPrintTheAcceptedConnectionOfARunningTransport() throws IOException
    {
        try (Transport transport = Transport.launch(new Transport.Context().port(0)
            .idleStrategy(IdleStrategies.SLEEP).countersDirectory(countersDir).errorHandler(agentErrors)
            .handlerFactory(session -> new MessageHandler()
            {
            }));
            Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", transport.localAddress().getPort()));
            Await.until(() -> transport.counters().value(TransportCounter.CONNECTIONS_ACCEPTED) == 1, AWAIT,
                () -> "the connection accepted");
            final CliRunner.Run run = CliRunner.run("stat", "--counters-dir", countersDir.toString(), "--once");
            assertEquals(0, run.exitCode(), run.err());
            final String[] lines = run.out().split("\n");
            assertTrue(lines[0].contains(countersDir.toString()), "header names the file: " + lines[0]);
            assertTrue(run.out().contains("\n" + ACCEPTED + ": 1\n"), run.out());
            assertTrue(run.out().contains("\nconnections: active: 1\n"), run.out());
            assertTrue(run.out().contains("\nframes in: QUERY: 0\n"), run.out());
        }
    }

    @Test
    void shouldExitOneWhenThereIsNoCountersFile()
    {
        final CliRunner.Run run = CliRunner.run("stat", "--counters-dir", countersDir.toString(), "--once");
        assertEquals(StatCommand.EXIT_NO_COUNTERS, run.exitCode());
        assertTrue(run.err().contains("no counters file"), run.err());
        assertEquals("", run.out());
    }
}
