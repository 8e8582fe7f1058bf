package io.cellwire.node;

import convex.core.data.ACell;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.QueryEncoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.codec.message.TransactEncoder;
import io.cellwire.testing.TestCells;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Payloads the node protocol tests send as raw frames, and readers of what comes back. */
final class NodeFrames
{
    /** How long a peer end waits for the node's CHALLENGE. */
    private static final long CHALLENGE_WAIT_MS = 15_000;

    private NodeFrames()
    {
    }

    /** QUERY {@code [id 20<formId> nil]}: the form by ref. */
    static byte[] queryByRef(final long id, final byte[] formId)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final QueryEncoder encoder = new QueryEncoder().wrap(buffer, 0).id(id).formRef(new UnsafeBuffer(formId), 0)
            .addressNil();
        return slice(buffer.byteArray(), 0, encoder.encodedLength());
    }

    /** QUERY {@code [id (+ 1 2) nil]}. */
    static byte[] queryInline(final long id)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final QueryEncoder encoder = new QueryEncoder().wrap(buffer, 0).id(id)
            .form(TestCells.ONE_PLUS_TWO, 0, TestCells.ONE_PLUS_TWO.capacity()).addressNil();
        return slice(buffer.byteArray(), 0, encoder.encodedLength());
    }

    /** TRANSACT {@code [id 20<signedId>]}: the SignedData by ref, as the reference sends it. */
    static byte[] transactByRef(final long id, final byte[] signedId)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final TransactEncoder encoder = new TransactEncoder().wrap(buffer, 0).id(id)
            .transaction(new UnsafeBuffer(signedId), 0);
        return slice(buffer.byteArray(), 0, encoder.encodedLength());
    }

    /** The SignedData of Invoke(#11, sequence, command), signed by a seed's key. */
    static byte[] signedInvoke(final byte[] seed, final long sequence)
    {
        final UnsafeBuffer signed = new UnsafeBuffer(new byte[256]);
        final int length = TestCells.signedInvoke(seed, sequence, TestCells.DEF_X_1, signed);
        return slice(signed.byteArray(), 0, length);
    }

    /** The SignedData of Invoke(origin, sequence, (def x 1)), signed by a seed's key. */
    static byte[] signedInvoke(final byte[] seed, final long origin, final long sequence)
    {
        final UnsafeBuffer signed = new UnsafeBuffer(new byte[256]);
        final int length = TestCells.signedInvoke(seed, origin, sequence, TestCells.DEF_X_1, signed);
        return slice(signed.byteArray(), 0, length);
    }

    /** Decodes a RESULT frame's payload, checking it decodes whole. */
    static ResultDecoder result(final PeerSocket.Frame frame)
    {
        final ResultDecoder decoder = new ResultDecoder();
        assertEquals(frame.payload().length, decoder.wrap(frame.buffer(), 0, frame.payload().length));
        return decoder;
    }

    /** A RESULT's error code as the printer renders it, e.g. {@code :LOAD}. */
    static String errorName(final ResultDecoder result)
    {
        return TestCells.render(slice(bytes(result), result.errorOffset(), result.errorLength()));
    }

    /** A RESULT's value as the printer renders it. */
    static String valueText(final ResultDecoder result)
    {
        return TestCells.render(slice(bytes(result), result.valueOffset(), result.valueLength()));
    }

    /** A Blob cell of exactly {@code cellLength} bytes, never embedded above 140. */
    static byte[] blob(final int cellLength)
    {
        return blob(cellLength, 7);
    }

    /** A Blob cell of exactly {@code cellLength} bytes whose contents depend on {@code seed}. */
    static byte[] blob(final int cellLength, final int seed)
    {
        final UnsafeBuffer data = new UnsafeBuffer(new byte[cellLength]);
        for (int i = 0; i < cellLength; i++)
        {
            data.putByte(i, (byte)(i * seed));
        }
        final UnsafeBuffer cell = new UnsafeBuffer(new byte[cellLength + 8]);
        final int length = CellEncoder.writeBlob(cell, 0, data, 0, cellLength - 3);
        assertEquals(cellLength, length);
        return slice(cell.byteArray(), 0, length);
    }

    /** The value ID of an encoded cell. */
    static byte[] valueId(final byte[] cell)
    {
        final UnsafeBuffer id = new UnsafeBuffer(new byte[32]);
        new ValueIdDigest().valueId(new UnsafeBuffer(cell), 0, cell.length, id, 0);
        return id.byteArray();
    }

    /** The Hash cell {@code 31 20 <id>}: the payload of MISSING_DATA for {@code id}. */
    static byte[] hashCell(final byte[] id)
    {
        final byte[] cell = new byte[34];
        cell[0] = 0x31;
        cell[1] = 32;
        System.arraycopy(id, 0, cell, 2, 32);
        return cell;
    }

    /** A whole frame: the VLC length, the type byte and the cell. */
    static byte[] frame(final int type, final byte[] cell)
    {
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
        final int header = FrameHeader.write(frame, 0, cell.length + 1, type);
        frame.putBytes(header, cell);
        return slice(frame.byteArray(), 0, header + cell.length);
    }

    /** Writes a DATA frame for every non-embedded cell of a tree, children first, as a peer sends a value's cells. */
    static void writeTree(final OutputStream out, final ACell cell) throws IOException
    {
        for (int i = 0; i < cell.getRefCount(); i++)
        {
            final ACell child = cell.getRef(i).getValue();
            if (child != null && !child.isEmbedded())
            {
                writeTree(out, child);
            }
        }
        if (!cell.isEmbedded())
        {
            out.write(frame(MessageType.DATA, cell.getEncoding().getBytes()));
        }
    }

    /** Sends every non-embedded cell of a tree as DATA, children first, in one write. */
    static void sendTree(final PeerSocket socket, final ACell cell) throws IOException
    {
        final ByteArrayOutputStream frames = new ByteArrayOutputStream();
        writeTree(frames, cell);
        socket.sendRaw(frames.toByteArray());
    }

    /** {@code length} bytes of {@code bytes} from {@code from}. */
    static byte[] slice(final byte[] bytes, final int from, final int length)
    {
        return Arrays.copyOfRange(bytes, from, from + length);
    }

    /**
     * Plays the peer end of a node's link: takes the node's CHALLENGE and answers it as {@code responder} signs.
     *
     * @param socket    the connection the node's link made.
     * @param responder the handshake of the key the answer is signed with.
     * @param networkId the node's network ID.
     */
    static void answerChallenge(final PeerSocket socket, final Handshake responder, final byte[] networkId)
        throws IOException
    {
        final byte[] challenge = socket.receive(MessageType.CHALLENGE, CHALLENGE_WAIT_MS).payload();
        final UnsafeBuffer hashes = new UnsafeBuffer(new byte[128]);
        hashes.putBytes(0, challenge, Handshake.itemOffset(97, Handshake.TOKEN), 32);
        hashes.putBytes(32, networkId);
        hashes.putBytes(64, challenge, 1, 32);
        hashes.putBytes(96, valueId(challenge));
        final UnsafeBuffer frame = new UnsafeBuffer(new byte[512]);
        final int length = responder.writeResponse(frame, hashes);
        socket.send(MessageType.RESPONSE, frame, 3, length - 3);
    }

    private static byte[] bytes(final ResultDecoder result)
    {
        final byte[] bytes = new byte[result.buffer().capacity()];
        result.buffer().getBytes(0, bytes);
        return bytes;
    }
}
