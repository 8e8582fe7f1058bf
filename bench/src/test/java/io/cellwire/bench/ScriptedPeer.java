package io.cellwire.bench;

import io.cellwire.bench.transport.NioResponder;
import io.cellwire.bench.transport.QueryAnswer;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.ResultEncoder;
import io.cellwire.transport.IdleStrategies;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback peer for the load generator's tests that answers each QUERY of {@code (+ 1 2)} as a script says, the
 * script repeated: with {@link Reply#CORRECT} 3, as a CVM peer computes it; with {@link Reply#WRONG} 4; with
 * {@link Reply#LOAD_ERROR} an error RESULT {@code :LOAD}. It counts the replies of each kind it wrote. A client's
 * nudge (a QUERY with a negative ID) is answered with nil, not counted and takes no step of the script; other frames
 * are ignored. One {@link NioResponder} loop: one connection at a time.
 * <p>
 * Runs on the responder's thread, which owns the codecs and the script; the counters are read from any thread.
 */
public final class ScriptedPeer extends QueryAnswer
{
    /** What one QUERY is answered with. */
    public enum Reply
    {
        /** The value {@code (+ 1 2)} has: the Long 3. */
        CORRECT,
        /** A value {@code (+ 1 2)} never has: the Long 4. */
        WRONG,
        /** An error RESULT: nil value, error code {@code :LOAD}. */
        LOAD_ERROR
    }

    /** The Long 3, the right answer. */
    public static final String THREE_HEX = "0903";
    /** The Long 4, the wrong one. */
    public static final String FOUR_HEX = "0904";

    private final Reply[] script;
    private final UnsafeBuffer three = new UnsafeBuffer(BitUtil.fromHex(THREE_HEX));
    private final UnsafeBuffer four = new UnsafeBuffer(BitUtil.fromHex(FOUR_HEX));
    private final UnsafeBuffer nil = new UnsafeBuffer(new byte[1]);
    private final UnsafeBuffer load = new UnsafeBuffer(new byte[16]);
    private final int loadLength;
    private final AtomicLong[] replies = new AtomicLong[Reply.values().length];
    private NioResponder responder;
    private long step;

    private ScriptedPeer(final Reply[] script)
    {
        this.script = script.clone();
        CellEncoder.writeNil(nil, 0);
        loadLength = CellEncoder.writeKeyword(load, 0, "LOAD");
        for (int i = 0; i < replies.length; i++)
        {
            replies[i] = new AtomicLong();
        }
    }

    /**
     * Listens on a free loopback port and starts answering.
     *
     * @param script the replies in turn, then again from the first.
     * @return the running peer; {@link #close()} stops it.
     */
    public static ScriptedPeer start(final Reply... script)
    {
        final ScriptedPeer peer = new ScriptedPeer(script);
        peer.responder = NioResponder.start("scripted-peer", peer, IdleStrategies.of(IdleStrategies.BACKOFF));
        return peer;
    }

    /** @return where the load generator connects, {@code 127.0.0.1:PORT}. */
    public String endpoint()
    {
        return responder.endpoint();
    }

    /**
     * Replies of one kind written so far.
     *
     * @param kind the kind.
     * @return how many.
     */
    public long replies(final Reply kind)
    {
        return replies[kind.ordinal()].get();
    }

    /** @return replies of every kind written so far, nudges not counted. */
    public long replies()
    {
        long all = 0;
        for (final AtomicLong count : replies)
        {
            all += count.get();
        }
        return all;
    }

    /** Stops the responder's thread; throws if its loop failed. */
    public void close()
    {
        responder.close();
    }

    @Override
    protected int answer(final QueryDecoder query, final ResultEncoder result)
    {
        if (query.id() < 0)
        {
            return result.value(nil, 0, nil.capacity()).errorNil().infoNil().finishFrame();
        }
        final Reply kind = script[(int)(step++ % script.length)];
        switch (kind)
        {
            case CORRECT:
                result.value(three, 0, three.capacity()).errorNil();
                break;
            case WRONG:
                result.value(four, 0, four.capacity()).errorNil();
                break;
            default:
                result.value(nil, 0, nil.capacity()).error(load, 0, loadLength);
                break;
        }
        replies[kind.ordinal()].incrementAndGet();
        return result.infoNil().finishFrame();
    }
}
