package io.cellwire.bench.convex;

import convex.core.Belief;
import convex.core.Block;
import convex.core.BlockResult;
import convex.core.Peer;
import convex.core.Result;
import convex.core.State;
import convex.core.crypto.AKeyPair;
import convex.core.data.ACell;
import convex.core.data.AMap;
import convex.core.data.AVector;
import convex.core.data.AccountKey;
import convex.core.data.Address;
import convex.core.data.Blob;
import convex.core.data.Format;
import convex.core.data.Hash;
import convex.core.data.Keyword;
import convex.core.data.Ref;
import convex.core.data.SignedData;
import convex.core.data.Vectors;
import convex.core.exceptions.BadFormatException;
import convex.core.exceptions.BadSignatureException;
import convex.core.exceptions.InvalidDataException;
import convex.core.exceptions.MissingDataException;
import convex.core.init.Init;
import convex.core.store.MemoryStore;
import convex.core.store.Stores;
import convex.core.transactions.ATransaction;
import io.cellwire.bench.peer.ReferencePeerNode;
import org.agrona.collections.Object2LongHashMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.function.Consumer;

/**
 * The network-free core of a Convex 0.7.9 peer: its genesis, the consensus state that queries run on, the
 * transactions waiting for a block, this peer's Belief and its merge with other peers' Beliefs, the results of the
 * transactions submitted here once their block is in consensus, and the store of every cell it holds. It decides as
 * {@code convex.peer.Server} 0.7.9 does, through convex-core 0.7.9's public API ({@link Peer}, {@link Belief},
 * {@link Block}), and knows nothing of a transport.
 * <p>
 * Owned by the CVM thread: not thread safe. Each method that may read or store cells first makes this engine's store
 * the calling thread's current convex store ({@link Stores#setCurrent}), because convex resolves and persists cells
 * through it.
 */
public final class CvmEngine
{
    /** Bytes of an Ed25519 seed. */
    public static final int SEED_LENGTH = ReferencePeerNode.SEED_LENGTH;
    /** A token no submitted transaction may carry: the token map's value for a transaction not awaited. */
    public static final long NO_TOKEN = Long.MIN_VALUE;

    /** Received: the cell, or the Belief, is decoded and in this engine's store. */
    public static final int ACCEPTED = 0;
    /** Received: the encoding is not a cell, or not a signed Belief where one was expected. */
    public static final int BAD_FORMAT = -1;
    /** Received: a cell it refers to is not in the store yet; {@link #missingHash()} names it. */
    public static final int MISSING_DATA = -2;
    /** Received: the signed Belief's signature does not verify. */
    public static final int BAD_SIGNATURE = -3;

    /** Told of the result of a transaction submitted here, once its block is in consensus. */
    @FunctionalInterface
    public interface TransactionResultHandler
    {
        /**
         * A submitted transaction was applied in consensus.
         *
         * @param token  the token it was submitted with.
         * @param result the result 0.7.9 records for it in its {@link BlockResult}: the value, or the error code and
         *               message; its ID is the transaction's index in its block, which a reference peer replaces by
         *               the TRANSACT message's ID ({@code Result.withID}) before sending it.
         */
        void onTransactionResult(long token, Result result);
    }

    /** Handed each novel cell of a Belief to broadcast. */
    @FunctionalInterface
    public interface CellHandler
    {
        /**
         * A cell that no peer has had from this one, nor sent to it.
         *
         * @param cell the cell, never embedded; its encoding ({@link ACell#getEncoding()}) is at most
         *             {@link Format#LIMIT_ENCODING_LENGTH} bytes.
         */
        void onCell(ACell cell);
    }

    private final AKeyPair keyPair;
    private final MemoryStore store = new MemoryStore();
    private final TransactionResultHandler resultHandler;
    private final ArrayList<SignedData<ATransaction>> pendingTransactions = new ArrayList<>();
    private final Object2LongHashMap<Hash> tokenByTransaction = new Object2LongHashMap<>(NO_TOKEN);
    private final HashMap<AccountKey, SignedData<Belief>> offeredBeliefs = new HashMap<>();
    private final HashSet<Hash> knownCells = new HashSet<>();
    private final Consumer<Ref<ACell>> noveltyForwarder = this::onNovelty;
    private Peer peer;
    private long reportedConsensusPoint;
    private Hash missingHash;
    private CellHandler announceHandler;
    private Hash announcedTopHash;

    /**
     * Creates the engine and its genesis, {@code Init.createState(genesisKeys)}: engines given the same keys hold
     * the same genesis state, whatever their own key.
     *
     * @param seed          the 32-byte Ed25519 seed of this peer's key; copied.
     * @param genesisKeys   the genesis peers' keys; the first one owns the genesis account {@code #11}, and each
     *                      key is a peer with an equal share of the stake.
     * @param resultHandler told, on the CVM thread during {@link #update(long)}, of each submitted transaction's
     *                      result.
     */
    public CvmEngine(
        final byte[] seed, final List<AccountKey> genesisKeys, final TransactionResultHandler resultHandler)
    {
        if (seed.length != SEED_LENGTH)
        {
            throw new IllegalArgumentException("key seed must be " + SEED_LENGTH + " bytes, not " + seed.length);
        }
        ReferencePeerNode.initialiseHash();
        Stores.setCurrent(store);
        this.keyPair = AKeyPair.create(seed.clone());
        this.resultHandler = resultHandler;
        this.peer = Peer.createGenesisPeer(keyPair, Init.createState(genesisKeys));
    }

    /**
     * Runs a query on the consensus state, as a 0.7.9 peer answers a QUERY.
     *
     * @param form   the form to compile and run.
     * @param origin the account it runs as; null for the core account {@code #8}, as 0.7.9 does.
     * @return the value, or the error code and message; its ID is null, for the caller to set
     * ({@code Result.withID}).
     */
    public Result query(final ACell form, final Address origin)
    {
        Stores.setCurrent(store);
        return Result.fromContext(null, peer.executeQuery(form, origin));
    }

    /**
     * Queues a transaction for the next block. Its signature is taken as verified, and its sequence as checked
     * against {@link #consensusState()}.
     *
     * @param transaction the signed transaction.
     * @param token       handed back with its result; any value but {@link #NO_TOKEN}.
     * @return false if the same signed transaction is still awaiting its result, when it is not queued again.
     */
    public boolean submit(final SignedData<ATransaction> transaction, final long token)
    {
        if (NO_TOKEN == token)
        {
            throw new IllegalArgumentException("a transaction's token may not be NO_TOKEN");
        }
        Stores.setCurrent(store);
        final Hash hash = transaction.getHash();
        if (tokenByTransaction.containsKey(hash))
        {
            return false;
        }
        tokenByTransaction.put(hash, token);
        // not persisted here, unlike 0.7.9's TRANSACT: a cell already persisted is not novel, so the transactions
        // and their block would never be announced, and a receiver would have to ask for them as MISSING_DATA
        pendingTransactions.add(transaction);
        return true;
    }

    /**
     * Decodes a cell received as DATA and keeps it in the store, where a Belief received later finds it. The cells
     * it refers to must have come first, as a 0.7.9 peer and {@link #announceBelief(CellHandler)} send them.
     *
     * @param encoding the cell's encoding.
     * @param fromPeer true if a peer sent it, which has it then, so it is never announced; false for a client's cell
     *                 (a transaction, a large form), which a block may carry and every peer then needs.
     * @return {@link #ACCEPTED}, {@link #BAD_FORMAT} or {@link #MISSING_DATA}.
     */
    public int receiveCell(final Blob encoding, final boolean fromPeer)
    {
        Stores.setCurrent(store);
        try
        {
            final ACell cell = Format.read(encoding);
            if (null == cell)
            {
                return BAD_FORMAT;
            }
            ACell.createPersisted(cell);
            if (fromPeer)
            {
                knownCells.add(cell.getHash());
            }
            return ACCEPTED;
        }
        catch (final MissingDataException ex)
        {
            missingHash = ex.getMissingHash();
            return MISSING_DATA;
        }
        catch (final BadFormatException | ClassCastException | NullPointerException | IndexOutOfBoundsException ex)
        {
            // what 0.7.9's Server takes as a bad message, and an empty one
            return BAD_FORMAT;
        }
    }

    /**
     * Decodes one cell, e.g. a QUERY's form or a TRANSACT's SignedData, whose refs resolve through this engine's
     * store when they are first read: the cells they stand for must have been received ({@link #receiveCell}).
     *
     * @param encoding the cell's encoding.
     * @return the cell, or null if the encoding is not a cell.
     */
    public ACell decode(final Blob encoding)
    {
        Stores.setCurrent(store);
        try
        {
            return Format.read(encoding);
        }
        catch (final BadFormatException | ClassCastException | NullPointerException | IndexOutOfBoundsException ex)
        {
            // what 0.7.9's Server takes as a bad message, and an empty one
            return null;
        }
    }

    /**
     * Decodes a signed Belief received as BELIEF, keeps it in the store, and offers it to the next merge, as 0.7.9
     * does: of several from one peer before the merge, the one with the latest timestamp.
     *
     * @param encoding the encoding of the {@code SignedData} of the Belief, the BELIEF message's top cell.
     * @return {@link #ACCEPTED}, {@link #BAD_FORMAT}, {@link #MISSING_DATA} or {@link #BAD_SIGNATURE}.
     */
    @SuppressWarnings("unchecked")
    public int receiveBelief(final Blob encoding)
    {
        Stores.setCurrent(store);
        final SignedData<Belief> belief;
        try
        {
            final ACell cell = Format.read(encoding);
            if (!(cell instanceof SignedData))
            {
                return BAD_FORMAT;
            }
            // merge the stored copy: its references are marked persisted, so announcing a Belief that shares them
            // does not announce them again
            final SignedData<?> signed = ACell.createPersisted((SignedData<?>)cell).getValue();
            if (!(signed.getValue() instanceof Belief))
            {
                return BAD_FORMAT;
            }
            belief = (SignedData<Belief>)signed;
        }
        catch (final MissingDataException ex)
        {
            missingHash = ex.getMissingHash();
            return MISSING_DATA;
        }
        catch (final BadFormatException | ClassCastException | NullPointerException | IndexOutOfBoundsException ex)
        {
            // what 0.7.9's Server takes as a bad message, and an empty one
            return BAD_FORMAT;
        }
        if (!belief.checkSignature())
        {
            return BAD_SIGNATURE;
        }
        knownCells.add(belief.getHash());
        final AccountKey from = belief.getAccountKey();
        final SignedData<Belief> current = offeredBeliefs.get(from);
        if (null == current || current.getValue().getTimestamp() <= belief.getValue().getTimestamp())
        {
            offeredBeliefs.put(from, belief);
        }
        return ACCEPTED;
    }

    /**
     * The duty of 0.7.9's update loop: proposes a block of the queued transactions, if any, then merges the offered
     * Beliefs into this peer's, which is also the vote that moves the proposal and consensus points, and reports
     * the result of each submitted transaction whose block came into consensus.
     *
     * @param nowMillis the wall-clock time in ms since the epoch: the new block's timestamp.
     * @return true if this peer's Belief changed, and is to be broadcast ({@link #announceBelief(CellHandler)}).
     */
    public boolean update(final long nowMillis)
    {
        Stores.setCurrent(store);
        final boolean proposed = maybeProposeBlock(nowMillis);
        if (!proposed && offeredBeliefs.isEmpty())
        {
            return false;
        }
        // the reference calls Peer.updateTimestamp(now) here, which in 0.7.9 keeps the old timestamp: every merge
        // runs at the genesis timestamp and every Belief carries it, so time enters consensus only as block time
        final boolean merged = mergeOfferedBeliefs();
        if (!proposed && !merged)
        {
            return false;
        }
        reportConsensus();
        return true;
    }

    /**
     * Makes this peer's current signed Belief ready to broadcast: stores it, hands each of its cells that no peer
     * has had from this one, nor sent to it, to the handler, each after the cells it refers to, and returns the top
     * cell, which goes last (as BELIEF, the others as DATA). Also stores the states and block results, so that
     * cells any STATUS hash names can be looked up ({@link #cell(Hash)}).
     *
     * @param handler given each novel cell but the top one; not kept.
     * @return the signed Belief.
     */
    public SignedData<Belief> announceBelief(final CellHandler handler)
    {
        Stores.setCurrent(store);
        final SignedData<Belief> belief = peer.getSignedBelief();
        announceHandler = handler;
        announcedTopHash = belief.getHash();
        try
        {
            ACell.createPersisted(belief, noveltyForwarder);
        }
        finally
        {
            announceHandler = null;
        }
        // rebuilt from the stored copies, whose references are marked persisted: 0.7.9's Peer.persistState keeps the
        // unmarked originals, so each later announcement would walk, and announce, every earlier block again; the
        // rebuilt peer's timestamp is its Belief's, the genesis timestamp as before (see update)
        final AMap<Keyword, ACell> stored = ACell.createPersisted(peer.toData()).getValue();
        peer = Peer.fromData(keyPair, stored);
        return peer.getSignedBelief();
    }

    /**
     * A cell in the store, to answer MISSING_DATA.
     *
     * @param hash the cell's hash.
     * @return the cell, or null if it is not in the store.
     */
    public ACell cell(final Hash hash)
    {
        Stores.setCurrent(store);
        final Ref<ACell> ref = store.refForHash(hash);
        return null == ref ? null : ref.getValue();
    }

    /** @return the cell that the last {@link #MISSING_DATA} answer lacked, or null. */
    public Hash missingHash()
    {
        return missingHash;
    }

    /** @return this peer's current signed Belief, as last updated; broadcast after {@link #announceBelief}. */
    public SignedData<Belief> signedBelief()
    {
        return peer.getSignedBelief();
    }

    /**
     * The STATUS answer of 0.7.9: [belief hash, states hash, genesis state hash, peer key, consensus state hash].
     *
     * @return the five values in that order.
     */
    public AVector<ACell> status()
    {
        Stores.setCurrent(store);
        return Vectors.of(beliefHash(), statesHash(), genesisHash(), peerKey(), consensusStateHash());
    }

    /** @return the hash of this peer's signed Belief: STATUS [0]. */
    public Hash beliefHash()
    {
        return peer.getSignedBelief().getHash();
    }

    /** @return the hash of the vector of states from genesis to consensus: STATUS [1]. */
    public Hash statesHash()
    {
        return peer.getStates().getHash();
    }

    /** @return the hash of the genesis state, the network ID: STATUS [2]. */
    public Hash genesisHash()
    {
        return peer.getNetworkID();
    }

    /** @return this peer's public key: STATUS [3]. */
    public AccountKey peerKey()
    {
        return peer.getPeerKey();
    }

    /** @return the hash of the consensus state: STATUS [4]. */
    public Hash consensusStateHash()
    {
        return peer.getConsensusState().getHash();
    }

    /** @return the consensus state, which queries run on and sequences are checked against. */
    public State consensusState()
    {
        return peer.getConsensusState();
    }

    /** @return the number of blocks of this peer's Order in consensus. */
    public long consensusPoint()
    {
        return peer.getConsensusPoint();
    }

    /** @return the number of blocks of this peer's Order proposed for consensus. */
    public long proposalPoint()
    {
        return peer.getPeerOrder().getProposalPoint();
    }

    /**
     * The number of blocks in this peer's Order: while it exceeds {@link #consensusPoint()}, 0.7.9 rebroadcasts
     * its Belief at least every {@code Constants.MAX_REBROADCAST_DELAY} ms.
     *
     * @return the block count.
     */
    public long blockCount()
    {
        return peer.getPeerOrder().getBlockCount();
    }

    /** @return the transactions queued for the next block. */
    public int pendingTransactionCount()
    {
        return pendingTransactions.size();
    }

    /** @return the submitted transactions whose result is not reported yet. */
    public int awaitedResultCount()
    {
        return tokenByTransaction.size();
    }

    private boolean maybeProposeBlock(final long nowMillis)
    {
        // no minimum time between blocks: 0.7.9's Constants.MIN_BLOCK_TIME is 0
        if (pendingTransactions.isEmpty())
        {
            return false;
        }
        final Block block = Block.create(nowMillis, pendingTransactions);
        pendingTransactions.clear();
        peer = peer.proposeBlock(block);
        return true;
    }

    private boolean mergeOfferedBeliefs()
    {
        final Belief[] beliefs = new Belief[offeredBeliefs.size()];
        int i = 0;
        for (final SignedData<Belief> signed : offeredBeliefs.values())
        {
            beliefs[i++] = signed.getValue();
        }
        offeredBeliefs.clear();
        final Peer merged;
        try
        {
            merged = peer.mergeBeliefs(beliefs);
        }
        catch (final BadSignatureException | InvalidDataException ex)
        {
            throw new IllegalStateException("belief merge failed on data already checked", ex);
        }
        // as 0.7.9: only a change of Orders counts, and the merged peer is dropped without one
        if (merged.getBelief().getOrders().equals(peer.getBelief().getOrders()))
        {
            return false;
        }
        peer = merged;
        return true;
    }

    private void reportConsensus()
    {
        final long consensusPoint = peer.getConsensusPoint();
        for (long blockIndex = reportedConsensusPoint; blockIndex < consensusPoint; blockIndex++)
        {
            final AVector<SignedData<ATransaction>> transactions =
                peer.getPeerOrder().getBlock(blockIndex).getValue().getTransactions();
            final BlockResult blockResult = peer.getBlockResult(blockIndex);
            final long count = transactions.count();
            for (long j = 0; j < count; j++)
            {
                final long token = tokenByTransaction.removeKey(transactions.get(j).getHash());
                if (NO_TOKEN != token)
                {
                    resultHandler.onTransactionResult(token, blockResult.getResult(j));
                }
            }
        }
        reportedConsensusPoint = consensusPoint;
    }

    private void onNovelty(final Ref<ACell> ref)
    {
        // the store reports a cell again if a reference to it is not marked persisted, as in a block another peer's
        // Order brought in; and it reports the top cell too, last, which goes as the BELIEF message, not as DATA
        final Hash hash = ref.getHash();
        if (knownCells.add(hash) && !announcedTopHash.equals(hash))
        {
            announceHandler.onCell(ref.getValue());
        }
    }
}
