package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.MessageType;
import io.cellwire.store.CellStore;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A lane's cached answer to STATUS (a peer MAY cache it, docs/wire-format.md §8): the vector
 * {@code [belief-hash states-hash genesis-hash peer-key consensus-hash]} as a ready DATA frame and its value ID for the
 * RESULT's ref, rebuilt only when {@link NodeStatus} has a new version. Each rebuild also puts the vector into the
 * lane's store, so MISSING_DATA for it is answered.
 * <p>
 * Owned by one handler lane's thread; a STATUS with an unchanged status costs a volatile read.
 */
final class StatusAnswer
{
    private static final int HASH = CellDescriptor.VALUE_ID_LENGTH;
    private static final int ITEMS = 5;
    private static final int VECTOR_LENGTH = 2 + ITEMS * (2 + HASH);

    private final NodeStatus status;
    private final CellStore store;
    private final ValueIdDigest digest = new ValueIdDigest();
    private final UnsafeBuffer hashes = new UnsafeBuffer(new byte[ITEMS * HASH]);
    private final UnsafeBuffer vector = new UnsafeBuffer(new byte[VECTOR_LENGTH]);
    private final UnsafeBuffer valueId = new UnsafeBuffer(new byte[HASH]);
    private final UnsafeBuffer dataFrame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
    private long version = -1;
    private int dataFrameLength;

    StatusAnswer(final NodeStatus status, final CellStore store)
    {
        this.status = status;
        this.store = store;
    }

    /** Rebuilds the answer if the status changed since the last call. */
    void refresh()
    {
        if (status.version() == version)
        {
            return;
        }
        version = status.copyTo(hashes);
        int at = CellEncoder.writeVectorLeafHeader(vector, 0, ITEMS);
        for (int i = 0; i < ITEMS; i++)
        {
            at += CellEncoder.writeBlob(vector, at, hashes, i * HASH, HASH);
        }
        digest.valueId(vector, 0, at, valueId, 0);
        final int header = FrameHeader.write(dataFrame, 0, at + 1, MessageType.DATA);
        dataFrame.putBytes(header, vector, 0, at);
        dataFrameLength = header + at;
        store.putTrusted(vector, 0, at);
    }

    /** @return the DATA frame of the vector. */
    DirectBuffer dataFrame()
    {
        return dataFrame;
    }

    /** @return the DATA frame's length. */
    int dataFrameLength()
    {
        return dataFrameLength;
    }

    /** @return the vector's value ID, for the RESULT's ref. */
    DirectBuffer valueId()
    {
        return valueId;
    }
}
