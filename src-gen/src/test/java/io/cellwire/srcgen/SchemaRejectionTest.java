package io.cellwire.srcgen;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/** Schemas that must fail the build, each with the line and the reason it names. */
class SchemaRejectionTest
{
    private static final Path REJECTED = Path.of("src/test/resources/rejected");

    /** file → expected line and the start of the expected reason. */
    private static final Map<String, Map.Entry<Integer, String>> CASES = Map.ofEntries(
        entry("not-xml", entry(2, "malformed XML")),
        entry("wrong-root", entry(1, "the root element must be <schema>")),
        entry("bad-package", entry(1, "package 'A.B' is not a Java package name")),
        entry("no-messages", entry(0, "the schema declares no message")),
        entry("duplicate-type", entry(3, "duplicate type 1")),
        entry("duplicate-field", entry(5, "duplicate field id in message P")),
        entry("unknown-element", entry(3, "unknown element <int>")),
        entry("unknown-tag", entry(3, "unknown tag TUPLE")),
        entry("type-out-of-range", entry(2, "type 200 is outside 1…127")),
        entry("optional-long", entry(4, "a long field cannot be optional")),
        entry("signed-in-slot", entry(4, "a signed field is never embedded")),
        entry("two-payloads", entry(4, "message P has more than one payload")),
        entry("missing-doc", entry(3, "missing attribute doc")),
        entry("reserved-name", entry(3, "field name buffer is reserved")),
        entry("empty-message", entry(3, "message P has no field")),
        entry("unknown-attribute", entry(2, "unknown attribute version")),
        entry("record-without-tag", entry(3, "missing attribute tag")));

    @TestFactory
    Stream<DynamicTest> shouldRejectEveryBadSchemaWithItsLineAndReason() throws Exception
    {
        try (Stream<Path> files = Files.list(REJECTED))
        {
            assertEquals(CASES.size(), files.count(), "every rejected schema has an expected reason");
        }
        return CASES.entrySet().stream().sorted(Map.Entry.comparingByKey()).map(c -> dynamicTest(c.getKey(), () ->
        {
            final SchemaException e = assertThrows(SchemaException.class, () ->
            {
                try (InputStream in = Files.newInputStream(REJECTED.resolve(c.getKey() + ".xml")))
                {
                    SchemaParser.parse(in);
                }
            });
            assertEquals(c.getValue().getKey(), e.line(), e.getMessage());
            assertTrue(e.reason().startsWith(c.getValue().getValue()), e.getMessage());
        }));
    }
}
