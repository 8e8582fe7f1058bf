package io.cellwire.store;

import io.cellwire.codec.CellDescriptor;
import io.cellwire.codec.DecodeError;
import io.cellwire.codec.FrameHeader;
import io.cellwire.codec.RefList;
import io.cellwire.codec.message.DataDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the resolver names missing, and its bound, for refs whose value IDs only look alike. */
class DependencyResolverTest
{
    /**
     * A DATA frame found by {@code cellwire fuzz --seed 1 --target reassembly} (case 48, capture frame 2299 after
     * ALIAS_REF): an AccountStatus whose environment holds 9 distinct refs, two of which share their first 8 bytes
     * ({@code c51a5674a390a93f…bef6…} and {@code …bef4…}).
     */
    private static final String FUZZED_DATA_FRAME =
        "857803c138820632086164642d6d696e742079cf85e74a1f5a2a860993128e143124868bca97f747e55061ae4e3850c280ca3204" +
        "6d696e74cf80023205746f6b656e3206616d6f756e74cc028005cc05320563616c6c2acc01210fcc0b00cc010900cc0132046d69" +
        "6e74cc0b01800032087472616e73666572cf80033205746f6b656e32067461726765743206616d6f756e74cc028006cc05320563" +
        "616c6c2acc01210fcc0b00cc010900cc01320f6469726563742d7472616e73666572cc0b01cc0b028000320762616c616e6365cf" +
        "80023205746f6b656e3206686f6c646572cc028005cc05320563616c6c2acc01210fcc0b00cc010900cc01320762616c616e6365" +
        "cc0b01800032046275726ecf80023205746f6b656e3206616d6f756e74cc028005cc05320563616c6c2acc01210fcc0b00cc0109" +
        "00cc0132046275726ecc0b018000320b6275696c642d746f6b656e20c51a5674a390a93fee31d292c6e3778cbbbef69ce3f47e53" +
        "9887a76edf2a3286820632086164642d6d696e7482013303646f6320c51a5674a390a93fee31d292c6e3778cbbbef49ce3f47e53" +
        "9887a76edf2a328632046d696e7482013303646f632056fa4c3490847a7dd88fa07b3238cdfc0e6c20d9ad6473bd1ea07aebd5a5" +
        "bd9b32087472616e7366657282013303646f6320ebdc44c5dfa4f83a1081dac84d49ea50cbab8f49b59ebfd97056689bb9a01fb7" +
        "320762616c616e636582013303646f63201ac2269a52056929fcd5875da70186ae90b2d5bbd50ba489d10d5c1b09952baa320462" +
        "75726e205226e4c82b41f77eaae686af7ad9a43bd1ec240ab5cd54ccf260eba333f86bec320b6275696c642d746f6b656e820133" +
        "03646f6320cafd6ce6d4befe1471950ab9d2e44cbf86ce3f5855c2c04b8a89aebb42595656840100108021098202330b64657363" +
        "72697074696f6e2058252cca5c7cd2a7d93e801a243d9fc402fdd18d41d6c541e42bb76efcf3290f33046e616d65302646756e67" +
        "69626c6520746f6b656e206372656174696f6e20616e64206d616e6167656d656e74";
    private static final int ID = CellDescriptor.VALUE_ID_LENGTH;

    private final CellStore store = new CellStore(CellStore.MIN_CAPACITY_BYTES, 64);

    @AfterEach
    void close()
    {
        store.close();
    }

    @Test
    void shouldNameEveryMissingIdOfTheFuzzedFrameWhenTwoShareTheirFirstEightBytes()
    {
        final UnsafeBuffer frame = new UnsafeBuffer(HexFormat.of().parseHex(FUZZED_DATA_FRAME));
        final int payload = FrameHeader.payloadOffset(frame, 0, frame.capacity());
        final DataDecoder decoder = new DataDecoder();
        assertEquals(frame.capacity() - payload, decoder.wrap(frame, payload, frame.capacity() - payload));
        final RefList refs = decoder.refs();
        final Set<String> distinct = new HashSet<>();
        for (int i = 0; i < refs.count(); i++)
        {
            distinct.add(hex(refs.buffer(), refs.valueIdOffset(i)));
        }
        assertEquals(9, distinct.size());

        final DependencyResolver resolver = new DependencyResolver(store, 64);
        assertEquals(9, resolver.resolve(refs));
        final Set<String> missing = new HashSet<>();
        for (int i = 0; i < resolver.missingCount(); i++)
        {
            missing.add(hex(resolver.missingIds(), i * ID));
        }
        assertEquals(distinct, missing);
    }

    @Test
    void shouldNameBothOfTwoRefsThatDifferOnlyAfterTheirFirstEightBytes()
    {
        final RefList refs = refsOf(ids(0x11, 0x11));
        final DependencyResolver resolver = new DependencyResolver(store, 64);
        assertEquals(2, resolver.resolve(refs));
    }

    @Test
    void shouldNameARepeatedRefOnce()
    {
        final UnsafeBuffer buffer = ids(0x11, 0x11);
        buffer.putBytes(ID, buffer, 0, ID);
        final DependencyResolver resolver = new DependencyResolver(store, 64);
        assertEquals(1, resolver.resolve(refsOf(buffer)));
    }

    @Test
    void shouldCountIdsSharingAPrefixAgainstTheBound()
    {
        final DependencyResolver resolver = new DependencyResolver(store, 1);
        assertEquals(DecodeError.COUNT_TOO_LARGE.code(), resolver.resolve(refsOf(ids(0x11, 0x11))));
    }

    /** Two value IDs, back to back, with the same first 8 bytes and different last bytes. */
    private static UnsafeBuffer ids(final int first, final int second)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2 * ID]);
        for (int i = 0; i < ID; i++)
        {
            buffer.putByte(i, (byte)first);
            buffer.putByte(ID + i, (byte)second);
        }
        buffer.putByte(ID + ID - 1, (byte)(second + 1));
        return buffer;
    }

    private static RefList refsOf(final UnsafeBuffer ids)
    {
        final RefList refs = new RefList();
        for (int at = 0; at < ids.capacity(); at += ID)
        {
            refs.onRef(ids, at);
        }
        return refs;
    }

    private static String hex(final org.agrona.DirectBuffer buffer, final int offset)
    {
        final byte[] id = new byte[ID];
        buffer.getBytes(offset, id);
        return HexFormat.of().formatHex(id);
    }
}
