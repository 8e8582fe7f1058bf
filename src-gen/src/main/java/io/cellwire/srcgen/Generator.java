package io.cellwire.srcgen;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The generator's pipeline: schema file → {@link SchemaParser} (model) → emitters → Java files. Run by the codec
 * build at {@code generate-sources}: {@code Generator <schema.xml> <output-dir>}. Build thread only.
 */
public final class Generator
{
    private Generator()
    {
    }

    /**
     * Generates the codecs of a schema.
     *
     * @param args the schema file and the output source root.
     * @throws Exception if the schema is invalid (the build fails with the line and the reason) or a file cannot be
     *                   written.
     */
    public static void main(final String[] args) throws Exception
    {
        if (args.length != 2)
        {
            throw new IllegalArgumentException("usage: Generator <schema.xml> <output-dir>");
        }
        final Path schemaFile = Path.of(args[0]);
        try (InputStream in = Files.newInputStream(schemaFile))
        {
            write(generate(SchemaParser.parse(in)), Path.of(args[1]));
        }
        catch (final SchemaException e)
        {
            throw new SchemaException(e.line(), schemaFile + ":" + e.line() + ": " + e.reason());
        }
    }

    /**
     * Emits every source file of a schema.
     *
     * @param schema the validated model.
     * @return source text by path relative to the output root, in a stable order.
     */
    public static Map<String, String> generate(final MessageSchema schema)
    {
        final Map<String, String> files = new LinkedHashMap<>();
        final String dir = schema.packageName().replace('.', '/') + "/";
        for (final MessageDef message : schema.messages())
        {
            files.put(dir + Names.decoder(message) + ".java", DecoderEmitter.emit(schema.packageName(), message));
            files.put(dir + Names.encoder(message) + ".java", EncoderEmitter.emit(schema.packageName(), message));
        }
        files.put(dir + "MessageType.java", DispatcherEmitter.emitMessageType(schema));
        files.put(dir + "MessageHandler.java", DispatcherEmitter.emitHandler(schema));
        files.put(dir + "MessageDispatcher.java", DispatcherEmitter.emitDispatcher(schema));
        return files;
    }

    private static void write(final Map<String, String> files, final Path root) throws IOException
    {
        for (final Map.Entry<String, String> file : files.entrySet())
        {
            final Path path = root.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            final byte[] bytes = file.getValue().getBytes(StandardCharsets.UTF_8);
            if (!Files.exists(path) || !java.util.Arrays.equals(Files.readAllBytes(path), bytes))
            {
                Files.write(path, bytes);
            }
        }
    }
}
