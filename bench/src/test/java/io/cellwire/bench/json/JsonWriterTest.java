package io.cellwire.bench.json;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The JSON the bench commands write, byte for byte: both layouts, escaping, figures and their {@code null}. */
class JsonWriterTest
{
    @Test
    void shouldWriteAnObjectOnOneLine()
    {
        final String json = new JsonWriter().startObject()
            .field("sent", 3)
            .field("clean", true)
            .field("idle", "backoff")
            .name("errors").startObject().field("LOAD", 2).field("SEQUENCE", 1).end()
            .name("none").startObject().end()
            .end().toString();
        assertEquals("{\"sent\": 3, \"clean\": true, \"idle\": \"backoff\", " +
            "\"errors\": {\"LOAD\": 2, \"SEQUENCE\": 1}, \"none\": {}}", json);
    }

    @Test
    void shouldWriteOneMemberALineIndentedTwoSpacesALevel()
    {
        final JsonWriter json = new JsonWriter().startObjectLines();
        json.name("machine").startObject().field("cores", 2).end();
        json.name("phases").startArrayLines();
        json.startObject().field("size", 32).end();
        json.startObject().field("size", 1024).end();
        json.end().name("slices").startArrayLines().end();
        assertEquals("{\n" +
            "  \"machine\": {\"cores\": 2},\n" +
            "  \"phases\": [\n" +
            "    {\"size\": 32},\n" +
            "    {\"size\": 1024}\n" +
            "  ],\n" +
            "  \"slices\": [\n" +
            "  ]\n" +
            "}", json.end().toString());
    }

    @Test
    void shouldWriteFiguresWithThreeDecimalsAndNullForNotANumber()
    {
        final String json = new JsonWriter().startObject()
            .field("p50", 12.34567)
            .field("goal", 0.6)
            .field("ratio", Double.NaN)
            .field("rate", Double.POSITIVE_INFINITY)
            .end().toString();
        assertEquals("{\"p50\": 12.346, \"goal\": 0.600, \"ratio\": null, \"rate\": null}", json);
    }

    @Test
    void shouldEscapeQuotesBackslashesAndControlCharacters()
    {
        final String json = new JsonWriter().startObject()
            .field("cpu \"x\"", "a\\b\tc\nd\u0001")
            .end().toString();
        assertEquals("{\"cpu \\\"x\\\"\": \"a\\\\b\\u0009c\\u000ad\\u0001\"}", json);
    }
}
