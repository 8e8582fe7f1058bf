package io.cellwire.node;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.message.ChallengeDecoder;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.ResponseDecoder;
import io.cellwire.codec.message.StatusEncoder;
import io.cellwire.transport.Connection;
import io.cellwire.transport.LaneSession;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;

import java.security.SecureRandom;

/**
 * The trust handshake of one lane (docs/wire-format.md §8.1, the reference's {@code ChallengeRequest}): checks each
 * CHALLENGE addressed to this node on its network and prepares its RESPONSE, which the verifier stage verifies and
 * signs, so a peer sending CHALLENGEs costs the lane no signature work. On lane 0, which gets every outbound
 * connection, looks after the node's {@link PeerLink}s: a CHALLENGE after each connect (again after {@code
 * challengeTimeoutNs} without an answer), trust once the RESPONSE carries the token, the network, this node's key and
 * the challenge's hash, signed by the expected key; a RESPONSE that does not match closes the connection. A quiet link
 * gets a STATUS keepalive with a negative ID every {@code linkKeepaliveNs}; a link that has read nothing for {@code
 * linkTimeoutNs} is closed, so the transport reconnects it and it is challenged again. The link side signs its
 * CHALLENGE and verifies the RESPONSE on lane 0: once per connect of a link this node made, and an unsolicited or
 * second RESPONSE closes the connection before any verification, so no peer can multiply that work.
 * <p>
 * Owned by its lane's thread, as are the links it has adopted; new links arrive through a many-to-one queue.
 */
final class TrustKeeper
{
    private static final int HASH = CellDescriptor.VALUE_ID_LENGTH;
    private static final int TOKEN_SOURCE_LENGTH = 120;
    private static final int LINK_LIMIT = 64;

    private final LaneSession laneSession;
    private final Handshake handshake;
    private final NodeCounters counters;
    private final ManyToOneConcurrentArrayQueue<PeerLink> newLinks;
    private final long challengeTimeoutNs;
    private final long linkKeepaliveNs;
    private final long linkTimeoutNs;
    private final StatusEncoder statusEncoder = new StatusEncoder();
    private final UnsafeBuffer networkId = new UnsafeBuffer(new byte[HASH]);
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
    private final UnsafeBuffer hashes = new UnsafeBuffer(new byte[Handshake.RESPONSE_ITEMS * HASH]);
    private final byte[] tokenSource = new byte[TOKEN_SOURCE_LENGTH];
    private final UnsafeBuffer tokenSourceBuffer = new UnsafeBuffer(tokenSource);
    private final PeerLink[] links = new PeerLink[LINK_LIMIT];
    private SecureRandom random;
    private int linkCount;
    private long nextKeepaliveId = -1;
    private long nowNs;

    TrustKeeper(
        final LaneSession laneSession,
        final Handshake handshake,
        final NodeCounters counters,
        final ManyToOneConcurrentArrayQueue<PeerLink> newLinks,
        final Node.Context context)
    {
        this.laneSession = laneSession;
        this.handshake = handshake;
        this.counters = counters;
        this.newLinks = newLinks;
        challengeTimeoutNs = context.challengeTimeoutNs();
        linkKeepaliveNs = context.linkKeepaliveNs();
        linkTimeoutNs = context.linkTimeoutNs();
        networkId.putBytes(0, context.networkId());
    }

    /**
     * Checks what is cheap about a CHALLENGE (an inline vector of three hashes, addressed to this node on its
     * network) and lays out the hashes its RESPONSE signs; the signature is verified, and the RESPONSE signed, on the
     * verifier stage. Counts a CHALLENGE that fails here.
     *
     * @return true if the CHALLENGE goes on to the stage, with {@link #responseHashes()} filled.
     */
    boolean prepareResponse(final ChallengeDecoder challenge)
    {
        final DirectBuffer buffer = challenge.buffer();
        final int value = challenge.challengeValueOffset();
        if (!Handshake.isHashVector(buffer, value, challenge.challengeValueLength(), challenge.challengeValueIsRef(),
            Handshake.CHALLENGE_ITEMS) ||
            !Handshake.equal32(buffer, Handshake.itemOffset(value, Handshake.NETWORK), networkId, 0) ||
            !Handshake.equal32(buffer, Handshake.itemOffset(value, Handshake.KEY), handshake.publicKey(), 0))
        {
            counters.challengesRejected.increment();
            return false;
        }
        hashes.putBytes(Handshake.TOKEN * HASH, buffer, Handshake.itemOffset(value, Handshake.TOKEN), HASH);
        hashes.putBytes(Handshake.NETWORK * HASH, networkId, 0, HASH);
        hashes.putBytes(Handshake.KEY * HASH, buffer, challenge.challengeKeyOffset(), HASH);
        handshake.valueId(buffer, challenge.challengeOffset(), challenge.challengeLength(), hashes,
            Handshake.CHALLENGE_HASH * HASH);
        return true;
    }

    /**
     * The hashes {@link #prepareResponse} laid out: token, network ID, challenger key, challenge hash.
     *
     * @return the buffer, {@link Handshake#RESPONSE_HASHES_LENGTH} bytes.
     */
    DirectBuffer responseHashes()
    {
        return hashes;
    }

    /** Trusts the link the RESPONSE answers if it matches its CHALLENGE in every part; else closes the connection. */
    void onResponse(final ResponseDecoder response, final long connectionId)
    {
        final PeerLink link = awaitingLink(connectionId);
        final DirectBuffer buffer = response.buffer();
        final int value = response.responseValueOffset();
        if (link == null ||
            !Handshake.isHashVector(buffer, value, response.responseValueLength(), response.responseValueIsRef(),
            Handshake.RESPONSE_ITEMS) ||
            !Handshake.equal32(buffer, Handshake.itemOffset(value, Handshake.TOKEN), link.token, 0) ||
            !Handshake.equal32(buffer, Handshake.itemOffset(value, Handshake.NETWORK), networkId, 0) ||
            !Handshake.equal32(buffer, Handshake.itemOffset(value, Handshake.KEY), handshake.publicKey(), 0) ||
            !Handshake.equal32(buffer, Handshake.itemOffset(value, Handshake.CHALLENGE_HASH), link.challengeHash, 0) ||
            !Handshake.equal32(buffer, response.responseKeyOffset(), link.expectedKey, 0) ||
            !handshake.verify(buffer, response.responseOffset(), response.responseLength()))
        {
            counters.responsesRejected.increment();
            laneSession.close(connectionId);
            return;
        }
        link.awaitingResponse = false;
        final Connection connection = laneSession.connection(connectionId);
        if (connection != null)
        {
            connection.prioritize();
            link.trusted = true;
            counters.responsesAccepted.increment();
        }
    }

    /**
     * Lane 0's duty: adopts new links, challenges each newly connected one (again after a timeout), keeps quiet links
     * alive and closes silent ones.
     *
     * @param nowNs the lane's clock.
     * @return the work done.
     */
    int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        int work = 0;
        PeerLink link;
        while (linkCount < links.length && (link = newLinks.poll()) != null)
        {
            links[linkCount++] = link;
            work++;
        }
        for (int i = 0; i < linkCount; i++)
        {
            link = links[i];
            if (link.outbound.isClosed())
            {
                links[i] = links[--linkCount];
                links[linkCount] = null;
                i--;
                continue;
            }
            final long connectionId = link.outbound.connectionId();
            final Connection connection = laneSession.connection(connectionId);
            if (connection == null || connection.state() != Connection.ACTIVE)
            {
                link.trusted = false;
                continue;
            }
            if (nowNs - connection.lastReadNs() > linkTimeoutNs)
            {
                link.trusted = false;
                connection.requestClose();
                counters.linksTimedOut.increment();
                continue;
            }
            if (connectionId != link.challengedConnectionId ||
                link.awaitingResponse && nowNs - link.challengeSentNs > challengeTimeoutNs)
            {
                link.trusted = false;
                work += challenge(link, connectionId);
            }
            if (nowNs - connection.lastReadNs() >= linkKeepaliveNs && nowNs - link.keepaliveSentNs >= linkKeepaliveNs)
            {
                work += keepalive(link, connectionId);
            }
        }
        return work;
    }

    private int challenge(final PeerLink link, final long connectionId)
    {
        if (random == null)
        {
            random = new SecureRandom();
        }
        random.nextBytes(tokenSource);
        handshake.valueId(tokenSourceBuffer, 0, TOKEN_SOURCE_LENGTH, link.token, 0);
        hashes.putBytes(Handshake.TOKEN * HASH, link.token, 0, HASH);
        hashes.putBytes(Handshake.NETWORK * HASH, networkId, 0, HASH);
        hashes.putBytes(Handshake.KEY * HASH, link.expectedKey, 0, HASH);
        final int length = handshake.writeChallenge(frame, hashes, link.challengeHash);
        if (laneSession.send(connectionId, MessageType.CHALLENGE, frame, 0, length) < 0)
        {
            return 0;
        }
        link.challengedConnectionId = connectionId;
        link.challengeSentNs = nowNs;
        link.awaitingResponse = true;
        counters.challengesSent.increment();
        return 1;
    }

    /**
     * Sends a STATUS with a negative ID on a quiet link: the peer's answer keeps bytes flowing, so a link whose peer or
     * path died is found by the link timeout instead of waiting for TCP; the answer is counted as ignored.
     */
    private int keepalive(final PeerLink link, final long connectionId)
    {
        link.keepaliveSentNs = nowNs;
        final int length = statusEncoder.wrapFrame(frame, 0).id(nextKeepaliveId).finishFrame();
        if (laneSession.send(connectionId, MessageType.STATUS, frame, 0, length) < 0)
        {
            return 0;
        }
        nextKeepaliveId--;
        counters.keepalivesSent.increment();
        return 1;
    }

    private PeerLink awaitingLink(final long connectionId)
    {
        for (int i = 0; i < linkCount; i++)
        {
            final PeerLink link = links[i];
            if (link.awaitingResponse && link.challengedConnectionId == connectionId)
            {
                return link;
            }
        }
        return null;
    }
}
