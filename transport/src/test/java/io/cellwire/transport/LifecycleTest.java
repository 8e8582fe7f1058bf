package io.cellwire.transport;

import io.cellwire.codec.message.MessageHandler;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Closing stops threads and sockets; outbound connections come back after the peer does. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LifecycleTest
{
    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    private Transport server;
    private Transport client;

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(client, server);
    }

    /** Close runs on the test thread, so the class's {@code @Timeout} is the bound on a close that hangs. */
    @Test
    void shouldStopThreadsAndCloseSocketsOnClose() throws Exception
    {
        server = Transport.launch(
            EchoTest.EchoServer.context(agentErrors).threadingMode(ThreadingMode.DEDICATED).lanes(2));
        final List<Thread> threads = server.agentThreads();
        assertEquals(3, threads.size());
        try (Socket socket = new Socket(server.localAddress().getAddress(), server.localAddress().getPort()))
        {
            socket.setSoTimeout((int)Await.TIMEOUT.toMillis());
            awaitCounter(server, TransportCounter.CONNECTIONS_ACTIVE, 1);
            server.close();
            server = null;
            assertEquals(-1, socket.getInputStream().read(), "the peer sees the socket close");
        }
        for (final Thread thread : threads)
        {
            Await.until(() -> !thread.isAlive(), Await.TIMEOUT, () -> thread.getName() + " still running");
        }
    }

    @Test
    void shouldReconnectWithBackoffAfterThePeerComesBack() throws IOException
    {
        server = Transport.launch(EchoTest.EchoServer.context(agentErrors));
        final int port = server.localAddress().getPort();
        client = Transport.launch(new Transport.Context().idleStrategy("sleep").errorHandler(agentErrors)
            .handlerFactory(session -> new MessageHandler()
            {
            }));
        final OutboundConnection outbound = client.connect(new InetSocketAddress("127.0.0.1", port));
        final long first = EchoTest.awaitConnected(outbound);
        awaitCounter(server, TransportCounter.CONNECTIONS_ACTIVE, 1);

        server.close();
        server = null;
        Await.until(() -> outbound.connectionId() != first, EchoTest.CONNECT_TIMEOUT,
            () -> "the client notices the close of connection " + first);
        final int attemptsWhileDown = outbound.attempts();
        server = Transport.launch(EchoTest.EchoServer.context(agentErrors).port(port));
        final long second = EchoTest.awaitConnected(outbound);
        assertNotEquals(first, second, "a new connection, a new id");
        awaitCounter(server, TransportCounter.CONNECTIONS_ACTIVE, 1);
        assertTrue(outbound.attempts() >= attemptsWhileDown + 1);
        outbound.close();
        awaitCounter(server, TransportCounter.CONNECTIONS_ACTIVE, 0);
    }

    private static void awaitCounter(final Transport transport, final CounterDescriptor label, final long value)
    {
        Await.until(() -> transport.counters().value(label) == value, Await.TIMEOUT,
            () -> label.label() + " is " + transport.counters().value(label) + ", not " + value);
    }
}
