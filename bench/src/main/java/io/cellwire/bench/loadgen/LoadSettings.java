package io.cellwire.bench.loadgen;

import java.io.File;
import java.util.Locale;

/**
 * What a load run does: the target, the request type, open or closed loop, how long, and the signing key. Built by
 * {@link LoadgenCommand} from the command line, or by the {@code demo} and {@code report} commands, which check their
 * own values; immutable.
 */
public final class LoadSettings
{
    /** Request type: QUERY of the form. */
    public static final int QUERY = 0;
    /** Request type: STATUS. */
    public static final int STATUS = 1;
    /** Request type: TRANSACT of an Invoke of the command. */
    public static final int TRANSACT = 2;
    /** Request type: {@link #MIX_PERIOD}-request cycles of queries with one STATUS and one TRANSACT. */
    public static final int MIX = 3;
    /** Names of the types, by type. */
    static final String[] TYPE_NAMES = { "query", "status", "transact", "mix" };

    /** Requests in one cycle of the mix: 8 QUERY, 1 STATUS, 1 TRANSACT, so 80% / 10% / 10%. */
    static final int MIX_PERIOD = 10;
    /** Position of the STATUS in each mix cycle. */
    static final int MIX_STATUS_SLOT = 0;
    /** Position of the TRANSACT in each mix cycle, half a cycle after the STATUS. */
    static final int MIX_TRANSACT_SLOT = MIX_PERIOD / 2;

    final String target;
    final int type;
    final int connections;
    final long rate;
    final int window;
    final long durationNs;
    final long warmupNs;
    final int paddedSize;
    final byte[] keySeed;
    final long origin;
    final long timeoutNs;
    final String idle;
    final File hlog;
    final boolean echoPeer;

    /**
     * @param target      {@code host:port} of the peer.
     * @param type        {@link #QUERY}, {@link #STATUS}, {@link #TRANSACT} or {@link #MIX}.
     * @param connections clients, one connection each.
     * @param rate        requests per second in all (open loop), or 0 for a closed loop.
     * @param window      requests in flight per connection in a closed loop.
     * @param durationNs  measured time.
     * @param warmupNs    time run before, not recorded.
     * @param paddedSize  encoded size of a Blob form queried instead of {@code (+ 1 2)}, or 0.
     * @param keySeed     32-byte Ed25519 seed that transactions are signed with.
     * @param origin      account the transactions run as.
     * @param timeoutNs   request timeout.
     * @param idle        idle strategy alias of the loadgen thread.
     * @param hlog        HdrHistogram interval log to write, or null.
     * @param echoPeer    true when the peer is the demo node, which answers a QUERY with its form and a TRANSACT
     *                    with its sequence number, so that is what the answers are checked against.
     */
    public LoadSettings(
        final String target,
        final int type,
        final int connections,
        final long rate,
        final int window,
        final long durationNs,
        final long warmupNs,
        final int paddedSize,
        final byte[] keySeed,
        final long origin,
        final long timeoutNs,
        final String idle,
        final File hlog,
        final boolean echoPeer)
    {
        this.target = target;
        this.type = type;
        this.connections = connections;
        this.rate = rate;
        this.window = window;
        this.durationNs = durationNs;
        this.warmupNs = warmupNs;
        this.paddedSize = paddedSize;
        this.keySeed = keySeed.clone();
        this.origin = origin;
        this.timeoutNs = timeoutNs;
        this.idle = idle;
        this.hlog = hlog;
        this.echoPeer = echoPeer;
    }

    /** @return true for an open loop: requests on a fixed schedule of {@link #rate} per second. */
    boolean openLoop()
    {
        return rate > 0;
    }

    /** @return true when some requests are transactions, which need the origin's sequence number. */
    boolean transacts()
    {
        return type == TRANSACT || type == MIX;
    }

    /**
     * The type of the n-th request of the run.
     *
     * @param n 0, 1, 2… over all connections.
     * @return {@link #QUERY}, {@link #STATUS} or {@link #TRANSACT}.
     */
    int requestType(final long n)
    {
        if (type != MIX)
        {
            return type;
        }
        final int slot = (int)(n % MIX_PERIOD);
        if (slot == MIX_STATUS_SLOT)
        {
            return STATUS;
        }
        return slot == MIX_TRANSACT_SLOT ? TRANSACT : QUERY;
    }

    /** @return e.g. {@code query, closed loop (window 1), 1 connection}. */
    public String describe()
    {
        final String loop = openLoop() ?
            String.format(Locale.ROOT, "open loop (%d msgs/s)", rate) : "closed loop (window " + window + ")";
        final String plural = connections == 1 ? " connection" : " connections";
        return TYPE_NAMES[type] + ", " + loop + ", " + connections + plural;
    }
}
