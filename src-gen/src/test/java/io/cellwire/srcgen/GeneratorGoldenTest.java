package io.cellwire.srcgen;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Schema in, expected Java out: the golden files under {@code src/test/resources/golden/expected} are the reviewed
 * output for {@code golden/schema.xml}, which uses every layout and field kind. Regenerate them with
 * {@code -Dgolden.update=true} after a deliberate emitter change, and review the diff.
 */
class GeneratorGoldenTest
{
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final Path EXPECTED = GOLDEN.resolve("expected");

    @Test
    void shouldGenerateExactlyTheGoldenFiles() throws Exception
    {
        final Map<String, String> generated;
        try (InputStream in = Files.newInputStream(GOLDEN.resolve("schema.xml")))
        {
            generated = Generator.generate(SchemaParser.parse(in));
        }
        if (Boolean.getBoolean("golden.update"))
        {
            for (final Map.Entry<String, String> file : generated.entrySet())
            {
                final Path path = EXPECTED.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
            }
        }
        assertEquals(expectedFiles(), List.copyOf(generated.keySet().stream().sorted().toList()));
        for (final Map.Entry<String, String> file : generated.entrySet())
        {
            assertEquals(Files.readString(EXPECTED.resolve(file.getKey()), StandardCharsets.UTF_8), file.getValue(),
                file.getKey());
        }
    }

    @Test
    void shouldModelEveryLayoutAndFieldKindOfTheGoldenSchema() throws Exception
    {
        final MessageSchema schema;
        try (InputStream in = Files.newInputStream(GOLDEN.resolve("schema.xml")))
        {
            schema = SchemaParser.parse(in);
        }
        assertEquals("com.example.wire", schema.packageName());
        assertEquals(List.of(Layout.SINGLE, Layout.VECTOR, Layout.SINGLE),
            schema.messages().stream().map(MessageDef::layout).toList());
        final MessageDef lookup = schema.messages().get(1);
        assertEquals(List.of(FieldKind.LONG, FieldKind.HASH, FieldKind.CELL, FieldKind.ADDRESS, FieldKind.KEYWORD,
            FieldKind.REF), lookup.fields().stream().map(FieldDef::kind).toList());
        assertEquals("MAP", lookup.fields().get(2).tag());
        assertEquals(true, lookup.fields().get(2).optional());
        assertEquals(7, lookup.type());
    }

    private static List<String> expectedFiles() throws IOException
    {
        try (Stream<Path> files = Files.walk(EXPECTED))
        {
            return files.filter(Files::isRegularFile).map(p -> EXPECTED.relativize(p).toString().replace('\\', '/'))
                .sorted().toList();
        }
    }
}
