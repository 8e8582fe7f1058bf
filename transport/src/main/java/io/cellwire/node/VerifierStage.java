package io.cellwire.node;

import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.MessageType;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.ThreadWaker;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.util.ArrayList;
import java.util.List;

/**
 * The node's signature stage: Ed25519 verification of TRANSACT, BELIEF and CHALLENGE SignedData, the most expensive
 * work a peer does for a message (46–110 µs and ~6.5 KB of BouncyCastle garbage each), on worker agents that each run
 * on a thread of their own, in every threading mode, so it never runs on the poller's thread. A valid CHALLENGE is
 * also answered here: the worker signs the RESPONSE with the node's key and hands back the frame to send. A lane hands
 * a message to the worker its connection maps to through a one-to-one ring and gets the verdict back through another;
 * both are bounded, and a message that finds its ring full is refused (the lane answers {@code :LOAD}).
 * <pre>
 *   record: | connection id (8) | key (8) | verdict (4) | payload length (4) | signed length (4) | pad (4) |
 *           | payload | SignedData (verified; requests only) |
 *   payload: the message, re-dispatched with the verdict (TRANSACT, BELIEF); for a CHALLENGE, the four response
 *            hashes in the request and the signed RESPONSE frame in a valid verdict (empty in an invalid one)
 * </pre>
 * Thread ownership: each request ring has one producer (its lane) and one consumer (its worker); each verdict ring
 * one producer (the worker) and one consumer (the lane) — the documented handoffs; each worker's {@link ThreadWaker}
 * is set by the worker and called by the lanes. A worker owns its
 * {@link Ed25519Signer}. {@link #close()} from the thread that launched the node, after the lanes have stopped.
 */
final class VerifierStage implements AutoCloseable
{
    /** The signature verified. */
    static final int VALID = 1;
    /** The signature did not verify. */
    static final int INVALID = 0;

    static final int CONNECTION_ID_OFFSET = 0;
    static final int KEY_OFFSET = 8;
    static final int VERDICT_OFFSET = 16;
    static final int PAYLOAD_LENGTH_OFFSET = 20;
    static final int SIGNED_LENGTH_OFFSET = 24;
    static final int PAYLOAD_OFFSET = 32;

    /** Largest record: a maximal payload and a maximal SignedData. */
    static final int MAX_RECORD_LENGTH = PAYLOAD_OFFSET + 2 * FrameHeader.MAX_FRAME_SIZE;
    /** Smallest ring: an Agrona ring takes records of up to an eighth of its capacity. */
    static final int MIN_RING_LENGTH = BitUtil.findNextPositivePowerOfTwo(8 * MAX_RECORD_LENGTH);

    /** Requests a worker takes from one lane per duty cycle. */
    private static final int BATCH = 16;

    private final int workers;
    private final OneToOneRingBuffer[][] requests;
    private final OneToOneRingBuffer[][] verdicts;
    private final ThreadWaker[] wakers;
    private final List<AgentRunner> runners = new ArrayList<>();

    /**
     * Builds the rings and starts the workers.
     *
     * @param lanes        the node's handler lanes.
     * @param workers      worker agents, each on its own thread.
     * @param ringLength   bytes of each ring, a power of two.
     * @param idleStrategy the node's idle strategy alias; the workers take {@code adaptive} in place of {@code spin},
     *                     so that they never spin beside the poller, and a submit wakes a parked worker.
     * @param errorHandler where a worker's exceptions go.
     * @param counters     the node's counters.
     * @param keySeed      the node's Ed25519 seed, which signs RESPONSEs.
     */
    VerifierStage(
        final int lanes,
        final int workers,
        final int ringLength,
        final String idleStrategy,
        final ErrorHandler errorHandler,
        final NodeCounters counters,
        final byte[] keySeed)
    {
        this.workers = workers;
        requests = new OneToOneRingBuffer[lanes][workers];
        verdicts = new OneToOneRingBuffer[lanes][workers];
        for (int lane = 0; lane < lanes; lane++)
        {
            for (int worker = 0; worker < workers; worker++)
            {
                requests[lane][worker] = ring(ringLength);
                verdicts[lane][worker] = ring(ringLength);
            }
        }
        wakers = new ThreadWaker[workers];
        final String workerIdle = IdleStrategies.SPIN.equals(idleStrategy) ? IdleStrategies.ADAPTIVE : idleStrategy;
        for (int worker = 0; worker < workers; worker++)
        {
            wakers[worker] = new ThreadWaker();
            final AgentRunner runner = new AgentRunner(
                IdleStrategies.of(workerIdle), errorHandler, null, new Worker(worker, counters, keySeed));
            runners.add(runner);
            AgentRunner.startOnThread(runner);
        }
    }

    private static OneToOneRingBuffer ring(final int length)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(BufferUtil.allocateDirectAligned(
            length + RingBufferDescriptor.TRAILER_LENGTH, BitUtil.CACHE_LINE_LENGTH)));
    }

    /**
     * The worker a connection's messages go to: always the same one, so its messages come back in the order sent.
     *
     * @param connectionId the connection.
     * @return the worker index.
     */
    int workerOf(final long connectionId)
    {
        return (int)Long.remainderUnsigned(connectionId, workers);
    }

    /**
     * Lane side: hands one message to its connection's worker.
     *
     * @return true if queued, false if that worker's ring is full.
     */
    boolean submit(
        final int lane,
        final int type,
        final long connectionId,
        final long key,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength,
        final DirectBuffer signed,
        final int signedOffset,
        final int signedLength)
    {
        final int worker = workerOf(connectionId);
        final OneToOneRingBuffer ring = requests[lane][worker];
        final int index = ring.tryClaim(type, PAYLOAD_OFFSET + payloadLength + signedLength);
        if (index <= 0)
        {
            return false;
        }
        final MutableDirectBuffer buffer = ring.buffer();
        buffer.putLong(index + CONNECTION_ID_OFFSET, connectionId);
        buffer.putLong(index + KEY_OFFSET, key);
        buffer.putInt(index + VERDICT_OFFSET, INVALID);
        buffer.putInt(index + PAYLOAD_LENGTH_OFFSET, payloadLength);
        buffer.putInt(index + SIGNED_LENGTH_OFFSET, signedLength);
        buffer.putBytes(index + PAYLOAD_OFFSET, payload, payloadOffset, payloadLength);
        buffer.putBytes(index + PAYLOAD_OFFSET + payloadLength, signed, signedOffset, signedLength);
        ring.commit(index);
        wakers[worker].wake();
        return true;
    }

    /**
     * Lane side: takes the verdicts back, at most {@code limit} from each worker; a verdict record has the request's
     * header with {@link #VERDICT_OFFSET} set and the payload, but not the SignedData.
     *
     * @return verdicts handled.
     */
    int pollVerdicts(final int lane, final ControlledMessageHandler handler, final int limit)
    {
        int work = 0;
        for (int worker = 0; worker < workers; worker++)
        {
            work += verdicts[lane][worker].controlledRead(handler, limit);
        }
        return work;
    }

    /** Stops the workers (after the lanes stopped, so nothing waits on a verdict). */
    @Override
    public void close()
    {
        for (final AgentRunner runner : runners)
        {
            CloseHelper.quietClose(runner);
        }
    }

    /**
     * One worker: verifies the requests of every lane mapped to it and returns each verdict to its lane, signing the
     * RESPONSE to each valid CHALLENGE.
     */
    private final class Worker implements Agent, ControlledMessageHandler
    {
        private final int index;
        private final NodeCounters counters;
        private final Ed25519Signer signer = new Ed25519Signer();
        private final Handshake handshake;
        private final UnsafeBuffer response = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
        private final UnsafeBuffer hashes = new UnsafeBuffer(new byte[Handshake.RESPONSE_HASHES_LENGTH]);
        private OneToOneRingBuffer out;

        Worker(final int index, final NodeCounters counters, final byte[] keySeed)
        {
            this.index = index;
            this.counters = counters;
            signer.loadKey(new UnsafeBuffer(keySeed), 0);
            handshake = new Handshake(signer);
        }

        @Override
        public void onStart()
        {
            wakers[index].ownedByCurrentThread();
        }

        @Override
        public int doWork()
        {
            int work = 0;
            for (int lane = 0; lane < requests.length; lane++)
            {
                out = verdicts[lane][index];
                work += requests[lane][index].controlledRead(this, BATCH);
            }
            return work;
        }

        @Override
        public Action onMessage(final int type, final MutableDirectBuffer buffer, final int at, final int length)
        {
            if (type == MessageType.CHALLENGE)
            {
                return answer(buffer, at);
            }
            final int payloadLength = buffer.getInt(at + PAYLOAD_LENGTH_OFFSET);
            final int verdictLength = PAYLOAD_OFFSET + payloadLength;
            final int claim = out.tryClaim(type, verdictLength);
            if (claim <= 0)
            {
                return Action.ABORT;
            }
            final boolean valid = signer.verifySignedData(
                buffer, at + verdictLength, buffer.getInt(at + SIGNED_LENGTH_OFFSET));
            (type == MessageType.BELIEF ?
                counters.beliefSignaturesVerified : counters.transactionSignaturesVerified).increment();
            final MutableDirectBuffer verdict = out.buffer();
            verdict.putBytes(claim, buffer, at, verdictLength);
            verdict.putInt(claim + VERDICT_OFFSET, valid ? VALID : INVALID);
            out.commit(claim);
            return Action.CONTINUE;
        }

        /** Verifies a CHALLENGE and, if valid, signs its RESPONSE; the verdict carries the frame to send. */
        private Action answer(final MutableDirectBuffer buffer, final int at)
        {
            final int payloadLength = buffer.getInt(at + PAYLOAD_LENGTH_OFFSET);
            final boolean valid = signer.verifySignedData(
                buffer, at + PAYLOAD_OFFSET + payloadLength, buffer.getInt(at + SIGNED_LENGTH_OFFSET));
            int responseLength = 0;
            if (valid)
            {
                hashes.putBytes(0, buffer, at + PAYLOAD_OFFSET, Handshake.RESPONSE_HASHES_LENGTH);
                responseLength = handshake.writeResponse(response, hashes);
            }
            final int claim = out.tryClaim(MessageType.CHALLENGE, PAYLOAD_OFFSET + responseLength);
            if (claim <= 0)
            {
                return Action.ABORT;
            }
            counters.challengeSignaturesVerified.increment();
            final MutableDirectBuffer verdict = out.buffer();
            verdict.putBytes(claim, buffer, at, PAYLOAD_OFFSET);
            verdict.putInt(claim + VERDICT_OFFSET, valid ? VALID : INVALID);
            verdict.putInt(claim + PAYLOAD_LENGTH_OFFSET, responseLength);
            verdict.putBytes(claim + PAYLOAD_OFFSET, response, 0, responseLength);
            out.commit(claim);
            return Action.CONTINUE;
        }

        @Override
        public String roleName()
        {
            return "cellwire-verifier-" + index;
        }
    }
}
