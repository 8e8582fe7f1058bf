package io.cellwire.bench.convex;

import convex.api.Convex;
import convex.core.Result;
import convex.core.crypto.AKeyPair;
import convex.core.data.ACell;
import convex.core.data.AccountKey;
import convex.core.data.Address;
import convex.core.data.SignedData;
import convex.core.data.prim.CVMLong;
import convex.core.init.Init;
import convex.core.lang.Reader;
import convex.core.transactions.ATransaction;
import convex.core.transactions.Invoke;
import io.cellwire.testing.ReferencePeer;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the two-peer tests ({@link TwoPeerNetworkTest}, {@link LinkCutTest}) ask of their network through 0.7.9
 * clients: the keys of the two genesis peers (A, ours, owning {@code #11}; B, the stock one), transactions of
 * {@code #11}, queries, and waits for a value or for both peers to agree on {@code #11}'s sequence. Called from the
 * test thread.
 */
final class TwoPeerClients
{
    /** How long a query or a wait may take. */
    static final long TIMEOUT_MS = 20_000;
    /** Pause between two looks at the network. */
    static final long POLL_MS = 20;
    static final Address GENESIS = Init.GENESIS_ADDRESS;
    static final AKeyPair KEY_A = AKeyPair.create(ReferencePeer.SEED_A);
    static final AKeyPair KEY_B = AKeyPair.create(ReferencePeer.SEED_B);
    static final List<AccountKey> KEYS = List.of(KEY_A.getAccountKey(), KEY_B.getAccountKey());

    private TwoPeerClients()
    {
    }

    /** Closes each client that was opened; null for one that was not. */
    static void close(final Convex... clients)
    {
        for (final Convex client : clients)
        {
            if (null != client)
            {
                client.close();
            }
        }
    }

    /** A transaction of {@code #11} signed with key A. */
    static SignedData<ATransaction> invoke(final long sequence, final String source)
    {
        return KEY_A.signData(Invoke.create(GENESIS, sequence, Reader.read(source)));
    }

    /** Runs a query as {@code #11}. */
    static Result query(final Convex client, final String source) throws Exception
    {
        return client.querySync(Reader.read(source), GENESIS, TIMEOUT_MS);
    }

    /** Waits until a query gives the expected value. */
    static void awaitValue(final Convex client, final String source, final ACell expected) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        Result result = query(client, source);
        while (!expected.equals(result.getValue()))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail(source + " is still " + result);
            }
            Thread.sleep(POLL_MS);
            result = query(client, source);
        }
    }

    /** The sequence of {@code #11} once both peers' consensus states agree on it. */
    static long agreedSequence(final Convex toOurs, final Convex toStock) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (true)
        {
            final ACell onOurs = query(toOurs, "(:sequence (account #11))").getValue();
            final ACell onStock = query(toStock, "(:sequence (account #11))").getValue();
            if (Objects.equals(onOurs, onStock))
            {
                return ((CVMLong)onOurs).longValue();
            }
            assertTrue(System.nanoTime() < deadlineNs, () -> "sequences differ: ours " + onOurs + ", stock " + onStock);
            Thread.sleep(POLL_MS);
        }
    }
}
