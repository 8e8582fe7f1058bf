package io.cellwire.bench.jmh;

import convex.core.Result;
import convex.core.data.ACell;
import convex.core.data.AVector;
import convex.core.data.Address;
import convex.core.data.Blob;
import convex.core.data.Format;
import convex.core.data.Hash;
import convex.core.data.SignedData;
import convex.core.data.Vectors;
import convex.core.data.prim.CVMLong;
import convex.core.exceptions.BadFormatException;
import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.CellWalker;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.MessageFields;
import io.cellwire.codec.message.BeliefDecoder;
import io.cellwire.codec.message.BeliefEncoder;
import io.cellwire.codec.message.DataDecoder;
import io.cellwire.codec.message.DataEncoder;
import io.cellwire.codec.message.MissingDataDecoder;
import io.cellwire.codec.message.MissingDataEncoder;
import io.cellwire.codec.message.QueryDecoder;
import io.cellwire.codec.message.QueryEncoder;
import io.cellwire.codec.message.ResultDecoder;
import io.cellwire.codec.message.ResultEncoder;
import io.cellwire.codec.message.StatusDecoder;
import io.cellwire.codec.message.StatusEncoder;
import io.cellwire.codec.message.TransactDecoder;
import io.cellwire.codec.message.TransactEncoder;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.infra.Blackhole;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One golden frame of {@link #MESSAGES_RESOURCE} and the ways {@link MessageCodecBenchmark} codes it: our generated
 * decoder (its key hashes remembered or forgotten) and encoder, and the convex-core 0.7.9 reference reading and writing
 * the same payload. Each case holds the frame twice (a direct buffer for us, as a slot ring holds it, and a heap array
 * for the reference, as its receiver holds it), our decoder's walker, the field values both encoders need, and a
 * direct output buffer. Owned by one benchmark thread.
 */
abstract class MessageCase
{
    /** Resource with one frame per line: name, source, frame hex. */
    static final String MESSAGES_RESOURCE = "messages.tsv";
    /** The row whose DATA frame carries the SignedData that the TRANSACT row refers to. */
    static final String TRANSACT_SIGNED = "TRANSACT_SIGNED";

    /** The walker of this case's decoder, held to make it forget its key hashes for {@link #decodeCold}. */
    final CellWalker walker = new CellWalker();
    final byte[] frameBytes;
    final UnsafeBuffer frame;
    final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(FrameHeader.MAX_FRAME_SIZE));
    final int payloadOffset;
    final int payloadLength;

    MessageCase(final byte[] frameBytes)
    {
        this.frameBytes = frameBytes;
        frame = new UnsafeBuffer(ByteBuffer.allocateDirect(frameBytes.length));
        frame.putBytes(0, frameBytes);
        final int headerLength = FrameHeader.headerLength(frame, 0, frameBytes.length);
        if (headerLength < 0 || FrameHeader.frameLength(frame, 0, headerLength) != frameBytes.length - headerLength)
        {
            throw new IllegalStateException("bad frame header: " + BitUtil.toHex(frameBytes));
        }
        payloadOffset = headerLength + 1;
        payloadLength = frameBytes.length - payloadOffset;
    }

    /**
     * Our side: the generated decoder's {@code wrap} over the payload, then every field accessor into the blackhole.
     *
     * @param blackhole sink for the wrap result and the fields.
     */
    abstract void decode(Blackhole blackhole);

    /**
     * Our side as a walker meets a cell the first time: its remembered key hashes are forgotten, so every inline map
     * key and set element is hashed where first met, then {@link #decode}. The forgetting (a fill of 512 ints) is
     * counted in.
     *
     * @param blackhole sink for the wrap result and the fields.
     */
    final void decodeCold(final Blackhole blackhole)
    {
        walker.forgetKeyHashes();
        decode(blackhole);
    }

    /**
     * Our side: the generated encoder writes the whole frame into {@link #out}.
     *
     * @return the frame length.
     */
    abstract int encode();

    /**
     * The reference: {@code Format.read} of the payload as a Blob over the received array, then every field.
     *
     * @param blackhole sink for the fields.
     * @throws BadFormatException never for the golden frames.
     */
    abstract void referenceDecode(Blackhole blackhole) throws BadFormatException;

    /**
     * The reference: a fresh message object, as its sender builds one per message, and its encoding.
     *
     * @return the payload encoding.
     */
    abstract Blob referenceEncode();

    /**
     * Checks every side once before measuring: our decode accepts the payload, our encode rebuilds the exact frame,
     * the reference decodes it and re-encodes the exact payload.
     *
     * @param blackhole sink for the decoded fields.
     * @throws BadFormatException if the reference cannot read the payload.
     */
    void verify(final Blackhole blackhole) throws BadFormatException
    {
        final int frameLength = encode();
        final byte[] encoded = new byte[Math.max(frameLength, 0)];
        out.getBytes(0, encoded);
        if (!Arrays.equals(encoded, frameBytes))
        {
            throw new IllegalStateException(
                "our encode differs: " + BitUtil.toHex(encoded) + " != " + BitUtil.toHex(frameBytes));
        }
        decode(blackhole);
        referenceDecode(blackhole);
        final String payloadHex = BitUtil.toHex(frameBytes, payloadOffset, payloadLength);
        final String referenceHex = referenceEncode().toHexString();
        if (!referenceHex.equals(payloadHex))
        {
            throw new IllegalStateException("reference encode differs: " + referenceHex + " != " + payloadHex);
        }
    }

    /**
     * The payload as the reference's receiver wraps it, with no copy.
     *
     * @return a new Blob over {@link #frameBytes}.
     */
    final Blob payloadBlob()
    {
        return Blob.wrap(frameBytes, payloadOffset, payloadLength);
    }

    /**
     * The reference's value of this frame's payload, read once at set-up.
     *
     * @param <T> the expected cell type.
     * @return the decoded payload.
     * @throws BadFormatException if the reference cannot read it.
     */
    final <T extends ACell> T referenceValue() throws BadFormatException
    {
        return Format.read(payloadBlob());
    }

    /**
     * Creates the case for a row of {@link #MESSAGES_RESOURCE}.
     *
     * @param name the row name, e.g. QUERY or DATA_1844.
     * @return the case, not yet verified.
     * @throws IOException        if the resource cannot be read.
     * @throws BadFormatException if the reference cannot read a payload.
     */
    static MessageCase create(final String name) throws IOException, BadFormatException
    {
        initialiseReference();
        final byte[] bytes = load(name);
        switch (name)
        {
            case "QUERY":
            case "QUERY_ADDRESS":
                return new QueryCase(bytes);
            case "RESULT_OK":
            case "RESULT_ERROR":
                return new ResultCase(bytes);
            case "TRANSACT":
                return new TransactCase(bytes, load(TRANSACT_SIGNED));
            case "BELIEF":
                return new BeliefCase(bytes);
            case "STATUS":
                return new StatusCase(bytes);
            case "MISSING_DATA":
                return new MissingDataCase(bytes);
            case "DATA_1844":
                return new DataCase(bytes);
            default:
                throw new IllegalArgumentException("no message case " + name);
        }
    }

    /**
     * The frame bytes of a named row of {@link #MESSAGES_RESOURCE}.
     *
     * @param name the row name.
     * @return the whole frame: length header, type byte, payload.
     * @throws IOException if the resource cannot be read or has no such row.
     */
    static byte[] load(final String name) throws IOException
    {
        try (InputStream stream = MessageCase.class.getResourceAsStream(MESSAGES_RESOURCE))
        {
            if (stream == null)
            {
                throw new IOException("missing resource " + MESSAGES_RESOURCE);
            }
            final BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null)
            {
                final String[] fields = line.split("\t");
                if (fields[0].equals(name))
                {
                    return BitUtil.fromHex(fields[2]);
                }
            }
        }
        throw new IOException("no frame named " + name + " in " + MESSAGES_RESOURCE);
    }

    /**
     * Forces the reference's {@code Hash} initialisation before any reference hash is taken: in a fresh JVM its first
     * {@code getHash()} can return SHA3 of the empty input (docs/wire-format.md §2).
     */
    static void initialiseReference()
    {
        if (!Hash.NULL_HASH.toHexString().startsWith("5d53469f"))
        {
            throw new IllegalStateException("reference Hash not initialised: " + Hash.NULL_HASH);
        }
        CVMLong.create(1).getHash();
    }

    /**
     * QUERY {@code [id form address|nil]}; the reference sends it as {@code Vectors.of(id, form, address)}.
     */
    static final class QueryCase extends MessageCase
    {
        private final QueryDecoder decoder = new QueryDecoder(walker);
        private final QueryEncoder encoder = new QueryEncoder();
        private final long id;
        private final int formOffset;
        private final int formLength;
        private final long address;
        private final ACell referenceForm;
        private final Address referenceAddress;

        QueryCase(final byte[] frameBytes) throws BadFormatException
        {
            super(frameBytes);
            if (decoder.wrap(frame, payloadOffset, payloadLength) != payloadLength || decoder.formIsRef())
            {
                throw new IllegalStateException("QUERY does not decode");
            }
            id = decoder.id();
            formOffset = decoder.formOffset();
            formLength = decoder.formLength();
            address = decoder.address();
            final AVector<ACell> query = referenceValue();
            referenceForm = query.get(1);
            referenceAddress = (Address)query.get(2);
        }

        void decode(final Blackhole blackhole)
        {
            final QueryDecoder decoder = this.decoder;
            blackhole.consume(decoder.wrap(frame, payloadOffset, payloadLength));
            blackhole.consume(decoder.id());
            blackhole.consume(decoder.formOffset());
            blackhole.consume(decoder.formLength());
            blackhole.consume(decoder.formIsRef());
            blackhole.consume(decoder.address());
        }

        int encode()
        {
            final QueryEncoder encoder = this.encoder.wrapFrame(out, 0).id(id).form(frame, formOffset, formLength);
            if (address == MessageFields.NULL_ADDRESS)
            {
                encoder.addressNil();
            }
            else
            {
                encoder.address(address);
            }
            return encoder.finishFrame();
        }

        void referenceDecode(final Blackhole blackhole) throws BadFormatException
        {
            final AVector<ACell> query = Format.read(payloadBlob());
            blackhole.consume(((CVMLong)query.get(0)).longValue());
            blackhole.consume(query.get(1));
            final Address address = (Address)query.get(2);
            blackhole.consume(address == null ? MessageFields.NULL_ADDRESS : address.longValue());
        }

        Blob referenceEncode()
        {
            return Format.encodedBlob(Vectors.of(id, referenceForm, referenceAddress));
        }
    }

    /**
     * RESULT {@code Result{id value error info}} with a nil info; the reference sends {@code Result.create}.
     */
    static final class ResultCase extends MessageCase
    {
        private final ResultDecoder decoder = new ResultDecoder(walker);
        private final ResultEncoder encoder = new ResultEncoder();
        private final long id;
        private final int valueOffset;
        private final int valueLength;
        private final int errorOffset;
        private final int errorLength;
        private final ACell referenceValue;
        private final ACell referenceError;

        ResultCase(final byte[] frameBytes) throws BadFormatException
        {
            super(frameBytes);
            if (decoder.wrap(frame, payloadOffset, payloadLength) != payloadLength || decoder.valueIsRef() ||
                decoder.hasInfo())
            {
                throw new IllegalStateException("RESULT is not an inline result without info");
            }
            id = decoder.id();
            valueOffset = decoder.valueOffset();
            valueLength = decoder.valueLength();
            errorOffset = decoder.errorOffset();
            errorLength = decoder.errorLength();
            final Result result = referenceValue();
            referenceValue = result.getValue();
            referenceError = result.getErrorCode();
        }

        void decode(final Blackhole blackhole)
        {
            final ResultDecoder decoder = this.decoder;
            blackhole.consume(decoder.wrap(frame, payloadOffset, payloadLength));
            blackhole.consume(decoder.id());
            blackhole.consume(decoder.valueOffset());
            blackhole.consume(decoder.valueLength());
            blackhole.consume(decoder.valueIsRef());
            blackhole.consume(decoder.errorOffset());
            blackhole.consume(decoder.errorLength());
            blackhole.consume(decoder.infoOffset());
            blackhole.consume(decoder.infoLength());
            blackhole.consume(decoder.infoIsRef());
        }

        int encode()
        {
            final ResultEncoder encoder = this.encoder.wrapFrame(out, 0).id(id).value(frame, valueOffset, valueLength);
            if (errorLength == 0)
            {
                encoder.errorNil();
            }
            else
            {
                encoder.error(frame, errorOffset, errorLength);
            }
            return encoder.infoNil().finishFrame();
        }

        void referenceDecode(final Blackhole blackhole) throws BadFormatException
        {
            final Result result = Format.read(payloadBlob());
            blackhole.consume(((CVMLong)result.getID()).longValue());
            blackhole.consume(result.getValue());
            blackhole.consume(result.getErrorCode());
            blackhole.consume(result.getInfo());
        }

        Blob referenceEncode()
        {
            return Format.encodedBlob(Result.create(CVMLong.create(id), referenceValue, referenceError));
        }
    }

    /**
     * TRANSACT {@code [id ref]}; the reference sends {@code Vectors.of(id, signedData)} with the SignedData (and its
     * hash, computed once here) already known, as ours has its value ID.
     */
    static final class TransactCase extends MessageCase
    {
        private final TransactDecoder decoder = new TransactDecoder(walker);
        private final TransactEncoder encoder = new TransactEncoder();
        private final long id;
        private final int transactionOffset;
        private final SignedData<ACell> referenceTransaction;

        TransactCase(final byte[] frameBytes, final byte[] signedFrameBytes) throws BadFormatException
        {
            super(frameBytes);
            if (decoder.wrap(frame, payloadOffset, payloadLength) != payloadLength)
            {
                throw new IllegalStateException("TRANSACT does not decode");
            }
            id = decoder.id();
            transactionOffset = decoder.transactionOffset();
            final int signedOffset =
                FrameHeader.headerLength(new UnsafeBuffer(signedFrameBytes), 0, signedFrameBytes.length) + 1;
            referenceTransaction =
                Format.read(Blob.wrap(signedFrameBytes, signedOffset, signedFrameBytes.length - signedOffset));
            final String refHex = BitUtil.toHex(frameBytes, transactionOffset, CellDescriptor.VALUE_ID_LENGTH);
            if (!referenceTransaction.getHash().toHexString().equals(refHex))
            {
                throw new IllegalStateException("TRANSACT_SIGNED is not the SignedData that TRANSACT refers to");
            }
        }

        void decode(final Blackhole blackhole)
        {
            final TransactDecoder decoder = this.decoder;
            blackhole.consume(decoder.wrap(frame, payloadOffset, payloadLength));
            blackhole.consume(decoder.id());
            blackhole.consume(decoder.transactionOffset());
            blackhole.consume(decoder.transactionLength());
            blackhole.consume(decoder.refs().count());
        }

        int encode()
        {
            return encoder.wrapFrame(out, 0).id(id).transaction(frame, transactionOffset).finishFrame();
        }

        void referenceDecode(final Blackhole blackhole) throws BadFormatException
        {
            final AVector<ACell> transact = Format.read(payloadBlob());
            blackhole.consume(((CVMLong)transact.get(0)).longValue());
            blackhole.consume(transact.getRef(1).getHash());
        }

        Blob referenceEncode()
        {
            return Format.encodedBlob(Vectors.of(id, referenceTransaction));
        }
    }

    /**
     * BELIEF: a whole {@code SignedData<Belief>} whose Belief travels by ref; the reference builds a fresh SignedData
     * from the key, signature and value ref it already holds (no signing, which is not encoding).
     */
    static final class BeliefCase extends MessageCase
    {
        private final BeliefDecoder decoder = new BeliefDecoder(walker);
        private final BeliefEncoder encoder = new BeliefEncoder();
        private final int beliefOffset;
        private final int beliefLength;
        private final SignedData<ACell> referenceBelief;

        BeliefCase(final byte[] frameBytes) throws BadFormatException
        {
            super(frameBytes);
            if (decoder.wrap(frame, payloadOffset, payloadLength) != payloadLength)
            {
                throw new IllegalStateException("BELIEF does not decode");
            }
            beliefOffset = decoder.beliefOffset();
            beliefLength = decoder.beliefLength();
            referenceBelief = referenceValue();
        }

        void decode(final Blackhole blackhole)
        {
            final BeliefDecoder decoder = this.decoder;
            blackhole.consume(decoder.wrap(frame, payloadOffset, payloadLength));
            blackhole.consume(decoder.beliefOffset());
            blackhole.consume(decoder.beliefLength());
            blackhole.consume(decoder.beliefKeyOffset());
            blackhole.consume(decoder.beliefSignatureOffset());
            blackhole.consume(decoder.beliefValueOffset());
            blackhole.consume(decoder.beliefValueLength());
            blackhole.consume(decoder.beliefValueIsRef());
            blackhole.consume(decoder.refs().count());
        }

        int encode()
        {
            return encoder.wrapFrame(out, 0).belief(frame, beliefOffset, beliefLength).finishFrame();
        }

        void referenceDecode(final Blackhole blackhole) throws BadFormatException
        {
            final SignedData<ACell> belief = Format.read(payloadBlob());
            blackhole.consume(belief.getAccountKey());
            blackhole.consume(belief.getSignature());
            blackhole.consume(belief.getDataRef().getHash());
        }

        Blob referenceEncode()
        {
            final SignedData<ACell> belief = referenceBelief;
            return Format.encodedBlob(
                SignedData.create(belief.getAccountKey(), belief.getSignature(), belief.getDataRef()));
        }
    }

    /**
     * STATUS: a Long id. The reference's {@code CVMLong.create} returns a shared instance with a cached encoding for
     * 0…255, so its encode uses {@code new CVMLong(id)}: what a sender does once its id counter passes 255.
     */
    static final class StatusCase extends MessageCase
    {
        private final StatusDecoder decoder = new StatusDecoder(walker);
        private final StatusEncoder encoder = new StatusEncoder();
        private final long id;

        StatusCase(final byte[] frameBytes)
        {
            super(frameBytes);
            if (decoder.wrap(frame, payloadOffset, payloadLength) != payloadLength)
            {
                throw new IllegalStateException("STATUS does not decode");
            }
            id = decoder.id();
        }

        void decode(final Blackhole blackhole)
        {
            final StatusDecoder decoder = this.decoder;
            blackhole.consume(decoder.wrap(frame, payloadOffset, payloadLength));
            blackhole.consume(decoder.id());
        }

        int encode()
        {
            return encoder.wrapFrame(out, 0).id(id).finishFrame();
        }

        void referenceDecode(final Blackhole blackhole) throws BadFormatException
        {
            final CVMLong status = Format.read(payloadBlob());
            blackhole.consume(status.longValue());
        }

        Blob referenceEncode()
        {
            return Format.encodedBlob(new CVMLong(id));
        }
    }

    /**
     * MISSING_DATA: a 32-byte Blob; the reference sends a {@code Hash} wrapped over an ID it already holds.
     */
    static final class MissingDataCase extends MessageCase
    {
        private final MissingDataDecoder decoder = new MissingDataDecoder(walker);
        private final MissingDataEncoder encoder = new MissingDataEncoder();
        private final int valueIdOffset;
        private final byte[] referenceValueId = new byte[CellDescriptor.VALUE_ID_LENGTH];

        MissingDataCase(final byte[] frameBytes)
        {
            super(frameBytes);
            if (decoder.wrap(frame, payloadOffset, payloadLength) != payloadLength)
            {
                throw new IllegalStateException("MISSING_DATA does not decode");
            }
            valueIdOffset = decoder.valueIdOffset();
            frame.getBytes(valueIdOffset, referenceValueId);
        }

        void decode(final Blackhole blackhole)
        {
            final MissingDataDecoder decoder = this.decoder;
            blackhole.consume(decoder.wrap(frame, payloadOffset, payloadLength));
            blackhole.consume(decoder.valueIdOffset());
        }

        int encode()
        {
            return encoder.wrapFrame(out, 0).valueId(frame, valueIdOffset).finishFrame();
        }

        void referenceDecode(final Blackhole blackhole) throws BadFormatException
        {
            final Blob valueId = Format.read(payloadBlob());
            blackhole.consume(valueId);
        }

        Blob referenceEncode()
        {
            return Format.encodedBlob(Hash.wrap(referenceValueId));
        }
    }

    /**
     * DATA: one whole cell. The reference's cell caches its encoding, so its encode first clears that cache (the
     * embedded children are re-encoded from their objects in any case): a cell built since it was last encoded.
     */
    static final class DataCase extends MessageCase
    {
        private final DataDecoder decoder = new DataDecoder(walker);
        private final DataEncoder encoder = new DataEncoder();
        private final int cellOffset;
        private final int cellLength;
        private final ACell referenceCell;

        DataCase(final byte[] frameBytes) throws BadFormatException
        {
            super(frameBytes);
            if (decoder.wrap(frame, payloadOffset, payloadLength) != payloadLength || decoder.cellIsRef())
            {
                throw new IllegalStateException("DATA does not decode");
            }
            cellOffset = decoder.cellOffset();
            cellLength = decoder.cellLength();
            referenceCell = referenceValue();
        }

        void decode(final Blackhole blackhole)
        {
            final DataDecoder decoder = this.decoder;
            blackhole.consume(decoder.wrap(frame, payloadOffset, payloadLength));
            blackhole.consume(decoder.cellOffset());
            blackhole.consume(decoder.cellLength());
            blackhole.consume(decoder.cellIsRef());
            blackhole.consume(decoder.refs().count());
        }

        int encode()
        {
            return encoder.wrapFrame(out, 0).cell(frame, cellOffset, cellLength).finishFrame();
        }

        void referenceDecode(final Blackhole blackhole) throws BadFormatException
        {
            final ACell cell = Format.read(payloadBlob());
            blackhole.consume(cell);
            blackhole.consume(cell.getRefCount());
        }

        Blob referenceEncode()
        {
            final ACell cell = referenceCell;
            cell.attachEncoding(null);
            return Format.encodedBlob(cell);
        }
    }
}
