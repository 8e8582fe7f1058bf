package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What a node answers STATUS with, in the reference's shape {@code [belief-hash states-hash genesis-hash peer-key
 * consensus-hash]}: the genesis hash (the network ID) and the peer key are fixed at launch, the other three are the
 * application's to update when its state changes. Lanes cache the encoded answer and rebuild it only when
 * {@link #version()} moves.
 * <p>
 * Thread-safe, and allocation-free, through a sequence lock: {@link #update} may be called from any thread (writers
 * take the monitor, make the sequence odd, write the hashes in place, then make it even again); a reader copies the
 * hashes and keeps the copy only if the sequence was even and unchanged across the copy, else it copies again.
 */
public final class NodeStatus
{
    private static final int HASH = CellDescriptor.VALUE_ID_LENGTH;
    private static final int BELIEF = 0;
    private static final int STATES = HASH;
    private static final int CONSENSUS = 2 * HASH;
    private static final VarHandle SEQUENCE;

    static
    {
        try
        {
            SEQUENCE = MethodHandles.lookup().findVarHandle(NodeStatus.class, "sequence", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final byte[] genesisHash;
    private final byte[] peerKey;
    private final UnsafeBuffer hashes = new UnsafeBuffer(new byte[3 * HASH]);
    @SuppressWarnings("unused") // read and written through SEQUENCE
    private volatile long sequence;

    NodeStatus(final byte[] genesisHash, final byte[] peerKey)
    {
        this.genesisHash = genesisHash.clone();
        this.peerKey = peerKey.clone();
    }

    /**
     * Publishes new hashes; the next STATUS answer carries them. Allocates nothing.
     *
     * @param belief          holds the 32-byte hash of the peer's current belief.
     * @param beliefOffset    where it starts.
     * @param states          holds the 32-byte hash of the peer's states.
     * @param statesOffset    where it starts.
     * @param consensus       holds the 32-byte hash of the consensus state.
     * @param consensusOffset where it starts.
     */
    public synchronized void update(
        final DirectBuffer belief,
        final int beliefOffset,
        final DirectBuffer states,
        final int statesOffset,
        final DirectBuffer consensus,
        final int consensusOffset)
    {
        final long stable = (long)SEQUENCE.getOpaque(this);
        SEQUENCE.setVolatile(this, stable + 1);
        hashes.putBytes(BELIEF, belief, beliefOffset, HASH);
        hashes.putBytes(STATES, states, statesOffset, HASH);
        hashes.putBytes(CONSENSUS, consensus, consensusOffset, HASH);
        SEQUENCE.setRelease(this, stable + 2);
    }

    /**
     * How many times the status changed since launch.
     *
     * @return the version; any thread.
     */
    public long version()
    {
        return (long)SEQUENCE.getAcquire(this) >>> 1;
    }

    /**
     * Writes the five hashes of the current status, each 32 bytes, in the order of the STATUS answer.
     *
     * @param out where to write; 160 bytes.
     * @return the version written.
     */
    long copyTo(final MutableDirectBuffer out)
    {
        while (true)
        {
            final long before = (long)SEQUENCE.getAcquire(this);
            if ((before & 1) == 0)
            {
                out.putBytes(0, hashes, BELIEF, HASH);
                out.putBytes(HASH, hashes, STATES, HASH);
                out.putBytes(4 * HASH, hashes, CONSENSUS, HASH);
                VarHandle.acquireFence();
                if ((long)SEQUENCE.getAcquire(this) == before)
                {
                    out.putBytes(2 * HASH, genesisHash);
                    out.putBytes(3 * HASH, peerKey);
                    return before >>> 1;
                }
            }
            Thread.onSpinWait();
        }
    }
}
