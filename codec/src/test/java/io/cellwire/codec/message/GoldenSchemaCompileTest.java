package io.cellwire.codec.message;

import io.cellwire.codec.RefList;
import io.cellwire.srcgen.Generator;
import io.cellwire.srcgen.SchemaParser;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The generator's output for the golden schema compiles against the codec classes and its codecs round-trip, as SBE's
 * JavaGeneratorTest compiles what it generates. The src-gen module's own golden test only compares text, and it cannot
 * compile the files: they import {@code io.cellwire.codec}, which depends on src-gen, not the other way round. This
 * module has the generator on its test classpath (provided scope), so the sources are generated fresh from
 * {@code golden/schema.xml}; src-gen's GeneratorGoldenTest holds them equal to the files under
 * {@code golden/expected}.
 */
class GoldenSchemaCompileTest
{
    private static final Path SCHEMA = Path.of("../src-gen/src/test/resources/golden/schema.xml");
    private static final String PACKAGE = "com.example.wire.";

    @TempDir
    Path dir;

    @Test
    void shouldCompileTheGoldenCodecsAndRoundTripPingAndLookup() throws Exception
    {
        final Map<String, String> generated;
        try (InputStream in = Files.newInputStream(SCHEMA))
        {
            generated = Generator.generate(SchemaParser.parse(in));
        }
        assertEquals(9, generated.size(), "3 decoders, 3 encoders, type table, handler, dispatcher");

        try (URLClassLoader loader = new URLClassLoader(
            new URL[] { compile(generated).toUri().toURL() }, getClass().getClassLoader()))
        {
            roundTripPing(loader);
            roundTripLookup(loader);
        }
    }

    private static void roundTripPing(final ClassLoader loader) throws Exception
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[16]);
        final Object encoder = newInstance(loader, "PingEncoder");
        call(encoder, "wrapFrame", buffer, 0);
        call(encoder, "id", 5L);
        final int frameLength = (int)call(encoder, "finishFrame");

        assertEquals(4, frameLength);
        assertArrayEquals(new byte[] { 0x03, 0x03, 0x09, 0x05 }, Arrays.copyOf(buffer.byteArray(), frameLength),
            "L = 3, type 3, Long 5");

        final Object decoder = newInstance(loader, "PingDecoder");
        assertEquals(2, call(decoder, "wrap", buffer, 2, 2));
        assertEquals(5L, call(decoder, "id"));
        assertEquals("PING id=5", decoder.toString());
    }

    private static void roundTripLookup(final ClassLoader loader) throws Exception
    {
        final UnsafeBuffer key = valueId(0x11);
        final UnsafeBuffer proof = valueId(0x77);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128]);
        final Object encoder = newInstance(loader, "LookupEncoder");
        call(encoder, "wrapFrame", buffer, 0);
        call(encoder, "id", 42L);
        call(encoder, "key", key, 0);
        call(encoder, "filterNil");
        call(encoder, "owner", 12L);
        call(encoder, "modeNil");
        call(encoder, "proof", proof, 0);
        final int frameLength = (int)call(encoder, "finishFrame");

        // payload: Vector of 6 (2) + Long 42 (2) + 32-byte Blob (34) + nil (1) + Address 12 (2) + nil (1) + ref (33)
        final int payloadLength = 75;
        assertEquals(2 + 1 + payloadLength, frameLength);
        assertArrayEquals(new byte[] { (byte)0x80, 0x4c, 0x07, (byte)0x80, 0x06, 0x09, 0x2a, 0x31, 0x20 },
            Arrays.copyOf(buffer.byteArray(), 9), "L = 76 in two bytes, type 7, Vector of 6, Long 42, Blob of 32");

        final Object decoder = newInstance(loader, "LookupDecoder");
        assertEquals(payloadLength, call(decoder, "wrap", buffer, 3, payloadLength));
        assertEquals(42L, call(decoder, "id"));
        assertEquals(12L, call(decoder, "owner"));
        assertEquals(false, call(decoder, "hasFilter"));
        assertEquals(false, call(decoder, "hasMode"));
        final UnsafeBuffer keyOut = new UnsafeBuffer(new byte[32]);
        call(decoder, "getKey", keyOut, 0);
        assertArrayEquals(key.byteArray(), keyOut.byteArray());
        final UnsafeBuffer proofView = new UnsafeBuffer(new byte[0]);
        call(decoder, "wrapProof", proofView);
        assertEquals(32, proofView.capacity());
        assertEquals(0, proofView.compareTo(proof), "the proof's value ID, in place");
        assertEquals(1, ((RefList)call(decoder, "refs")).count(), "the proof is the payload's one ref");
    }

    private Path compile(final Map<String, String> sources) throws Exception
    {
        final Path sourceRoot = dir.resolve("src");
        final Path classes = Files.createDirectories(dir.resolve("classes"));
        final List<Path> files = new ArrayList<>();
        for (final Map.Entry<String, String> source : sources.entrySet())
        {
            final Path path = sourceRoot.resolve(source.getKey());
            Files.createDirectories(path.getParent());
            Files.writeString(path, source.getValue(), StandardCharsets.UTF_8);
            files.add(path);
        }

        final JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "no system Java compiler: tests need a JDK");
        final DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        try (StandardJavaFileManager fileManager = compiler.getStandardFileManager(
            diagnostics, null, StandardCharsets.UTF_8))
        {
            final List<String> options = List.of(
                "-d", classes.toString(), "-classpath", System.getProperty("java.class.path"), "-proc:none");
            compiler.getTask(null, fileManager, diagnostics, options, null,
                fileManager.getJavaFileObjectsFromPaths(files)).call();
        }
        assertTrue(diagnostics.getDiagnostics().stream().noneMatch(d -> d.getKind() == Diagnostic.Kind.ERROR),
            () -> diagnostics.getDiagnostics().stream().map(Object::toString).collect(Collectors.joining("\n")));
        return classes;
    }

    private static UnsafeBuffer valueId(final int first)
    {
        final byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)(first + i);
        }
        return new UnsafeBuffer(bytes);
    }

    private static Object newInstance(final ClassLoader loader, final String simpleName) throws Exception
    {
        return loader.loadClass(PACKAGE + simpleName).getConstructor().newInstance();
    }

    /** Calls the public method of that name and arity; the golden codecs overload none of the ones used here. */
    private static Object call(final Object target, final String name, final Object... args) throws Exception
    {
        for (final Method method : target.getClass().getMethods())
        {
            if (method.getName().equals(name) && method.getParameterCount() == args.length)
            {
                try
                {
                    return method.invoke(target, args);
                }
                catch (final InvocationTargetException e)
                {
                    throw e.getCause() instanceof Exception ? (Exception)e.getCause() : e;
                }
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + "." + name + "/" + args.length);
    }
}
