package io.cellwire.fuzz;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.RefList;
import io.cellwire.codec.RefSink;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.store.CellStore;
import io.cellwire.store.DependencyResolver;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;

/**
 * A plain reference for {@link DependencyResolver}: the same transitive walk through a {@link CellStore}, written
 * for clarity with full 32-byte keys in Java collections, plus a check that every cell the store returns hashes to the
 * value ID it was found by. Allocates freely; owned by the fuzzing thread.
 */
final class ResolverOracle implements RefSink
{
    private final CellStore store;
    private final int maxIds;
    private final CellWalker walker = new CellWalker();
    private final ValueIdDigest digest = new ValueIdDigest();
    private final byte[] hash = new byte[CellDescriptor.VALUE_ID_LENGTH];
    private final UnsafeBuffer id = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
    private final Set<ByteBuffer> seen = new HashSet<>();
    private final Set<ByteBuffer> missing = new HashSet<>();
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    private boolean overflow;
    private boolean embeddedAsRef;

    /**
     * An oracle over the resolver's store and bound.
     *
     * @param store  the store the resolver looks in.
     * @param maxIds the resolver's bound on distinct IDs.
     */
    ResolverOracle(final CellStore store, final int maxIds)
    {
        this.store = store;
        this.maxIds = maxIds;
    }

    /**
     * Follows a message's refs as the resolver should.
     *
     * @param refs the message's refs.
     * @throws FuzzFailure if the store returns a cell that does not hash to the ID it was found by.
     */
    void resolve(final RefList refs)
    {
        seen.clear();
        missing.clear();
        pending.clear();
        overflow = false;
        embeddedAsRef = false;
        for (int i = 0; i < refs.count(); i++)
        {
            onRef(refs.buffer(), refs.valueIdOffset(i));
        }
        while (!pending.isEmpty() && !overflow)
        {
            id.putBytes(0, pending.pop());
            final int cell = store.find(id, 0);
            if (cell == CellStore.NOT_FOUND)
            {
                missing.add(ByteBuffer.wrap(id.byteArray().clone()));
                continue;
            }
            final int length = store.cellLength(cell);
            digest.valueId(store.buffer(), cell, length, hash, 0);
            if (!ByteBuffer.wrap(hash).equals(ByteBuffer.wrap(id.byteArray())))
            {
                throw new FuzzFailure("the store found a " + length + "-byte cell at " + cell +
                    " whose value ID is not the one asked for");
            }
            if (CellWalker.checkRefTarget(store.buffer().getByte(cell) & 0xff, length) < 0)
            {
                embeddedAsRef = true;
                continue;
            }
            walker.walk(store.buffer(), cell, cell + length, this);
        }
    }

    @Override
    public void onRef(final DirectBuffer buffer, final int valueIdOffset)
    {
        final byte[] key = new byte[CellDescriptor.VALUE_ID_LENGTH];
        buffer.getBytes(valueIdOffset, key);
        if (seen.add(ByteBuffer.wrap(key)))
        {
            if (seen.size() > maxIds)
            {
                overflow = true;
                return;
            }
            pending.push(key);
        }
    }

    /**
     * Whether more distinct IDs were reachable than the bound allows; the walk stopped there.
     *
     * @return true on overflow.
     */
    boolean overflowed()
    {
        return overflow;
    }

    /**
     * Whether a reachable ref resolved to a cell that would have been embedded.
     *
     * @return true if so (exact only when there was no overflow).
     */
    boolean embeddedAsRef()
    {
        return embeddedAsRef;
    }

    /**
     * How many distinct reachable IDs the store lacks.
     *
     * @return the count.
     */
    int missingCount()
    {
        return missing.size();
    }

    /**
     * Whether a reachable ID is missing from the store.
     *
     * @param buffer the buffer holding the ID.
     * @param offset where it starts.
     * @return true if the walk found it missing.
     */
    boolean isMissing(final DirectBuffer buffer, final int offset)
    {
        final byte[] key = new byte[CellDescriptor.VALUE_ID_LENGTH];
        buffer.getBytes(offset, key);
        return missing.contains(ByteBuffer.wrap(key));
    }
}
