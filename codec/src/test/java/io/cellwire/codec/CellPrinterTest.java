package io.cellwire.codec;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Exact renderings of golden cells, and the guarantees every rendering keeps (single line, capped). */
class CellPrinterTest
{
    private static final Map<String, String> EXPECTED = new LinkedHashMap<>();

    static
    {
        EXPECTED.put("nil", "nil");
        EXPECTED.put("true", "true");
        EXPECTED.put("false", "false");
        EXPECTED.put("byte.7f", "127");
        EXPECTED.put("byte.ff", "255");
        EXPECTED.put("long.0", "0");
        EXPECTED.put("long.-65", "-65");
        EXPECTED.put("long.9223372036854775807", "9223372036854775807");
        EXPECTED.put("long.-9223372036854775808", "-9223372036854775808");
        EXPECTED.put("double.0.0", "0.0");
        EXPECTED.put("double.-2.5", "-2.5");
        EXPECTED.put("double.NaN", "##NaN");
        EXPECTED.put("double.Infinity", "##Inf");
        EXPECTED.put("double.-Infinity", "##-Inf");
        EXPECTED.put("double.1.7976931348623157E308", "1.7976931348623157E308");
        EXPECTED.put("char.U+e9", "\\\u00e9");
        EXPECTED.put("char.U+20ac", "\\\u20ac");
        EXPECTED.put("char.U+ffff", "\\uffff");
        EXPECTED.put("char.U+10ffff", "\\U10ffff");
        EXPECTED.put("string.len0", "\"\"");
        EXPECTED.put("string.len2", "\"ab\"");
        EXPECTED.put("string.utf8", "\"h\u00e9llo \u20ac \ud83d\ude00\"");
        EXPECTED.put("string.len137",
            "\"abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl\u2026\"(137 bytes)");
        EXPECTED.put("string.len4097", "\"\u2026\"(4097 bytes)");
        EXPECTED.put("blob.len4097", "0x\u2026(4097 bytes)");
        EXPECTED.put("blob.len70000", "0x\u2026(70000 bytes)");
        EXPECTED.put("blob.len63",
            "0x0726456483a2c1e0ff1e3d5c7b9ab9d8f71635547392b1d0ef0e2d4c6b8aa9c8\u2026(63 bytes)");
        EXPECTED.put("accountkey", "0x4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29");
        EXPECTED.put("longblob", "0x0102030405060708");
        EXPECTED.put("symbol.a", "a");
        EXPECTED.put("keyword.foo", ":foo");
        EXPECTED.put("address.11", "#11");
        EXPECTED.put("address.64", "#64");
        EXPECTED.put("vector.longs0", "[]");
        EXPECTED.put("vector.longs2", "[0 1]");
        EXPECTED.put("vector.longs17", "[0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16]");
        EXPECTED.put("vector.longs257", "[#ref:0960b322 256]");
        EXPECTED.put("vector.longs4097", "[#ref:a651eca4 4096]");
        EXPECTED.put("vector.[200Bblob 7]", "[#ref:66e4c6f3 7]");
        EXPECTED.put("list.(1 2)", "(1 2)");
        EXPECTED.put("list.17", "(0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)");
        EXPECTED.put("mapentry", "[1 2]");
        EXPECTED.put("map.longs0", "{}");
        EXPECTED.put("map.longs2", "{1 10, 0 0}");
        EXPECTED.put("map.{:a [1 2] \"s\" nil}", "{:a [1 2], \"s\" nil}");
        EXPECTED.put("set.longs0", "#{}");
        EXPECTED.put("set.longs2", "#{1 0}");
        EXPECTED.put("blobmap.1", "{0x1234 7}");
        EXPECTED.put("blobmap.2", "{0x1234 7, 0x5678 8}");
        EXPECTED.put("blobmap.addr", "{#11 100, #12 200}");
        EXPECTED.put("syntax.1", "#syntax{1}");
        EXPECTED.put("syntax.meta", "#syntax{x meta {:doc \"hello\"}}");
        EXPECTED.put("tx.invoke.seq1", "#invoke{origin #11 seq 1 command (+ 1 2)}");
        EXPECTED.put("tx.transfer", "#transfer{origin #11 seq 2 to #12 amount 1000}");
        EXPECTED.put("tx.call.offer", "#call{origin #11 seq 5 target #9 offer 0 fn f args []}");
        EXPECTED.put("result.ok", "#result{id 1 value 3}");
        EXPECTED.put("result.err", "#result{id 2 value \"bad\" error :SEQUENCE}");
        EXPECTED.put("result.info",
            "#result{id 3 value \"Assert failed\" error :ASSERT info {:trace [\"In core fn: assert\"], :address #11}}");
        EXPECTED.put("signed.invoke", "#signed{key:4cb5abf6 value:#invoke{origin #11 seq 1 command (+ 1 2)}}");
        EXPECTED.put("signed.blob200", "#signed{key:4cb5abf6 value:#ref:66e4c6f3}");
        EXPECTED.put("block", "#block{timestamp 1600000000000 txs [#ref:6ec9a19d #ref:5618f8e4]}");
        EXPECTED.put("order", "#order{blocks [#ref:8494055e] proposal 1 consensus 1}");
        EXPECTED.put("blockresult", "#blockresult{state #state{accounts [] peers {} globals [1580602820020 0 2] " +
            "schedule {}} results [#result{id 1 value 3} #result{id 2 value nil error :SEQUENCE}]}");
        EXPECTED.put("accountstatus.full", "#account{sequence 5 balance 123456789 allowance 1000 env {x 1} " +
            "meta {x {:doc \"d\"}} holdings {#12 7} controller #12 key:4cb5abf6}");
        EXPECTED.put("map.longs17", "{5 50, 12 120, 6 60, 1 10, 15 150, 8 80, 10 100, 2 20, 9 90, 4 40, 16 160, " +
            "14 140, 3 30, 11 110, 0 0, 7 70, 13 130}");
        EXPECTED.put("set.longs17", "#{5 12 6 1 15 8 10 2 9 4 16 14 3 11 0 7 13}");
        EXPECTED.put("tx.call", "#call{origin #11 seq 4 target #9 offer 0 fn register args [{:name \"x\"}]}");
        EXPECTED.put("fn.value",
            "#fn{[a b] #op/invoke{#op/lookup{+ #op/const{#11}} #op/local{0} #op/local{1}}}");
        EXPECTED.put("multifn.value", "#multifn{#fn{[a] #op/local{0}} #fn{[a b] #op/local{1}}}");
        EXPECTED.put("accountstatus.empty", "#account{}");
        EXPECTED.put("peerstatus", "#peer{controller #12 stake 1000000 stakes {} delegated 0}");
        EXPECTED.put("op.(+ 1 2)", "#op/invoke{#op/lookup{+ #op/const{#11}} #op/const{1} #op/const{2}}");
        EXPECTED.put("op.(do 1 2)", "#op/do{#op/const{1} #op/const{2}}");
        EXPECTED.put("op.(fn [a] a)", "#op/lambda{#fn{[a] #op/local{0}}}");
        EXPECTED.put("op.(let [a 1] a)", "#op/let{[a] #op/const{1} #op/local{0}}");
        EXPECTED.put("op.*sequence*", "*sequence*");
        EXPECTED.put("op.special.*address*", "*address*");
        EXPECTED.put("op.count", "#op/lookup{count #op/const{#11}}");
        EXPECTED.put("op.local3", "#op/local{3}");
        EXPECTED.put("coredef.count", "#core/count");
        EXPECTED.put("coredef.+", "#core/+");
    }

    private final CellPrinter printer = new CellPrinter();
    private final CellWalker walker = new CellWalker();

    @TestFactory
    Stream<DynamicTest> shouldRenderGoldenCellsExactly()
    {
        return EXPECTED.entrySet().stream().map(e -> dynamicTest(e.getKey(), () ->
            assertEquals(e.getValue(), render(Vectors.cell(e.getKey()).bytes()))));
    }

    @TestFactory
    Stream<DynamicTest> shouldRenderEveryValidGoldenCellOnOneCappedLine()
    {
        final List<DynamicTest> tests = new ArrayList<>();
        for (final Vectors.Cell row : Vectors.cells())
        {
            final byte[] bytes = row.bytes();
            final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
            if (row.kind().startsWith("frame") || row.isInvalid() ||
                walker.walkExact(buffer, 0, bytes.length, RefSink.NONE) < 0)
            {
                continue;
            }
            tests.add(dynamicTest(row.name(), () ->
            {
                final String text = render(bytes);
                assertFalse(text.isEmpty());
                assertTrue(text.length() <= CellPrinter.DEFAULT_MAX_LENGTH + 1, text);
                assertTrue(text.chars().noneMatch(c -> c == '\t' || c == '\n' || c == '\r'), text);
            }));
        }
        return tests.stream();
    }

    @Test
    void shouldRenderQueryPayload()
    {
        assertEquals("[2 (+ 1 2) #11]", render(HexFormat.of().parseHex("8003090281030902090132012b210b")));
    }

    @Test
    void shouldRenderResultWithErrorKeyword()
    {
        assertEquals("#result{id 1 value 3 error :SEQUENCE}",
            render(HexFormat.of().parseHex("ad04090109033308" + "53455155454e4345" + "00")));
    }

    @Test
    void shouldRenderSignedDataWithKeyPrefixAndValue()
    {
        final String text = render(Vectors.cell("signed.invoke").bytes());
        assertTrue(text.startsWith("#signed{key:4cb5abf6 value:"), text);
        assertTrue(text.endsWith("}"), text);
    }

    @Test
    void shouldEscapeQuotesAndControlCharactersInStrings()
    {
        // "a\"b\tc\nd\\" as a String cell
        assertEquals("\"a\\\"b\\tc\\nd\\\\\\u0001\"", render(HexFormat.of().parseHex("30096122620963" + "0a645c01")));
    }

    @Test
    void shouldNameControlChars()
    {
        assertEquals("\\newline", render(HexFormat.of().parseHex("3c0a")));
        assertEquals("\\tab", render(HexFormat.of().parseHex("3c09")));
        assertEquals("\\u0007", render(HexFormat.of().parseHex("3c07")));
    }

    @Test
    void shouldCapLongRenderingsWithEllipsis()
    {
        final String text = render(Vectors.cell("vector.longs256").bytes());
        assertEquals(CellPrinter.DEFAULT_MAX_LENGTH + 1, text.length());
        assertTrue(text.startsWith("[0 1 2 3 "), text);
        assertEquals(CellPrinter.ELLIPSIS, text.charAt(text.length() - 1));
    }

    @Test
    void shouldHonourACustomCap()
    {
        final StringBuilder out = new StringBuilder("x=");
        new CellPrinter(5).print(new UnsafeBuffer(HexFormat.of().parseHex("800209010902")), 0, 6, out);
        assertEquals("x=[1 2]", out.toString());
        out.setLength(2);
        new CellPrinter(4).print(new UnsafeBuffer(HexFormat.of().parseHex("800209010902")), 0, 6, out);
        assertEquals("x=[1 2\u2026", out.toString());
    }

    /** A Fn with a nil environment no longer walks (0.7.9 cannot encode it, §9.1); the printer still stays inside. */
    @Test
    void shouldRenderAFnWhoseNilEnvironmentEndsTheBuffer()
    {
        final byte[] fn = HexFormat.of().parseHex("cf8000cc4000");
        assertEquals("#fn{[] *juice*}", renderUnwalked(fn, DecodeError.NULL_FIELD));
    }

    /**
     * Found by {@code cellwire fuzz --seed 1 --target decoders} (case 46606): a DATA payload, a Fn with nil env, which
     * the walker now rejects; the printer must still not read past it.
     */
    @Test
    void shouldRenderTheFuzzedDataPayloadWithoutReadingPastIt()
    {
        final String text = renderUnwalked(HexFormat.of().parseHex(
            "cf80038002320373796d3205636f756e743201263204626f6479cc08800232016e320373796d8003cc028002cc0532046c6f6e67" +
            "cc012100cc0b01cc048003cc028002cc05320773796d626f6c3fcc012100cc028002cc053208756e73796e746178cc012100cc0b" +
            "00cc0b00cc028003cc0532046661696ccc012100cc01330443415354cc01302c60646f74696d65736020726571756972657320" +
            "612073796d626f6c20666f72206c6f6f702062696e64696e67207dde16d6ff465dd6435d884f3080c000a18227d93d2febe53e" +
            "4673e37ba9d88000"), DecodeError.NULL_FIELD);
        assertTrue(text.startsWith("#fn{[[sym count] & body] #op/let{"), text);
    }

    @Test
    void shouldRejectBytesThatDoNotWalk()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(HexFormat.of().parseHex("8002090109"));
        assertThrows(IllegalArgumentException.class, () -> printer.print(buffer, 0, 5, new StringBuilder()));
    }

    @Test
    void shouldNameTypesByTag()
    {
        assertEquals("long", CellPrinter.typeName(0x09));
        assertEquals("char", CellPrinter.typeName(0x3e));
        assertEquals("boolean", CellPrinter.typeName(0xb1));
        assertEquals("signeddata", CellPrinter.typeName(0x90));
        assertEquals("call", CellPrinter.typeName(0xd2));
        assertEquals(null, CellPrinter.typeName(0x20));
        assertEquals(null, CellPrinter.typeName(0xc0));
        assertEquals(null, CellPrinter.typeName(0xff));
    }

    /** Prints bytes the walker rejects with {@code error}, in a buffer that ends with them. */
    private String renderUnwalked(final byte[] bytes, final DecodeError error)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        assertEquals(error, DecodeError.of(walker.walkExact(buffer, 0, bytes.length, RefSink.NONE)));
        return printer.print(buffer, 0, bytes.length, new StringBuilder()).toString();
    }

    private String render(final byte[] bytes)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int length = walker.walkExact(buffer, 0, bytes.length, RefSink.NONE);
        assertEquals(bytes.length, length, "walk: " + (length < 0 ? DecodeError.of(length) : length));
        return printer.print(buffer, 0, length, new StringBuilder()).toString();
    }
}
