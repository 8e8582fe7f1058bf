package io.cellwire.testing;

import io.cellwire.codec.CellEncoder;
import io.cellwire.codec.CellPrinter;
import io.cellwire.codec.Ed25519Signer;
import io.cellwire.codec.ValueIdDigest;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Cells and transactions the tests send, with the checks and renderings they share. */
public final class TestCells
{
    /** The genesis user account {@code #11}, which the reference's test genesis gives the first key. */
    private static final long GENESIS = ReferencePeer.genesisAddress();

    private TestCells()
    {
    }

    /** {@code (+ 1 2)}: a List, stored reversed, with {@code +} a Symbol (docs/wire-format.md §5.4). */
    public static final DirectBuffer ONE_PLUS_TWO = hex("8103" + "0902" + "0901" + "32012b");
    /** {@code (def x 1)}. */
    public static final DirectBuffer DEF_X_1 = hex("8103" + "0901" + "320178" + "3203646566");
    /** The Symbol {@code *sequence*}: the origin account's last used sequence number. */
    public static final DirectBuffer SEQUENCE = hex("320a" + "2a73657175656e63652a");
    /** The Symbol {@code x}. */
    public static final DirectBuffer X = hex("320178");

    /** Encodes Invoke(#11, sequence, command) signed with a seed's key: a SignedData with the transaction inline. */
    public static int signedInvoke(
        final byte[] seed, final long sequence, final DirectBuffer command, final UnsafeBuffer out)
    {
        return signedInvoke(seed, GENESIS, sequence, command, out);
    }

    /** Encodes Invoke(origin, sequence, command) signed with a seed's key: a SignedData with the transaction inline. */
    public static int signedInvoke(
        final byte[] seed, final long origin, final long sequence, final DirectBuffer command, final UnsafeBuffer out)
    {
        final UnsafeBuffer tx = new UnsafeBuffer(new byte[128]);
        final int header = CellEncoder.writeInvokeHeader(tx, 0, origin, sequence);
        tx.putBytes(header, command, 0, command.capacity());
        final int txLength = header + command.capacity();
        final Ed25519Signer signer = new Ed25519Signer();
        signer.loadKey(new UnsafeBuffer(seed), 0);
        final UnsafeBuffer key = new UnsafeBuffer(new byte[32]);
        final UnsafeBuffer signature = new UnsafeBuffer(new byte[64]);
        signer.publicKey(key, 0);
        final UnsafeBuffer id = new UnsafeBuffer(new byte[32]);
        new ValueIdDigest().valueId(tx, 0, txLength, id, 0);
        signer.sign(id, 0, signature, 0);
        final int at = CellEncoder.writeSignedDataHeader(out, 0, key, 0, signature, 0);
        out.putBytes(at, tx, 0, txLength);
        return at + txLength;
    }

    public static void assertSuccess(final ResultCollector.Outcome outcome)
    {
        assertFalse(outcome.timedOut(), "request " + outcome.id() + " timed out");
        assertNull(outcome.error(), "error, value: " + ResultCollector.hex(outcome.value()));
    }

    public static String render(final byte[] cell)
    {
        return new CellPrinter().print(new UnsafeBuffer(cell), 0, cell.length, new StringBuilder()).toString();
    }

    public static UnsafeBuffer hex(final String hex)
    {
        return new UnsafeBuffer(BitUtil.fromHex(hex));
    }
}
