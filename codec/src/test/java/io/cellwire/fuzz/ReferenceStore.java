package io.cellwire.fuzz;

import convex.core.data.ACell;
import convex.core.data.Hash;
import convex.core.data.prim.CVMLong;
import convex.core.exceptions.BadFormatException;
import convex.core.store.Stores;

import java.util.concurrent.TimeUnit;

/**
 * A read-only store for convex-core 0.7.9 that answers with every non-embedded cell of a corpus, decoded by the
 * reference: the DATA cells of the capture and the child rows of the golden vectors. A {@code 20 <value-id>} ref that
 * the reference reads in a fuzz case resolves against it when the reference validates the value, so mutated payloads
 * that keep the capture's refs can still be validated in full; a ref to anything else stays missing. It never
 * stores: the reference's writes are ignored.
 * <p>
 * Filled once, on a thread of its own so that no test thread's reference store changes, then only read; safe to
 * share between threads once {@link #shared()} has returned it (the join orders the writes before the reads). The
 * reference's store is thread-local, so each thread that reads with it must make it current
 * ({@link #makeCurrent()}).
 */
public final class ReferenceStore extends ReadOnlyStore
{
    /** The first eight hex digits of SHA3-256 of {@code 00}, the reference's {@code Hash.NULL_HASH}. */
    private static final String NULL_HASH_PREFIX = "5d53469f";

    /** Bound on loading the corpus, which takes well under a second. */
    private static final long LOAD_SECONDS = 30;

    private static ReferenceStore shared;

    private ReferenceStore()
    {
    }

    /**
     * The store of {@link FuzzCorpus#bundledCells()}, made on first use. Also forces the reference's {@code Hash}
     * initialisation first, before any value ID is taken (docs/wire-format.md §2: the first {@code getHash()} in a
     * fresh JVM can return SHA3 of the empty input).
     *
     * @return the store.
     * @throws IllegalStateException if the reference hashes {@code 00} wrongly.
     */
    public static synchronized ReferenceStore shared()
    {
        if (shared == null)
        {
            initialiseHash();
            final ReferenceStore store = new ReferenceStore();
            final Throwable[] failure = new Throwable[1];
            final Thread loader = new Thread(() ->
            {
                try
                {
                    store.makeCurrent();
                    store.load(FuzzCorpus.bundledCells());
                }
                catch (final RuntimeException | Error ex)
                {
                    failure[0] = ex;
                }
            }, "reference-store-loader");
            loader.setDaemon(true);
            loader.start();
            try
            {
                loader.join(TimeUnit.SECONDS.toMillis(LOAD_SECONDS));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while loading the reference store", ex);
            }
            if (loader.isAlive())
            {
                throw new IllegalStateException("the reference store took longer than " + LOAD_SECONDS + " s to load");
            }
            if (failure[0] != null)
            {
                throw new IllegalStateException("the reference store failed to load", failure[0]);
            }
            shared = store;
        }
        return shared;
    }

    /**
     * Makes this store the calling thread's reference store, so the refs the reference reads resolve against it. Sets
     * it without asking for the current one, since the reference's default for a thread is a temporary store on disk.
     */
    public void makeCurrent()
    {
        Stores.setCurrent(this);
    }

    private static void initialiseHash()
    {
        if (!Hash.NULL_HASH.toHexString().startsWith(NULL_HASH_PREFIX))
        {
            throw new IllegalStateException("the reference hashes 00 to " + Hash.NULL_HASH + ": its Hash class was " +
                "initialised inside another hash computation; initialise it first (docs/wire-format.md §2)");
        }
        CVMLong.create(1).getHash();
    }

    /** Decodes every cell of the corpus with this store current, since a decoded ref keeps the current store. */
    private void load(final FuzzCorpus corpus)
    {
        for (int i = 0; i < corpus.size(); i++)
        {
            final byte[] bytes = corpus.frame(i);
            try
            {
                final ACell cell = bytes.length == 0 ? null : ReferenceOracle.readTopLevel(bytes);
                if (cell != null && !cell.isEmbedded())
                {
                    put(cell);
                }
            }
            catch (final BadFormatException | RuntimeException ex)
            {
                // an invalid golden vector: nothing a ref could stand for
            }
        }
    }
}
