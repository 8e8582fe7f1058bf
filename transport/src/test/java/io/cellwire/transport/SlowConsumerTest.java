package io.cellwire.transport;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.MessageType;
import io.cellwire.testing.AgentErrors;
import io.cellwire.testing.Await;
import org.agrona.CloseHelper;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A peer that reads 1 KB/s: the server's sends to it fill its outbound ring, then its share of outbound chunks, until
 * they return {@code BACK_PRESSURED}, and once the queue has stayed over ¾ full for the eviction time the connection
 * is evicted (sends then return {@code CLOSED} or {@code NOT_CONNECTED}), counted; a healthy echo client on another
 * connection meanwhile gets every frame back. Its round-trip latencies are printed, not asserted (speed lives in
 * benchmarks).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SlowConsumerTest
{
    private static final int RING = Transport.Context.MIN_OUTBOUND_RING_LENGTH;
    /** Outbound chunks the slow reader's connection may hold: each takes one frame once the ring is full. */
    private static final int CHUNKS = 8;
    private static final long EVICTION_NS = TimeUnit.SECONDS.toNanos(1);
    private static final Duration EVICTION_TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();
    private final AtomicLong slowConnection = new AtomicLong(OutboundConnection.NOT_CONNECTED);
    private final long[] latencies = new long[100_000];
    private int echoes;
    private long accepted;
    private long backPressured;
    private long lastResult;
    private Transport server;
    private Transport client;

    @AfterEach
    void close()
    {
        CloseHelper.closeAll(client, server);
    }

    @Test
    void shouldBackPressureThenEvictSlowReaderWhileHealthyClientIsServed() throws Exception
    {
        backPressureThenEvict(Integer.MAX_VALUE);
    }

    @Test
    void shouldBackPressureThenEvictSlowReaderWhenReadsGoThroughTheSelector() throws Exception
    {
        backPressureThenEvict(0);
    }

    private void backPressureThenEvict(final int directPollLimit) throws Exception
    {
        server = Transport.launch(new Transport.Context().port(0).idleStrategy("backoff").outboundRingLength(RING)
            .outboundChunksPerConnection(CHUNKS).directPollLimit(directPollLimit).socketSendBufferLength(8 * 1024)
            .slowConsumerEvictionNs(EVICTION_NS)
            .errorHandler(agentErrors).handlerFactory(Echo::new));
        final EchoTest.Receiver receiver = new EchoTest.Receiver();
        client = Transport.launch(new Transport.Context().idleStrategy("backoff").errorHandler(agentErrors)
            .handlerFactory(receiver));
        final long healthy = EchoTest.awaitConnected(client.connect(server.localAddress()));

        final AtomicBoolean reading = new AtomicBoolean(true);
        try (Socket slow = new Socket("127.0.0.1", server.localAddress().getPort()))
        {
            slow.setReceiveBufferSize(4 * 1024);
            final UnsafeBuffer hello = new UnsafeBuffer(new byte[64]);
            final int helloLength = TestFrames.write(hello, 0, 8, 0);
            slow.getOutputStream().write(hello.byteArray(), 0, helloLength);
            final Thread reader = new Thread(() -> readSlowly(slow, reading), "slow-reader");
            reader.start();
            Await.until(() -> slowConnection.get() != OutboundConnection.NOT_CONNECTED, Await.TIMEOUT,
                () -> "the slow reader's first frame marks its connection");

            final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
            final int length = TestFrames.write(frame, 0, 1000, 1);
            final UnsafeBuffer echo = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
            Await.pumpUntil(() -> sendSlowThenEcho(frame, length, echo, receiver, healthy), this::slowReaderEvicted,
                EVICTION_TIMEOUT, () -> "the slow reader is evicted: " + accepted + " frames accepted, " +
                    backPressured + " BACK_PRESSURED, last " + SendResult.name(lastResult));
            reading.set(false);
            reader.join(TimeUnit.SECONDS.toMillis(5));

            Arrays.sort(latencies, 0, echoes);
            System.out.printf("slow consumer: %d frames accepted, %d BACK_PRESSURED, then %s; healthy client: %d " +
                "echoes, p50 %d µs, p99 %d µs, max %d µs%n", accepted, backPressured, SendResult.name(lastResult),
                echoes, micros(latencies, echoes, 0.5), micros(latencies, echoes, 0.99),
                micros(latencies, echoes, 1.0));
            assertTrue(backPressured > 0, "sends to the slow reader return BACK_PRESSURED");
            assertTrue(lastResult == SendResult.CLOSED || lastResult == SendResult.NOT_CONNECTED,
                "the slow reader is evicted: " + SendResult.name(lastResult));
            assertEquals(1, server.counters().value(TransportCounter.CONNECTIONS_EVICTED));
            assertTrue(accepted < 4L * RING / length + CHUNKS,
                "the ring and the chunk share bound what is queued for the slow reader: " + accepted);
            assertEquals(0, receiver.mismatches.get());
            assertTrue(echoes > 0);
        }
    }

    /** Offers the slow reader a frame, then echoes one frame to the healthy client and records its round trip. */
    private int sendSlowThenEcho(
        final UnsafeBuffer frame,
        final int length,
        final UnsafeBuffer echo,
        final EchoTest.Receiver receiver,
        final long healthy)
    {
        lastResult = server.send(slowConnection.get(), MessageType.DATA, frame, 0, length);
        if (lastResult > 0)
        {
            accepted++;
        }
        else if (lastResult == SendResult.BACK_PRESSURED)
        {
            backPressured++;
        }
        else
        {
            return 1;
        }
        if (echoes < latencies.length)
        {
            final int echoLength = TestFrames.write(echo, 0, 32, echoes);
            receiver.expect(echo, echoLength);
            final long start = System.nanoTime();
            final int sequence = echoes;
            Await.until(() -> client.send(healthy, MessageType.DATA, echo, 0, echoLength) > 0,
                EchoTest.ECHO_TIMEOUT, () -> "the healthy client sends echo " + sequence);
            EchoTest.awaitReceived(receiver, echoes + 1);
            latencies[echoes++] = System.nanoTime() - start;
        }
        return 1;
    }

    /** A send to the slow reader returned neither a position nor BACK_PRESSURED: its connection is gone. */
    private boolean slowReaderEvicted()
    {
        return lastResult < 0 && lastResult != SendResult.BACK_PRESSURED;
    }

    private static long micros(final long[] sorted, final int count, final double quantile)
    {
        return TimeUnit.NANOSECONDS.toMicros(sorted[Math.min(count - 1, (int)(quantile * count))]);
    }

    private static void readSlowly(final Socket socket, final AtomicBoolean reading)
    {
        final byte[] kilobyte = new byte[1024];
        try
        {
            final InputStream in = socket.getInputStream();
            while (reading.get() && in.read(kilobyte) >= 0)
            {
                Thread.sleep(1000);
            }
        }
        catch (final java.io.IOException | InterruptedException ended)
        {
            // the server evicted the connection, or the test is over: the reader's job is done
        }
    }

    /** Echoes every DATA frame; the slow reader's frame (payload of 8) marks its connection for the test. */
    private final class Echo implements MessageHandler
    {
        private final LaneSession session;

        Echo(final LaneSession session)
        {
            this.session = session;
        }

        @Override
        public void onData(final DataDecoder decoder)
        {
            if (decoder.length() == 8 && slowConnection.get() == OutboundConnection.NOT_CONNECTED)
            {
                slowConnection.set(session.connectionId());
                return;
            }
            session.reply(session.type(), session.frameBuffer(), session.frameOffset(), session.frameLength());
        }
    }
}
