package io.cellwire.bench.jmh;

import io.cellwire.node.Node;
import io.cellwire.transport.SlotDescriptor;
import io.cellwire.transport.SlotRing;
import org.agrona.BufferUtil;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

import java.util.concurrent.TimeUnit;

/**
 * The poller-to-lane slot handoff across two threads, as a ping-pong: the {@code ping} thread claims a slot of one
 * {@link SlotRing}, writes a sequence number into it and publishes it, then spins until the {@code pong} thread has
 * peeked it, copied the number into a slot of a second ring, released the first (as a lane releases each slot once
 * handled, so the ping's next claim reuses it) and published the copy; the ping's time is one round trip, two
 * handoffs. The baseline does the same with two Agrona {@link OneToOneConcurrentArrayQueue}s
 * carrying one preallocated object, the usual SPSC handoff of a reference, and moves no frame bytes; the third group
 * does the slot ring's work with the queues: each side writes the number into a slot of its own (one per side, as the
 * slot ring reuses the slot just released) and hands over the slot's reference, which the other side reads.
 * <p>
 * Only the {@code ping} methods' scores mean a round trip; the {@code pong} methods return at once when nothing has
 * arrived, so their scores count polls. Round trips are sampled one by one ({@link Mode#SampleTime}): on a shared
 * host either thread may lose its core for a scheduler quantum, which a mean would spread over every round trip while
 * the median shows the handoff itself. Both threads spin: run it on at least two free cores. The ping gives up when
 * JMH ends the iteration ({@link Control#stopMeasurement}), so a reply left in flight is taken by the next call.
 * State is shared by the two threads of a group, each ring's producer and consumer sides as {@link SlotRing} says.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = BenchmarkJvm.AGRONA_EXPORTS)
public class SlotRingBenchmark
{
    /** Slots per ring, as a Node lane has by default. */
    static final int SLOTS = 256;
    /** Where in a slot the sequence number goes: past the slot header, where a frame would start. */
    static final int PAYLOAD_OFFSET = 32;
    /** Returned when the iteration ended before the reply came. */
    static final long NO_REPLY = -1;

    private SlotRing pingRing;
    private SlotRing pongRing;
    private OneToOneConcurrentArrayQueue<Object> pingQueue;
    private OneToOneConcurrentArrayQueue<Object> pongQueue;
    private final Object token = new Object();
    private UnsafeBuffer queueSlots;
    private OneToOneConcurrentArrayQueue<QueueSlot> pingSlotQueue;
    private OneToOneConcurrentArrayQueue<QueueSlot> pongSlotQueue;
    private final QueueSlot pingSlot = new QueueSlot(0);
    private final QueueSlot pongSlot = new QueueSlot(SlotDescriptor.SLOT_SIZE);

    /** The ping thread's count, in a state of its own: in the shared one it would share a line the pong reads. */
    @State(Scope.Thread)
    public static class PingSequence
    {
        long value;
    }

    /** A slot of frame bytes handed over by reference. */
    static final class QueueSlot
    {
        final int offset;

        QueueSlot(final int offset)
        {
            this.offset = offset;
        }
    }

    /** Makes the rings and queues; one set per group. */
    @Setup(Level.Trial)
    public void setup()
    {
        pingRing = new SlotRing(SLOTS);
        pongRing = new SlotRing(SLOTS);
        pingQueue = new OneToOneConcurrentArrayQueue<>(SLOTS);
        pongQueue = new OneToOneConcurrentArrayQueue<>(SLOTS);
        queueSlots = new UnsafeBuffer(BufferUtil.allocateDirectAligned(2 * SlotDescriptor.SLOT_SIZE, 64));
        pingSlotQueue = new OneToOneConcurrentArrayQueue<>(SLOTS);
        pongSlotQueue = new OneToOneConcurrentArrayQueue<>(SLOTS);
    }

    /** Frees the rings' direct memory. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        pingRing.close();
        pongRing.close();
        BufferUtil.free(queueSlots.byteBuffer());
    }

    /**
     * One round trip through two slot rings.
     *
     * @param control  JMH's iteration control, to give up when the iteration ends.
     * @param sequence the number to send, counted up.
     * @return the number echoed back, or {@link #NO_REPLY}.
     */
    @Benchmark
    @Group("slotRing")
    @GroupThreads(1)
    public long ping(final Control control, final PingSequence sequence)
    {
        int offset;
        while ((offset = pingRing.claim()) < 0)
        {
            if (control.stopMeasurement)
            {
                return NO_REPLY;
            }
            Thread.onSpinWait();
        }
        pingRing.buffer().putLong(offset + PAYLOAD_OFFSET, ++sequence.value);
        pingRing.publish();
        while ((offset = pongRing.peek()) < 0)
        {
            if (control.stopMeasurement)
            {
                return NO_REPLY;
            }
            Thread.onSpinWait();
        }
        final long echoed = pongRing.buffer().getLong(offset + PAYLOAD_OFFSET);
        pongRing.release();
        return echoed;
    }

    /**
     * Echoes one slot if one has arrived.
     *
     * @return 1 if it echoed one, else 0.
     */
    @Benchmark
    @Group("slotRing")
    @GroupThreads(1)
    public int pong()
    {
        final int in = pingRing.peek();
        if (in < 0)
        {
            return 0;
        }
        final int out = pongRing.claim();
        if (out < 0)
        {
            return 0;
        }
        final UnsafeBuffer from = pingRing.buffer();
        pongRing.buffer().putLong(out + PAYLOAD_OFFSET, from.getLong(in + PAYLOAD_OFFSET));
        pingRing.release();
        pongRing.publish();
        return 1;
    }

    /**
     * One round trip through two Agrona SPSC queues.
     *
     * @param control JMH's iteration control, to give up when the iteration ends.
     * @return 1 when the token came back, or {@link #NO_REPLY}.
     */
    @Benchmark
    @Group("agronaQueue")
    @GroupThreads(1)
    public long pingQueue(final Control control)
    {
        while (!pingQueue.offer(token))
        {
            if (control.stopMeasurement)
            {
                return NO_REPLY;
            }
            Thread.onSpinWait();
        }
        while (pongQueue.poll() == null)
        {
            if (control.stopMeasurement)
            {
                return NO_REPLY;
            }
            Thread.onSpinWait();
        }
        return 1;
    }

    /**
     * Echoes the token if it has arrived.
     *
     * @return 1 if it echoed it, else 0.
     */
    @Benchmark
    @Group("agronaQueue")
    @GroupThreads(1)
    public int pongQueue()
    {
        final Object item = pingQueue.peek();
        if (item == null || !pongQueue.offer(item))
        {
            return 0;
        }
        pingQueue.poll();
        return 1;
    }

    /**
     * One round trip through two Agrona SPSC queues carrying slots of frame bytes.
     *
     * @param control  JMH's iteration control, to give up when the iteration ends.
     * @param sequence the number to send, counted up.
     * @return the number echoed back, or {@link #NO_REPLY}.
     */
    @Benchmark
    @Group("agronaQueueSlots")
    @GroupThreads(1)
    public long pingQueueSlot(final Control control, final PingSequence sequence)
    {
        queueSlots.putLong(pingSlot.offset + PAYLOAD_OFFSET, ++sequence.value);
        while (!pingSlotQueue.offer(pingSlot))
        {
            if (control.stopMeasurement)
            {
                return NO_REPLY;
            }
            Thread.onSpinWait();
        }
        QueueSlot reply;
        while ((reply = pongSlotQueue.poll()) == null)
        {
            if (control.stopMeasurement)
            {
                return NO_REPLY;
            }
            Thread.onSpinWait();
        }
        return queueSlots.getLong(reply.offset + PAYLOAD_OFFSET);
    }

    /**
     * Echoes the number in a slot if one has arrived, in its own slot.
     *
     * @return 1 if it echoed one, else 0.
     */
    @Benchmark
    @Group("agronaQueueSlots")
    @GroupThreads(1)
    public int pongQueueSlot()
    {
        final QueueSlot in = pingSlotQueue.peek();
        if (in == null)
        {
            return 0;
        }
        queueSlots.putLong(pongSlot.offset + PAYLOAD_OFFSET, queueSlots.getLong(in.offset + PAYLOAD_OFFSET));
        if (!pongSlotQueue.offer(pongSlot))
        {
            return 0;
        }
        pingSlotQueue.poll();
        return 1;
    }
}
