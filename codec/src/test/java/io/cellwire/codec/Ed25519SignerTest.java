package io.cellwire.codec;

import io.cellwire.codec.message.MessageType;
import convex.core.crypto.AKeyPair;
import convex.core.data.Hash;
import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.cellwire.codec.CellDescriptor.PUBLIC_KEY_LENGTH;
import static io.cellwire.codec.CellDescriptor.SIGNATURE_LENGTH;
import static io.cellwire.codec.CellDescriptor.SIGNED_DATA_HEADER_LENGTH;
import static io.cellwire.codec.CellDescriptor.TAG_SIGNED_DATA;
import static io.cellwire.codec.CellDescriptor.VALUE_ID_LENGTH;
import static io.cellwire.codec.Ed25519Signer.SEED_LENGTH;
import static io.cellwire.codec.Ed25519Signer.SIGNED_DATA_SIGNATURE_OFFSET;
import static io.cellwire.codec.Ed25519Signer.SIGNED_DATA_VALUE_OFFSET;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Ed25519SignerTest
{
    private static final int KEY_A = 1;
    private static final int KEY_B = 2;
    private static final int KEY_C = 3;

    private final Ed25519Signer signer = new Ed25519Signer();

    @BeforeEach
    void before()
    {
        Ed25519Signer.precompute();
    }

    static byte[] seed(final int last)
    {
        final byte[] seed = new byte[SEED_LENGTH];
        seed[SEED_LENGTH - 1] = (byte)last;
        return seed;
    }

    private byte[] publicKeyOf(final int last)
    {
        final UnsafeBuffer pk = new UnsafeBuffer(new byte[PUBLIC_KEY_LENGTH]);
        assertTrue(signer.derivePublicKey(new UnsafeBuffer(seed(last)), 0, pk, 0));
        return pk.byteArray();
    }

    private static String hex(final byte[] bytes)
    {
        return BitUtil.toHex(bytes);
    }

    @Test
    void shouldDeriveTheWireMdPublicKeysOfSeedsOneTwoThree()
    {
        final String a = hex(publicKeyOf(KEY_A));
        final String b = hex(publicKeyOf(KEY_B));
        final String c = hex(publicKeyOf(KEY_C));

        assertTrue(a.startsWith("4cb5abf6") && a.endsWith("ba29"), a);
        assertTrue(b.startsWith("7422b988") && b.endsWith("2674"), b);
        assertTrue(c.startsWith("f381626e") && c.endsWith("a54b"), c);
    }

    @Test
    void shouldDeriveTheSamePublicKeysAsTheReference()
    {
        for (int last = KEY_A; last <= KEY_C; last++)
        {
            final byte[] reference = AKeyPair.create(seed(last)).getAccountKey().getBytes();
            assertArrayEquals(reference, publicKeyOf(last), "seed ..0" + last);
        }
    }

    @Test
    void shouldExposeTheLoadedPublicKey()
    {
        final UnsafeBuffer pk = new UnsafeBuffer(new byte[PUBLIC_KEY_LENGTH]);
        assertFalse(signer.publicKey(pk, 0));

        assertTrue(signer.loadKey(new UnsafeBuffer(seed(KEY_B)), 0));

        assertTrue(signer.hasKey());
        assertTrue(signer.publicKey(pk, 0));
        assertArrayEquals(publicKeyOf(KEY_B), pk.byteArray());
    }

    @Test
    void shouldReproduceTheSignatureOfSignedInvoke()
    {
        final byte[] cell = Vectors.cell("signed.invoke").bytes();
        final UnsafeBuffer buffer = new UnsafeBuffer(cell);
        final UnsafeBuffer sig = new UnsafeBuffer(new byte[SIGNATURE_LENGTH]);
        signer.loadKey(new UnsafeBuffer(seed(KEY_A)), 0);

        assertTrue(signer.signValue(buffer, SIGNED_DATA_VALUE_OFFSET, cell.length - SIGNED_DATA_VALUE_OFFSET, sig, 0));

        assertArrayEquals(
            Arrays.copyOfRange(cell, SIGNED_DATA_SIGNATURE_OFFSET, SIGNED_DATA_VALUE_OFFSET), sig.byteArray());
    }

    @Test
    void shouldSignTheValueIdNamedInTheSignedInvokeNote()
    {
        final byte[] cell = Vectors.cell("signed.invoke").bytes();
        final byte[] valueId = new byte[VALUE_ID_LENGTH];
        new ValueIdDigest().valueId(
            new UnsafeBuffer(cell), SIGNED_DATA_VALUE_OFFSET, cell.length - SIGNED_DATA_VALUE_OFFSET, valueId, 0);
        final UnsafeBuffer sig = new UnsafeBuffer(new byte[SIGNATURE_LENGTH]);
        signer.loadKey(new UnsafeBuffer(seed(KEY_A)), 0);

        assertTrue(signer.sign(new UnsafeBuffer(valueId), 0, sig, 0));

        assertTrue(Vectors.cell("signed.invoke").note().contains("SHA3(tx encoding)=" + hex(valueId)));
        assertArrayEquals(
            Arrays.copyOfRange(cell, SIGNED_DATA_SIGNATURE_OFFSET, SIGNED_DATA_VALUE_OFFSET), sig.byteArray());
    }

    @Test
    void shouldSignLikeTheReference()
    {
        final byte[] valueId = new byte[VALUE_ID_LENGTH];
        final UnsafeBuffer sig = new UnsafeBuffer(new byte[SIGNATURE_LENGTH]);
        signer.loadKey(new UnsafeBuffer(seed(KEY_C)), 0);
        for (int i = 0; i < VALUE_ID_LENGTH; i++)
        {
            valueId[i] = (byte)(i * 7 + 3);
            assertTrue(signer.sign(new UnsafeBuffer(valueId), 0, sig, 0));

            final String reference = AKeyPair.create(seed(KEY_C)).sign(Hash.wrap(valueId.clone())).toHexString();
            assertEquals(reference, hex(sig.byteArray()), "value id " + hex(valueId));
        }
    }

    @Test
    void shouldVerifySignedInvoke()
    {
        final byte[] cell = Vectors.cell("signed.invoke").bytes();

        assertTrue(signer.verifySignedData(new UnsafeBuffer(cell), 0, cell.length));
    }

    @Test
    void shouldRejectSignedInvokeBadSig()
    {
        final byte[] cell = Vectors.cell("signed.invoke.badsig").bytes();

        assertFalse(signer.verifySignedData(new UnsafeBuffer(cell), 0, cell.length));
    }

    @Test
    void shouldVerifySignedBlob200WhoseValueIsByRef()
    {
        final byte[] cell = Vectors.cell("signed.blob200").bytes();
        assertEquals(CellDescriptor.TAG_REF, cell[SIGNED_DATA_VALUE_OFFSET] & 0xff);

        assertTrue(signer.verifySignedData(new UnsafeBuffer(cell), 0, cell.length));
    }

    @Test
    void shouldVerifySignedDataAtAnOffsetInsideALargerBuffer()
    {
        final byte[] cell = Vectors.cell("signed.invoke").bytes();
        final byte[] framed = new byte[cell.length + 10];
        System.arraycopy(cell, 0, framed, 7, cell.length);

        assertTrue(signer.verifySignedData(new UnsafeBuffer(framed), 7, cell.length));
        assertTrue(signer.verifySignedData(new UnsafeBuffer(framed, 7, cell.length), 0, cell.length));
    }

    @Test
    void shouldVerifyEverySignedDataPayloadOfTheChallengeResponseGoodbyeAndBeliefFrames()
    {
        int verified = 0;
        int typesSeen = 0;
        for (final Vectors.Cell row : Vectors.cells())
        {
            if (!row.name().matches("frame\\.(CHALLENGE|RESPONSE|GOODBYE|BELIEF)#?.*"))
            {
                continue;
            }
            final UnsafeBuffer frame = new UnsafeBuffer(row.bytes());
            final int headerLength = FrameHeader.headerLength(frame, 0, frame.capacity());
            assertTrue(headerLength > 0, row.name());
            final int frameLength = FrameHeader.frameLength(frame, 0, headerLength);
            assertEquals(frame.capacity(), headerLength + frameLength, row.name());
            final int payloadOffset = headerLength + 1;
            final int payloadLength = frameLength - 1;
            if ((frame.getByte(payloadOffset) & 0xff) != TAG_SIGNED_DATA)
            {
                continue;
            }

            assertTrue(signer.verifySignedData(frame, payloadOffset, payloadLength), row.name());
            verified++;
            typesSeen |= 1 << frame.getByte(headerLength);
        }
        assertEquals(10, verified);
        final int expectedTypes = 1 << MessageType.CHALLENGE | 1 << MessageType.RESPONSE | 1 << MessageType.BELIEF |
            1 << MessageType.GOODBYE | 1 << MessageType.DATA;
        assertEquals(expectedTypes, typesSeen);
    }

    @Test
    void shouldRejectEveryFlippedBitOfKeySignatureAndInlineValue()
    {
        final byte[] cell = Vectors.cell("signed.invoke").bytes();
        final UnsafeBuffer buffer = new UnsafeBuffer(cell);
        for (int i = 1; i < cell.length; i++)
        {
            for (int bit = 0; bit < Byte.SIZE; bit++)
            {
                cell[i] ^= (byte)(1 << bit);
                assertFalse(signer.verifySignedData(buffer, 0, cell.length), "byte " + i + " bit " + bit);
                cell[i] ^= (byte)(1 << bit);
            }
        }
        assertTrue(signer.verifySignedData(buffer, 0, cell.length));
    }

    @Test
    void shouldRejectEveryFlippedBitOfTheValueIdInARefSlot()
    {
        final byte[] cell = Vectors.cell("signed.blob200").bytes();
        final UnsafeBuffer buffer = new UnsafeBuffer(cell);
        for (int i = SIGNED_DATA_VALUE_OFFSET + 1; i < cell.length; i++)
        {
            for (int bit = 0; bit < Byte.SIZE; bit++)
            {
                cell[i] ^= (byte)(1 << bit);
                assertFalse(signer.verifySignedData(buffer, 0, cell.length), "byte " + i + " bit " + bit);
                cell[i] ^= (byte)(1 << bit);
            }
        }
    }

    @Test
    void shouldVerifyDetachedSignatureAndRejectFlippedBits()
    {
        final byte[] valueId = BitUtil.fromHex("167e59ff10b4735ea24522243c0a82ffec7a1b950e332d32b736191fdf8a4f49");
        final byte[] cell = Vectors.cell("signed.invoke").bytes();
        final byte[] key = Arrays.copyOfRange(cell, Ed25519Signer.SIGNED_DATA_KEY_OFFSET, SIGNED_DATA_SIGNATURE_OFFSET);
        final byte[] sig = Arrays.copyOfRange(cell, SIGNED_DATA_SIGNATURE_OFFSET, SIGNED_DATA_VALUE_OFFSET);
        final UnsafeBuffer k = new UnsafeBuffer(key);
        final UnsafeBuffer s = new UnsafeBuffer(sig);
        final UnsafeBuffer m = new UnsafeBuffer(valueId);
        assertTrue(signer.verify(k, 0, s, 0, m, 0));

        for (final byte[] field : new byte[][]{ key, sig, valueId })
        {
            for (int i = 0; i < field.length; i++)
            {
                for (int bit = 0; bit < Byte.SIZE; bit += 3)
                {
                    field[i] ^= (byte)(1 << bit);
                    assertFalse(signer.verify(k, 0, s, 0, m, 0), "byte " + i + " bit " + bit);
                    field[i] ^= (byte)(1 << bit);
                }
            }
        }
    }

    @Test
    void shouldRejectAValidSignatureUnderAnotherKey()
    {
        final byte[] cell = Vectors.cell("signed.invoke").bytes();
        System.arraycopy(publicKeyOf(KEY_B), 0, cell, Ed25519Signer.SIGNED_DATA_KEY_OFFSET, PUBLIC_KEY_LENGTH);

        assertFalse(signer.verifySignedData(new UnsafeBuffer(cell), 0, cell.length));
    }

    @Test
    void shouldReturnFalseForKeysThatDoNotDecode()
    {
        final byte[] cell = Vectors.cell("signed.invoke").bytes();
        final UnsafeBuffer buffer = new UnsafeBuffer(cell);
        for (final byte fill : new byte[]{ (byte)0xff, 0x00, 0x7f })
        {
            Arrays.fill(cell, Ed25519Signer.SIGNED_DATA_KEY_OFFSET, SIGNED_DATA_SIGNATURE_OFFSET, fill);

            assertFalse(signer.verifySignedData(buffer, 0, cell.length), "key filled with " + fill);
            assertFalse(signer.verify(buffer, 1, buffer, SIGNED_DATA_SIGNATURE_OFFSET, buffer, 0));
        }
    }

    @Test
    void shouldSignAndVerifyRoundTrip()
    {
        final UnsafeBuffer valueId = new UnsafeBuffer(new byte[VALUE_ID_LENGTH]);
        valueId.setMemory(0, VALUE_ID_LENGTH, (byte)0x5a);
        final UnsafeBuffer sig = new UnsafeBuffer(new byte[SIGNATURE_LENGTH]);
        signer.loadKey(new UnsafeBuffer(seed(KEY_B)), 0);

        assertTrue(signer.sign(valueId, 0, sig, 0));

        assertTrue(signer.verify(new UnsafeBuffer(publicKeyOf(KEY_B)), 0, sig, 0, valueId, 0));
        assertFalse(signer.verify(new UnsafeBuffer(publicKeyOf(KEY_A)), 0, sig, 0, valueId, 0));
    }

    @Test
    void shouldNotSignWithoutAKey()
    {
        final UnsafeBuffer valueId = new UnsafeBuffer(new byte[VALUE_ID_LENGTH]);
        final UnsafeBuffer sig = new UnsafeBuffer(new byte[SIGNATURE_LENGTH]);
        signer.loadKey(new UnsafeBuffer(seed(KEY_A)), 0);
        signer.clearKey();

        assertFalse(signer.hasKey());
        assertFalse(signer.sign(valueId, 0, sig, 0));
        assertFalse(signer.signValue(valueId, 0, 1, sig, 0));
    }

    @Test
    void shouldReturnFalseForRangesOutsideTheBuffer()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[SIGNATURE_LENGTH]);
        final UnsafeBuffer tiny = new UnsafeBuffer(new byte[VALUE_ID_LENGTH - 1]);
        signer.loadKey(new UnsafeBuffer(seed(KEY_A)), 0);

        assertFalse(signer.derivePublicKey(tiny, 0, small, 0));
        assertFalse(signer.derivePublicKey(small, SIGNATURE_LENGTH - 1, small, 0));
        assertFalse(signer.derivePublicKey(small, 0, small, -1));
        assertFalse(signer.loadKey(tiny, 0));
        assertFalse(signer.hasKey());
        signer.loadKey(new UnsafeBuffer(seed(KEY_A)), 0);
        assertFalse(signer.sign(small, 0, tiny, 0));
        assertFalse(signer.sign(small, Integer.MAX_VALUE, small, 0));
        assertFalse(signer.signValue(small, 1, SIGNATURE_LENGTH, small, 0));
        assertFalse(signer.verify(small, -1, small, 0, small, 0));
        assertFalse(signer.verify(small, 0, small, 1, small, 0));
        assertFalse(signer.verify(small, 0, small, 0, small, Integer.MIN_VALUE));
        assertFalse(signer.verifySignedData(small, 0, SIGNATURE_LENGTH + 1));
        assertFalse(signer.verifySignedData(small, Integer.MAX_VALUE, SIGNED_DATA_HEADER_LENGTH + 1));
    }

    @Test
    void shouldRejectCellsThatAreNotSignedData()
    {
        final byte[] cell = Vectors.cell("signed.invoke").bytes();
        final UnsafeBuffer buffer = new UnsafeBuffer(cell);

        assertFalse(signer.verifySignedData(buffer, 0, SIGNED_DATA_HEADER_LENGTH));
        assertFalse(signer.verifySignedData(buffer, 0, 0));
        cell[0] = (byte)CellDescriptor.TAG_BLOB;
        assertFalse(signer.verifySignedData(buffer, 0, cell.length));
    }

    @Test
    void shouldRejectARefSlotThatIsNotThirtyThreeBytes()
    {
        final byte[] cell = Vectors.cell("signed.blob200").bytes();
        final byte[] longer = Arrays.copyOf(cell, cell.length + 1);

        assertFalse(signer.verifySignedData(new UnsafeBuffer(cell), 0, cell.length - 1));
        assertFalse(signer.verifySignedData(new UnsafeBuffer(longer), 0, longer.length));
    }
}
