package io.cellwire.bench.convex;

import convex.api.Convex;
import convex.core.Belief;
import convex.core.ErrorCodes;
import convex.core.Result;
import convex.core.crypto.AKeyPair;
import convex.core.data.ACell;
import convex.core.data.AccountKey;
import convex.core.data.Address;
import convex.core.data.Blob;
import convex.core.data.Format;
import convex.core.data.Hash;
import convex.core.data.SignedData;
import convex.core.data.prim.CVMLong;
import convex.core.init.Init;
import convex.core.lang.Reader;
import convex.core.transactions.ATransaction;
import convex.core.transactions.Invoke;
import io.cellwire.testing.ReferencePeer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link CvmEngine} on the test thread: genesis, queries and STATUS as a stock 0.7.9 peer answers them, consensus
 * of one peer, and of two exchanging their Beliefs as encoded cells.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CvmEngineTest
{
    /** A block's timestamp: time is passed in, so no test waits for the clock. */
    private static final long NOW = 1_700_000_000_000L;
    private static final long CLIENT_TIMEOUT_MS = 10_000;
    /** Belief exchanges allowed to two peers before their consensus must have come. */
    private static final int MAX_EXCHANGES = 10;
    private static final Address GENESIS = Init.GENESIS_ADDRESS;
    private static final AKeyPair KEY_A = AKeyPair.create(ReferencePeer.SEED_A);
    private static final AKeyPair KEY_B = AKeyPair.create(ReferencePeer.SEED_B);
    private static final List<AccountKey> ONE_KEY = List.of(KEY_A.getAccountKey());
    private static final List<AccountKey> TWO_KEYS = List.of(KEY_A.getAccountKey(), KEY_B.getAccountKey());

    private static ReferencePeer reference;
    private static Convex client;

    private final List<Long> tokens = new ArrayList<>();
    private final List<Result> results = new ArrayList<>();

    @BeforeAll
    static void startReference() throws Exception
    {
        reference = ReferencePeer.start();
        client = Convex.connect(new InetSocketAddress("127.0.0.1", reference.port()), GENESIS, KEY_A);
    }

    @AfterAll
    static void stopReference()
    {
        if (null != client)
        {
            client.close();
        }
        if (null != reference)
        {
            reference.close();
        }
    }

    @Test
    void shouldHoldTheSameGenesisForTheSameKeys()
    {
        final CvmEngine a = new CvmEngine(ReferencePeer.SEED_A, TWO_KEYS, this::onResult);
        final CvmEngine b = new CvmEngine(ReferencePeer.SEED_B, TWO_KEYS, this::onResult);
        final CvmEngine alone = new CvmEngine(ReferencePeer.SEED_A, ONE_KEY, this::onResult);

        assertEquals(Init.createState(TWO_KEYS).getHash(), a.genesisHash());
        assertEquals(a.genesisHash(), b.genesisHash());
        assertEquals(a.consensusStateHash(), b.consensusStateHash());
        assertNotEquals(a.genesisHash(), alone.genesisHash());
        assertEquals(KEY_A.getAccountKey(), a.peerKey());
        assertEquals(KEY_B.getAccountKey(), b.peerKey());
    }

    @Test
    void shouldAddOneAndTwo()
    {
        final Result result = engineAlone().query(Reader.read("(+ 1 2)"), GENESIS);

        assertFalse(result.isError(), result::toString);
        assertEquals(CVMLong.create(3), result.getValue());
    }

    @Test
    void shouldReadTheGenesisAccountSequence()
    {
        final Result result = engineAlone().query(Reader.read("(:sequence (account #11))"), GENESIS);

        assertEquals(CVMLong.create(0), result.getValue());
        assertNull(result.getErrorCode());
    }

    @Test
    void shouldAnswerAnUndeclaredSymbolAsTheReferenceDoes() throws Exception
    {
        final ACell form = Reader.read("no-such-symbol");

        final Result expected = client.querySync(form, GENESIS, CLIENT_TIMEOUT_MS);
        final Result actual = engineAlone().query(form, GENESIS);

        assertEquals(ErrorCodes.UNDECLARED, expected.getErrorCode());
        assertEquals(expected, actual.withID(expected.getID()));
    }

    @Test
    void shouldAnswerStatusAsTheReferenceDoes() throws Exception
    {
        final Result expected = client.requestStatusSync(CLIENT_TIMEOUT_MS);
        final CvmEngine engine = engineAlone();

        assertNull(expected.getErrorCode());
        assertEquals(expected.getValue(), engine.status());
        assertEquals(engine.beliefHash(), engine.status().get(0));
        assertEquals(reference.genesis.getHash(), engine.status().get(2));
        assertEquals(engine.consensusStateHash(), engine.status().get(4));
    }

    @Test
    void shouldReachConsensusAloneAndReportTheTransactionResult()
    {
        final CvmEngine engine = engineAlone();
        assertTrue(engine.submit(invoke(KEY_A, 1, "(def x 42)"), 7));
        assertEquals(1, engine.pendingTransactionCount());

        assertTrue(engine.update(NOW));

        assertEquals(1, engine.consensusPoint());
        assertEquals(List.of(7L), tokens);
        assertEquals(CVMLong.create(42), results.get(0).getValue());
        assertNull(results.get(0).getErrorCode());
        assertEquals(CVMLong.create(0), results.get(0).getID(), "the index of the transaction in its block");
        assertEquals(0, engine.pendingTransactionCount());
        assertEquals(0, engine.awaitedResultCount());
        assertEquals(CVMLong.create(42), engine.query(Reader.read("x"), GENESIS).getValue());
        assertEquals(CVMLong.create(1), engine.query(Reader.read("(:sequence (account #11))"), GENESIS).getValue());
        assertFalse(engine.update(NOW + 1), "nothing to propose or merge");
    }

    @Test
    void shouldReportTheErrorOfATransactionWithAWrongSequence()
    {
        final CvmEngine engine = engineAlone();
        assertTrue(engine.submit(invoke(KEY_A, 5, "(def x 42)"), 9));

        assertTrue(engine.update(NOW));

        assertEquals(List.of(9L), tokens);
        assertEquals(ErrorCodes.SEQUENCE, results.get(0).getErrorCode());
        assertEquals(ErrorCodes.UNDECLARED, engine.query(Reader.read("x"), GENESIS).getErrorCode());
    }

    @Test
    void shouldNotQueueATransactionAwaitingItsResult()
    {
        final CvmEngine engine = engineAlone();
        final SignedData<ATransaction> transaction = invoke(KEY_A, 1, "(def x 42)");

        assertTrue(engine.submit(transaction, 1));
        assertFalse(engine.submit(transaction, 2));

        assertEquals(1, engine.pendingTransactionCount());
    }

    @Test
    void shouldAnnounceEachCellOnceAndChildrenFirst()
    {
        final CvmEngine engine = engineAlone();
        engine.submit(invoke(KEY_A, 1, "(def x 42)"), 1);
        engine.update(NOW);
        final List<ACell> first = new ArrayList<>();
        final SignedData<Belief> firstTop = engine.announceBelief(first::add);
        final List<ACell> again = new ArrayList<>();
        engine.announceBelief(again::add);
        engine.submit(invoke(KEY_A, 2, "(def y 43)"), 2);
        engine.update(NOW + 1);
        final List<ACell> second = new ArrayList<>();
        final SignedData<Belief> secondTop = engine.announceBelief(second::add);

        assertTrue(first.size() >= 2, "at least the signed transaction and the signed block: " + first);
        assertEquals(0, again.size(), "nothing new");
        assertTrue(second.size() >= 2, second::toString);
        final Set<Hash> firstHashes = hashes(first);
        for (final ACell cell : second)
        {
            assertFalse(firstHashes.contains(cell.getHash()), () -> "announced again: " + cell);
        }
        assertFalse(firstHashes.contains(firstTop.getHash()), "the top cell goes as BELIEF, not as DATA");
        assertEquals(engine.beliefHash(), secondTop.getHash());
        assertChildrenFirst(first, firstTop);
        assertChildrenFirst(second, secondTop);
    }

    @Test
    void shouldReachConsensusOfTwoPeersOverEncodedCells()
    {
        final CvmEngine a = new CvmEngine(ReferencePeer.SEED_A, TWO_KEYS, this::onResult);
        final List<Result> resultsOfB = new ArrayList<>();
        final CvmEngine b = new CvmEngine(ReferencePeer.SEED_B, TWO_KEYS, (token, result) -> resultsOfB.add(result));
        assertTrue(a.submit(invoke(KEY_A, 1, "(def x 42)"), 11));
        assertTrue(a.update(NOW));
        assertEquals(0, a.consensusPoint(), "half the stake is no consensus");
        assertEquals(1, a.blockCount());

        int exchanges = 0;
        while ((a.consensusPoint() < 1 || b.consensusPoint() < 1) && exchanges < MAX_EXCHANGES)
        {
            relay(a, b);
            b.update(NOW + exchanges);
            relay(b, a);
            a.update(NOW + exchanges);
            exchanges++;
        }

        assertEquals(1, a.consensusPoint(), "exchanges: " + exchanges);
        assertEquals(1, b.consensusPoint(), "exchanges: " + exchanges);
        assertEquals(List.of(11L), tokens);
        assertEquals(CVMLong.create(42), results.get(0).getValue());
        assertEquals(0, resultsOfB.size(), "submitted to A only");
        assertEquals(CVMLong.create(42), a.query(Reader.read("x"), GENESIS).getValue());
        assertEquals(CVMLong.create(42), b.query(Reader.read("x"), GENESIS).getValue());
        assertEquals(a.consensusStateHash(), b.consensusStateHash());
        assertEquals(a.statesHash(), b.statesHash());
    }

    @Test
    void shouldNameTheMissingCellOfABeliefReceivedBeforeItsData()
    {
        final CvmEngine a = new CvmEngine(ReferencePeer.SEED_A, TWO_KEYS, this::onResult);
        final CvmEngine b = new CvmEngine(ReferencePeer.SEED_B, TWO_KEYS, this::onResult);
        a.submit(invoke(KEY_A, 1, "(def x 42)"), 1);
        a.update(NOW);
        final List<ACell> novel = new ArrayList<>();
        final SignedData<Belief> top = a.announceBelief(novel::add);

        assertEquals(CvmEngine.MISSING_DATA, b.receiveBelief(wire(top)));

        assertTrue(hashes(novel).contains(b.missingHash()), () -> "not a novel cell: " + b.missingHash());
        assertEquals(novel.get(0), a.cell(novel.get(0).getHash()));
        assertNull(b.cell(novel.get(0).getHash()));
    }

    @Test
    void shouldAnnounceAClientsTransactionCellButNotAPeersOne()
    {
        final CvmEngine fromClient = engineAlone();
        final CvmEngine fromPeer = engineAlone();
        final SignedData<ATransaction> transaction = invoke(KEY_A, 1, "(def x 42)");
        assertEquals(CvmEngine.ACCEPTED, fromClient.receiveCell(wire(transaction), false));
        assertEquals(CvmEngine.ACCEPTED, fromPeer.receiveCell(wire(transaction), true));
        fromClient.submit(transaction, 1);
        fromPeer.submit(transaction, 1);
        fromClient.update(NOW);
        fromPeer.update(NOW);

        final List<ACell> clientNovelty = new ArrayList<>();
        fromClient.announceBelief(clientNovelty::add);
        final List<ACell> peerNovelty = new ArrayList<>();
        fromPeer.announceBelief(peerNovelty::add);

        assertTrue(hashes(clientNovelty).contains(transaction.getHash()), "a block's peers need the client's cell");
        assertFalse(hashes(peerNovelty).contains(transaction.getHash()), "the peer that sent it has it");
    }

    @Test
    void shouldRejectABadEncoding()
    {
        final CvmEngine engine = engineAlone();

        assertEquals(CvmEngine.BAD_FORMAT, engine.receiveCell(Blob.wrap(new byte[]{ (byte)0xff }), true));
        assertEquals(CvmEngine.BAD_FORMAT, engine.receiveBelief(Blob.wrap(new byte[]{ 0x11, 0x03 })));
    }

    private CvmEngine engineAlone()
    {
        return new CvmEngine(ReferencePeer.SEED_A, ONE_KEY, this::onResult);
    }

    private void onResult(final long token, final Result result)
    {
        tokens.add(token);
        results.add(result);
    }

    /** The network between two engines: every novel cell as DATA, then the Belief, each as bytes. */
    private static void relay(final CvmEngine from, final CvmEngine to)
    {
        final List<Blob> data = new ArrayList<>();
        final SignedData<Belief> top = from.announceBelief(cell -> data.add(wire(cell)));
        for (final Blob encoding : data)
        {
            assertEquals(CvmEngine.ACCEPTED, to.receiveCell(encoding, true), () -> "missing " + to.missingHash());
        }
        assertEquals(CvmEngine.ACCEPTED, to.receiveBelief(wire(top)), () -> "missing " + to.missingHash());
    }

    /** A fresh copy of a cell's encoding, as a receiver decodes it from a frame; each fits in one frame. */
    private static Blob wire(final ACell cell)
    {
        final byte[] bytes = cell.getEncoding().getBytes();
        assertTrue(bytes.length <= Format.LIMIT_ENCODING_LENGTH, () -> bytes.length + " bytes");
        return Blob.wrap(bytes.clone());
    }

    private static SignedData<ATransaction> invoke(final AKeyPair key, final long sequence, final String source)
    {
        return key.signData(Invoke.create(GENESIS, sequence, Reader.read(source)));
    }

    private static Set<Hash> hashes(final List<ACell> cells)
    {
        final Set<Hash> hashes = new HashSet<>();
        for (final ACell cell : cells)
        {
            hashes.add(cell.getHash());
        }
        return hashes;
    }

    /** Each announced cell's non-embedded children, if announced too, come before it; the top cell after all. */
    private static void assertChildrenFirst(final List<ACell> cells, final ACell top)
    {
        final Set<Hash> announced = hashes(cells);
        final Set<Hash> seen = new HashSet<>();
        final List<ACell> all = new ArrayList<>(cells);
        all.add(top);
        for (final ACell cell : all)
        {
            assertFalse(cell.isEmbedded(), cell::toString);
            for (final Hash child : nonEmbeddedDescendants(cell, new HashSet<>()))
            {
                if (announced.contains(child))
                {
                    assertTrue(seen.contains(child), () -> cell.getHash() + " before its child " + child);
                }
            }
            seen.add(cell.getHash());
        }
    }

    private static Set<Hash> nonEmbeddedDescendants(final ACell cell, final Set<Hash> into)
    {
        final int count = cell.getRefCount();
        for (int i = 0; i < count; i++)
        {
            final ACell child = cell.getRef(i).getValue();
            if (null != child)
            {
                if (!child.isEmbedded())
                {
                    into.add(child.getHash());
                }
                else
                {
                    nonEmbeddedDescendants(child, into);
                }
            }
        }
        return into;
    }
}
