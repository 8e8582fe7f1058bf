package io.cellwire.bench.transport;

import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.QueryEncoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.codec.message.ResultEncoder;
import io.cellwire.transport.Connection;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.LaneHandlerFactory;
import io.cellwire.transport.LaneSession;
import io.cellwire.transport.OutboundConnection;
import io.cellwire.transport.SendResult;
import io.cellwire.transport.ThreadingMode;
import io.cellwire.transport.Transport;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cellwire over loopback: a server transport in {@link ThreadingMode#SHARED} (poller and lane on one spinning thread)
 * and a client transport in {@link ThreadingMode#INVOKER} whose duty cycle the benchmark thread drives, so the client's
 * send loop, poller and lane share the second spinning thread and no more threads spin than the machine has cores.
 * <p>
 * Ping-pong: the client encodes a QUERY (or takes the DATA frame), stamps {@code System.nanoTime()}, sends, and drives
 * {@code invoke()} until its lane's handler sees the RESULT (or the echoed DATA) and records the round trip. The
 * server's lane handler answers each QUERY with a RESULT it encodes, or echoes each DATA frame from its slot.
 * Streaming: the client sends until {@code BACK_PRESSURED}, then runs a duty cycle; the server's handler counts.
 * <p>
 * Owned by the benchmark thread, which is also the client's agent thread.
 */
final class CellwireBench extends Contender
{
    /** Name in the report. */
    static final String NAME = "cellwire";

    private static final int STREAM_BURST = 256;
    private static final int TIMEOUT_CHECK_MASK = 0xfff;

    private final BenchSettings settings;

    CellwireBench(final BenchSettings settings)
    {
        this.settings = settings;
    }

    @Override
    String name()
    {
        return NAME;
    }

    @Override
    Phase phase(final BenchFrames frames, final boolean pingPong)
    {
        return new CellwirePhase(frames, pingPong);
    }

    private Transport.Context serverContext(final ServerHandler handler)
    {
        return new Transport.Context()
            .port(0)
            .threadingMode(ThreadingMode.SHARED)
            .idleStrategy(settings.idleStrategy)
            .errorHandler(settings.errorHandler)
            .handlerFactory(handler);
    }

    private Transport.Context clientContext(final ClientHandler handler)
    {
        return new Transport.Context()
            .threadingMode(ThreadingMode.INVOKER)
            .idleStrategy(settings.idleStrategy)
            .errorHandler(settings.errorHandler)
            .handlerFactory(handler);
    }

    private static long connect(final Transport client, final InetSocketAddress address, final IdleStrategy idle)
    {
        final OutboundConnection connection = client.connect(address);
        final long deadline = System.nanoTime() + BenchSettings.TIMEOUT_NS;
        while (connection.connectionId() == OutboundConnection.NOT_CONNECTED)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("cellwire client did not connect to " + address);
            }
            idle.idle(client.invoke());
        }
        final long id = connection.connectionId();
        while (client.connection(id) == null || client.connection(id).state() != Connection.ACTIVE)
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("cellwire connection to " + address + " never became active");
            }
            idle.idle(client.invoke());
        }
        return id;
    }

    /**
     * A server transport and an INVOKER client transport, connected. Benchmark thread; the server's agent has its
     * own thread.
     */
    private final class CellwirePhase extends CallerClientPhase
    {
        private final BenchFrames frames;
        private final ServerHandler server;
        private final ClientHandler client;
        private final IdleStrategy idle = IdleStrategies.of(settings.idleStrategy);
        private Transport serverTransport;
        private Transport clientTransport;
        private Sender sender;

        CellwirePhase(final BenchFrames frames, final boolean pingPong)
        {
            super(pingPong);
            this.frames = frames;
            server = new ServerHandler(pingPong);
            client = new ClientHandler(frames);
        }

        @Override
        public void start()
        {
            serverTransport = Transport.launch(serverContext(server));
            clientTransport = Transport.launch(clientContext(client));
            sender = new Sender(frames, clientTransport,
                connect(clientTransport, serverTransport.localAddress(), idle));
        }

        @Override
        public Thread serverThread()
        {
            return server.awaitThread();
        }

        @Override
        public long serverReceived()
        {
            return server.received.get();
        }

        @Override
        public String note()
        {
            final String mismatches = client.mismatches == 0 ? "" : client.mismatches + " mismatched replies";
            final String failures = server.failures == 0 ? "" : server.failures + " replies not sent";
            return mismatches.isEmpty() || failures.isEmpty() ? mismatches + failures : mismatches + "; " + failures;
        }

        @Override
        public void close()
        {
            CloseHelper.closeAll(clientTransport, serverTransport);
        }

        @Override
        void pingPongUntil(final long endNs, final Histogram histogram)
        {
            client.histogram = histogram;
            while (System.nanoTime() - endNs < 0)
            {
                final int length = sender.prepare();
                client.received = false;
                client.sendTimeNs = System.nanoTime();
                final long result = sender.send(length);
                if (result < 0)
                {
                    throw new IllegalStateException("cellwire send failed: " + SendResult.name(result));
                }
                int spins = 0;
                while (!client.received)
                {
                    idle.idle(clientTransport.invoke());
                    if ((++spins & TIMEOUT_CHECK_MASK) == 0 &&
                        System.nanoTime() - client.sendTimeNs > BenchSettings.TIMEOUT_NS)
                    {
                        throw new IllegalStateException("no reply to message " + sender.id + " within the timeout");
                    }
                }
                sender.next();
            }
        }

        @Override
        void streamUntil(final long endNs)
        {
            int length = sender.prepare();
            while (System.nanoTime() - endNs < 0)
            {
                for (int i = 0; i < STREAM_BURST; i++)
                {
                    if (sender.send(length) < 0)
                    {
                        break;
                    }
                    sender.next();
                    length = sender.prepare();
                }
                clientTransport.invoke();
            }
        }
    }

    /** Builds each request (a QUERY with the next id, or the DATA frame) and sends it. Benchmark thread only. */
    private static final class Sender
    {
        private final BenchFrames frames;
        private final Transport transport;
        private final long connectionId;
        private final QueryEncoder encoder = new QueryEncoder();
        private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(FrameHeader.MAX_FRAME_SIZE));
        private long id = BenchFrames.ID_BASE;

        Sender(final BenchFrames frames, final Transport transport, final long connectionId)
        {
            this.frames = frames;
            this.transport = transport;
            this.connectionId = connectionId;
        }

        int prepare()
        {
            if (!frames.isQuery())
            {
                return frames.requestLength;
            }
            final int length = frames.encodeQuery(encoder, buffer, id);
            if (length != frames.requestLength)
            {
                throw new IllegalStateException("QUERY " + id + " encoded to " + length + " bytes");
            }
            return length;
        }

        long send(final int length)
        {
            final DirectBuffer frame = frames.isQuery() ? buffer : frames.request;
            return transport.send(connectionId, frames.type, frame, 0, length);
        }

        void next()
        {
            id++;
        }
    }

    /**
     * The client's lane handler: records the round trip when the reply arrives. Runs on the benchmark thread (the
     * client is an INVOKER), so its plain fields are shared with the send loop without any handoff.
     */
    private static final class ClientHandler implements MessageHandler, LaneHandlerFactory
    {
        private final BenchFrames frames;
        private LaneSession session;
        Histogram histogram;
        long sendTimeNs;
        boolean received;
        long expectedId = BenchFrames.ID_BASE;
        long mismatches;

        ClientHandler(final BenchFrames frames)
        {
            this.frames = frames;
        }

        @Override
        public MessageHandler create(final LaneSession session)
        {
            this.session = session;
            return this;
        }

        @Override
        public void onResult(final ResultDecoder decoder)
        {
            final long now = System.nanoTime();
            if (decoder.id() != expectedId)
            {
                mismatches++;
            }
            expectedId++;
            complete(now);
        }

        @Override
        public void onData(final DataDecoder decoder)
        {
            final long now = System.nanoTime();
            if (session.frameLength() != frames.replyLength)
            {
                mismatches++;
            }
            complete(now);
        }

        private void complete(final long now)
        {
            histogram.recordValue(now - sendTimeNs);
            received = true;
        }
    }

    /**
     * The server's lane handler: answers each QUERY with a RESULT carrying its id and form, echoes each DATA frame,
     * or, when streaming, only counts. Runs on the server's shared agent thread; {@link #received} is read by the
     * benchmark thread.
     */
    private static final class ServerHandler implements MessageHandler, LaneHandlerFactory
    {
        private final boolean reply;
        private final ResultEncoder encoder = new ResultEncoder();
        private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(FrameHeader.MAX_FRAME_SIZE));
        private final AtomicLong received = new AtomicLong();
        private LaneSession session;
        private long count;
        private long failures;
        private volatile Thread thread;

        ServerHandler(final boolean reply)
        {
            this.reply = reply;
        }

        @Override
        public MessageHandler create(final LaneSession session)
        {
            this.session = session;
            return this;
        }

        Thread awaitThread()
        {
            final long deadline = System.nanoTime() + BenchSettings.TIMEOUT_NS;
            while (thread == null)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("the cellwire server handled no message");
                }
                Thread.onSpinWait();
            }
            return thread;
        }

        @Override
        public void onQuery(final QueryDecoder decoder)
        {
            onMessage();
            if (reply)
            {
                final int length = encoder.wrapFrame(buffer, 0).id(decoder.id())
                    .value(decoder.buffer(), decoder.formOffset(), decoder.formLength()).errorNil().infoNil()
                    .finishFrame();
                if (session.reply(ResultEncoder.TYPE, buffer, 0, length) < 0)
                {
                    failures++;
                }
            }
        }

        @Override
        public void onData(final DataDecoder decoder)
        {
            onMessage();
            if (reply && session.reply(
                session.type(), session.frameBuffer(), session.frameOffset(), session.frameLength()) < 0)
            {
                failures++;
            }
        }

        private void onMessage()
        {
            if (thread == null)
            {
                thread = Thread.currentThread();
            }
            received.lazySet(++count);
        }
    }
}
