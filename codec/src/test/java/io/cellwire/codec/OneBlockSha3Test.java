package io.cellwire.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.bouncycastle.crypto.digests.SHA3Digest;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The one-block SHA3-256 against the FIPS 202 answers and against two other implementations (the JDK's and
 * BouncyCastle's) at every length it takes, from heap and direct buffers at odd offsets; and {@link ValueIdDigest} on
 * both sides of the length where it changes implementation.
 */
class OneBlockSha3Test
{
    private static final int ROUNDS_PER_LENGTH = 200;
    private static final int CAPACITY = 512;

    @Test
    void shouldGiveTheKnownDigestsOfTheEmptyInputAndAbc()
    {
        assertEquals("a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a", digestHex(""));
        assertEquals("3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532", digestHex("abc"));
    }

    @Test
    void shouldMatchTheJdkAndBouncyCastleAtEveryLength() throws NoSuchAlgorithmException
    {
        final MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
        final SHA3Digest bouncyCastle = new SHA3Digest(256);
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] input = new byte[CAPACITY];
        final UnsafeBuffer heap = new UnsafeBuffer(input);
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY));
        final byte[] expected = new byte[CellDescriptor.VALUE_ID_LENGTH];
        final byte[] viaBouncyCastle = new byte[CellDescriptor.VALUE_ID_LENGTH];
        final byte[] fromHeap = new byte[CellDescriptor.VALUE_ID_LENGTH + 3];
        final byte[] fromDirect = new byte[CellDescriptor.VALUE_ID_LENGTH];
        for (int length = 0; length <= OneBlockSha3.MAX_LENGTH; length++)
        {
            for (int round = 0; round < ROUNDS_PER_LENGTH; round++)
            {
                random.nextBytes(input);
                direct.putBytes(0, input);
                final int offset = random.nextInt(CAPACITY - length + 1);
                jdk.update(input, offset, length);
                System.arraycopy(jdk.digest(), 0, expected, 0, expected.length);
                bouncyCastle.update(input, offset, length);
                bouncyCastle.doFinal(viaBouncyCastle, 0);
                OneBlockSha3.digest(heap, offset, length, fromHeap, 3);
                OneBlockSha3.digest(direct, offset, length, fromDirect, 0);

                assertArrayEquals(expected, viaBouncyCastle, "the two references differ at length " + length);
                assertArrayEquals(expected, Arrays.copyOfRange(fromHeap, 3, fromHeap.length), "heap, length " + length);
                assertArrayEquals(expected, fromDirect, "direct, length " + length);
            }
        }
    }

    @Test
    void shouldGiveValueIdsOnBothSidesOfTheOneBlockLimit() throws NoSuchAlgorithmException
    {
        final MessageDigest jdk = MessageDigest.getInstance("SHA3-256");
        final ValueIdDigest digest = new ValueIdDigest();
        final SplittableRandom random = new SplittableRandom(11);
        final byte[] input = new byte[CAPACITY];
        final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(CAPACITY));
        final UnsafeBuffer actual = new UnsafeBuffer(new byte[CellDescriptor.VALUE_ID_LENGTH]);
        for (int length = OneBlockSha3.MAX_LENGTH - 8; length <= OneBlockSha3.MAX_LENGTH + 8; length++)
        {
            random.nextBytes(input);
            direct.putBytes(0, input);
            jdk.update(input, 1, length);
            digest.valueId(direct, 1, length, actual, 0);
            assertArrayEquals(jdk.digest(), actual.byteArray(), "length " + length);
        }
    }

    private static String digestHex(final String text)
    {
        final byte[] out = new byte[CellDescriptor.VALUE_ID_LENGTH];
        final byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        OneBlockSha3.digest(new UnsafeBuffer(bytes), 0, bytes.length, out, 0);
        return HexFormat.of().formatHex(out);
    }
}
