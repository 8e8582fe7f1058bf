package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * What a node answers STATUS with, in the reference's shape {@code [belief-hash states-hash genesis-hash peer-key
 * consensus-hash]}: the genesis hash (the network ID) and the peer key are fixed at launch, the other three are the
 * application's to update when its state changes. Lanes cache the encoded answer and rebuild it only when
 * {@link #version()} moves.
 * <p>
 * Thread-safe: {@link #update} may be called from any thread (it publishes a new immutable snapshot, allocating about
 * 150 bytes, so call it on a state change, not per message); lanes read the snapshot with a volatile load.
 */
public final class NodeStatus
{
    private static final int HASH = CellDescriptor.VALUE_ID_LENGTH;

    private final byte[] genesisHash;
    private final byte[] peerKey;
    private volatile Snapshot snapshot;

    NodeStatus(final byte[] genesisHash, final byte[] peerKey)
    {
        this.genesisHash = genesisHash.clone();
        this.peerKey = peerKey.clone();
        snapshot = new Snapshot(0, new byte[HASH], new byte[HASH], new byte[HASH]);
    }

    /**
     * Publishes new hashes; the next STATUS answer carries them.
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
        snapshot = new Snapshot(
            snapshot.version + 1,
            copy(belief, beliefOffset),
            copy(states, statesOffset),
            copy(consensus, consensusOffset));
    }

    /**
     * How many times the status changed since launch.
     *
     * @return the version; any thread.
     */
    public long version()
    {
        return snapshot.version;
    }

    /**
     * Writes the five hashes of the current status, each 32 bytes, in the order of the STATUS answer.
     *
     * @param hashes where to write; 160 bytes.
     * @return the version written.
     */
    long copyTo(final MutableDirectBuffer hashes)
    {
        final Snapshot current = snapshot;
        hashes.putBytes(0, current.belief);
        hashes.putBytes(HASH, current.states);
        hashes.putBytes(2 * HASH, genesisHash);
        hashes.putBytes(3 * HASH, peerKey);
        hashes.putBytes(4 * HASH, current.consensus);
        return current.version;
    }

    private static byte[] copy(final DirectBuffer buffer, final int offset)
    {
        final byte[] hash = new byte[HASH];
        buffer.getBytes(offset, hash);
        return hash;
    }

    /** One immutable status, published whole. */
    private static final class Snapshot
    {
        final long version;
        final byte[] belief;
        final byte[] states;
        final byte[] consensus;

        Snapshot(final long version, final byte[] belief, final byte[] states, final byte[] consensus)
        {
            this.version = version;
            this.belief = belief;
            this.states = states;
            this.consensus = consensus;
        }
    }
}
