package io.cellwire.client;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.ValueIdDigest;
import io.cellwire.codec.message.MessageType;
import io.cellwire.codec.message.MissingDataEncoder;
import io.cellwire.codec.message.QueryEncoder;
import io.cellwire.codec.message.StatusEncoder;
import io.cellwire.codec.message.TransactEncoder;
import io.cellwire.store.CellStore;
import io.cellwire.transport.OutboundConnection;
import io.cellwire.transport.Transport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes the client's frames and hands them to the transport: QUERY (a large form first as DATA, then by ref),
 * STATUS, TRANSACT (signed with the client's key, its cells as DATA first, as the reference sends them), MISSING_DATA
 * and DATA. Cells sent by ref go into the client's store too, so the peer's MISSING_DATA for them can be answered.
 * <p>
 * Owned by the client thread; nothing allocates after construction except inside BouncyCastle's signing.
 */
final class RequestWriter
{
    /** The form of a nudge query: nil. */
    private static final UnsafeBuffer NIL = new UnsafeBuffer(new byte[]{ CellDescriptor.TAG_NULL });

    private final Transport transport;
    private final OutboundConnection outbound;
    private final CellStore store;
    private final QueryEncoder queryEncoder = new QueryEncoder();
    private final TransactEncoder transactEncoder = new TransactEncoder();
    private final StatusEncoder statusEncoder = new StatusEncoder();
    private final MissingDataEncoder missingDataEncoder = new MissingDataEncoder();
    private final ValueIdDigest digest = new ValueIdDigest();
    private final Ed25519Signer signer = new Ed25519Signer();
    private final UnsafeBuffer frameBuffer = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
    private final UnsafeBuffer dataFrameBuffer = new UnsafeBuffer(new byte[FrameHeader.MAX_FRAME_SIZE]);
    private final UnsafeBuffer transactionBuffer = new UnsafeBuffer(new byte[CellDescriptor.MAX_FRAMED_CELL_LENGTH]);
    private final UnsafeBuffer signedBuffer = new UnsafeBuffer(new byte[CellDescriptor.MAX_FRAMED_CELL_LENGTH]);
    private final UnsafeBuffer publicKey = new UnsafeBuffer(new byte[CellDescriptor.PUBLIC_KEY_LENGTH]);
    private final UnsafeBuffer signature = new UnsafeBuffer(new byte[CellDescriptor.SIGNATURE_LENGTH]);
    private final UnsafeBuffer transactionId = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
    private final UnsafeBuffer signedId = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);

    RequestWriter(final Transport transport, final OutboundConnection outbound, final CellStore store,
        final byte[] keySeed)
    {
        this.transport = transport;
        this.outbound = outbound;
        this.store = store;
        if (keySeed != null)
        {
            signer.loadKey(new UnsafeBuffer(keySeed), 0);
            signer.publicKey(publicKey, 0);
        }
    }

    /** @return whether transactions can be signed. */
    boolean hasKey()
    {
        return signer.hasKey();
    }

    /** Sends QUERY {@code [id form address]}; a non-embedded form goes first as DATA. */
    long query(final long id, final DirectBuffer form, final int offset, final int length, final long address)
    {
        if (!CellWalker.isEmbedded(form.getByte(offset) & 0xff, length))
        {
            final long sent = data(form, offset, length);
            if (sent < 0)
            {
                return sent;
            }
            store.putTrusted(form, offset, length);
        }
        queryEncoder.wrapFrame(frameBuffer, 0).id(id).form(form, offset, length);
        if (address == MessageFields.NULL_ADDRESS)
        {
            queryEncoder.addressNil();
        }
        else
        {
            queryEncoder.address(address);
        }
        return send(QueryEncoder.TYPE, queryEncoder.finishFrame());
    }

    /** Sends STATUS {@code [id]}. */
    long status(final long id)
    {
        return send(StatusEncoder.TYPE, statusEncoder.wrapFrame(frameBuffer, 0).id(id).finishFrame());
    }

    /**
     * Signs a transaction over its value ID and sends it: DATA of the transaction when it is not embedded, then as
     * {@link #transactSigned} does.
     */
    long transact(final long id, final DirectBuffer transaction, final int offset, final int length)
    {
        digest.valueId(transaction, offset, length, transactionId, 0);
        signer.sign(transactionId, 0, signature, 0);
        int signedLength = CellEncoder.writeSignedDataHeader(signedBuffer, 0, publicKey, 0, signature, 0);
        if (CellWalker.isEmbedded(transaction.getByte(offset) & 0xff, length))
        {
            signedBuffer.putBytes(signedLength, transaction, offset, length);
            signedLength += length;
        }
        else
        {
            signedLength += MessageFields.putRef(signedBuffer, signedLength, transactionId, 0);
            final long sent = data(transaction, offset, length);
            if (sent < 0)
            {
                return sent;
            }
            store.putTrusted(transaction, offset, length);
        }
        return transactSigned(id, signedBuffer, 0, signedLength);
    }

    /**
     * Builds Invoke {@code d0 origin sequence command} in {@link #invokeBuffer()}.
     *
     * @return its length, or {@link Client#INVALID_REQUEST} when it would not fit a cell.
     */
    int buildInvoke(final long origin, final long sequence, final DirectBuffer command, final int offset,
        final int length)
    {
        final int headerLength = CellEncoder.writeInvokeHeader(transactionBuffer, 0, origin, sequence);
        if (headerLength < 0 || headerLength + length > transactionBuffer.capacity())
        {
            return (int)Client.INVALID_REQUEST;
        }
        transactionBuffer.putBytes(headerLength, command, offset, length);
        return headerLength + length;
    }

    /** @return where {@link #buildInvoke} writes. */
    DirectBuffer invokeBuffer()
    {
        return transactionBuffer;
    }

    /** Sends DATA of a SignedData, then TRANSACT {@code [id 20<its value ID>]}. */
    long transactSigned(final long id, final DirectBuffer signedData, final int offset, final int length)
    {
        final long sent = data(signedData, offset, length);
        if (sent < 0)
        {
            return sent;
        }
        store.putTrusted(signedData, offset, length);
        digest.valueId(signedData, offset, length, signedId, 0);
        return send(TransactEncoder.TYPE,
            transactEncoder.wrapFrame(frameBuffer, 0).id(id).transaction(signedId, 0).finishFrame());
    }

    /** Sends the nudge: an anonymous QUERY of nil with a (negative) ID of its own. */
    long nudge(final long id)
    {
        return send(QueryEncoder.TYPE,
            queryEncoder.wrapFrame(frameBuffer, 0).id(id).form(NIL, 0, 1).addressNil().finishFrame());
    }

    /** Sends MISSING_DATA for the value ID at {@code offset}. */
    long missingData(final DirectBuffer ids, final int offset)
    {
        return send(MissingDataEncoder.TYPE,
            missingDataEncoder.wrapFrame(frameBuffer, 0).valueId(ids, offset).finishFrame());
    }

    /** Sends one cell as DATA. */
    long data(final DirectBuffer cell, final int offset, final int length)
    {
        final int header = FrameHeader.write(dataFrameBuffer, 0, length + 1, MessageType.DATA);
        dataFrameBuffer.putBytes(header, cell, offset, length);
        return transport.send(outbound.connectionId(), MessageType.DATA, dataFrameBuffer, 0, header + length);
    }

    /** Forgets the signing key. */
    void close()
    {
        signer.clearKey();
    }

    private long send(final int type, final int frameLength)
    {
        if (frameLength < 0)
        {
            return Client.INVALID_REQUEST;
        }
        return transport.send(outbound.connectionId(), type, frameBuffer, 0, frameLength);
    }
}
