package io.cellwire.fuzz;

import convex.core.data.ACell;
import convex.core.data.Hash;
import convex.core.data.Ref;
import convex.core.store.AStore;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A convex-core 0.7.9 store for tests that only answers lookups, from the cells put into it by hash: the reference's
 * own writes are ignored. Filled by the thread that makes it, before it is shared; read-only afterwards.
 */
public class ReadOnlyStore extends AStore
{
    private final Map<Hash, ACell> cells = new HashMap<>();

    /**
     * Makes a cell answerable by its hash.
     *
     * @param cell a cell the reference decoded.
     */
    public final void put(final ACell cell)
    {
        cells.put(cell.getHash(), cell);
    }

    /**
     * How many cells the store holds.
     *
     * @return the count.
     */
    public final int size()
    {
        return cells.size();
    }

    @Override
    public <T extends ACell> Ref<T> storeRef(final Ref<T> ref, final int status, final Consumer<Ref<ACell>> novelty)
    {
        return ref;
    }

    @Override
    public <T extends ACell> Ref<T> storeTopRef(final Ref<T> ref, final int status, final Consumer<Ref<ACell>> novelty)
    {
        return ref;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T extends ACell> Ref<T> refForHash(final Hash hash)
    {
        final ACell cell = cells.get(hash);
        return cell == null ? null : (Ref<T>)cell.getRef();
    }

    @Override
    public Hash getRootHash()
    {
        return null;
    }

    @Override
    public void setRootData(final ACell data)
    {
    }

    @Override
    public void close()
    {
    }
}
