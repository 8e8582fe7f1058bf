package io.cellwire.node;

import io.cellwire.testing.EchoPeerHandler;
import io.cellwire.transport.CounterDescriptor;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.TransportCounters;
import org.agrona.BitUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.MappedByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A {@link Node} in a child JVM, started inside a {@link NetworkNamespace} with {@code ip netns exec}, since one JVM
 * cannot sit in two namespaces. {@link #main} is the child: it launches the node with the demo application, prints
 * {@code listening on HOST:PORT peer-key=HEX} and runs until its standard input closes (so it also ends when the test
 * JVM dies). The rest is the test's handle: it waits for that line within a bound, reads the child's counters live
 * from their memory-mapped file, and stops the child on {@link #close()}, forcibly if it does not end in time. The
 * child's agents report their exceptions on its standard error, each on a line that starts with
 * {@value #AGENT_ERROR}, which the handle collects for the test to fail on ({@link #agentErrors()}).
 * Test support; one test thread uses a handle.
 */
final class NodeProcess implements AutoCloseable
{
    /** Port the child listens on; fixed, since the namespace is the test's own. */
    static final int PORT = 18890;

    private static final long START_TIMEOUT_MS = 20_000;
    private static final long STOP_TIMEOUT_MS = 5_000;
    private static final String HEAP = "-Xmx128m";
    private static final Pattern LISTENING = Pattern.compile("listening on (\\S+):(\\d+) peer-key=([0-9a-f]{64})");
    /** How the child marks an exception one of its agents raised, on its standard error. */
    private static final String AGENT_ERROR = "agent error: ";

    private final Process process;
    private final Thread stdoutReader;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(16);
    private final File countersDirectory;
    private final File log;
    private final byte[] publicKey;
    private MappedByteBuffer mapped;
    private CountersReader counters;
    private final List<String> agentErrors = new ArrayList<>();

    /**
     * The child: {@code HOST PORT KEY-SEED-HEX NETWORK-ID-HEX IDLE-TIMEOUT-MS COUNTERS-DIR}; an idle timeout of 0
     * means never.
     */
    public static void main(final String[] args) throws IOException
    {
        final Node.Context context = EchoPeerHandler.nodeContext()
            .keySeed(BitUtil.fromHex(args[2]))
            .networkId(BitUtil.fromHex(args[3]))
            .transport(t -> t
                .host(args[0])
                .port(Integer.parseInt(args[1]))
                .idleTimeoutNs(TimeUnit.MILLISECONDS.toNanos(Long.parseLong(args[4])))
                .countersDirectory(new File(args[5]))
                .idleStrategy(IdleStrategies.SLEEP)
                .errorHandler(NodeProcess::reportAgentError));
        try (Node node = Node.launch(context))
        {
            final PrintStream out = System.out;
            out.printf("listening on %s:%d peer-key=%s%n", node.localAddress().getHostString(),
                node.localAddress().getPort(), BitUtil.toHex(node.publicKey()));
            out.flush();
            while (System.in.read() >= 0)
            {
                // runs until the test closes our standard input
            }
        }
    }

    /** The child's error handler: the exception on one marked line, then its stack trace, on standard error. */
    private static void reportAgentError(final Throwable throwable)
    {
        System.err.println(AGENT_ERROR + throwable);
        throwable.printStackTrace(System.err);
    }

    private NodeProcess(final byte[] keySeed, final byte[] networkId, final long idleTimeoutMs) throws IOException
    {
        countersDirectory = Files.createTempDirectory("cellwire-netfault-counters").toFile();
        log = new File(countersDirectory, "node.log");
        final List<String> command = new ArrayList<>(NetworkNamespace.execPrefix());
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add(HEAP);
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NodeProcess.class.getName());
        command.add(NetworkNamespace.INNER_ADDRESS);
        command.add(Integer.toString(PORT));
        command.add(BitUtil.toHex(keySeed));
        command.add(BitUtil.toHex(networkId));
        command.add(Long.toString(idleTimeoutMs));
        command.add(countersDirectory.getPath());
        process = new ProcessBuilder(command).redirectError(log).start();
        stdoutReader = new Thread(this::readLines, "node-process-stdout");
        stdoutReader.setDaemon(true);
        stdoutReader.start();
        publicKey = awaitListening();
    }

    /**
     * Starts a node in the namespace and waits until it listens.
     *
     * @param idleTimeoutMs the node's idle timeout in milliseconds; 0 for never.
     * @return the handle.
     */
    static NodeProcess launch(final byte[] keySeed, final byte[] networkId, final long idleTimeoutMs) throws IOException
    {
        return new NodeProcess(keySeed, networkId, idleTimeoutMs);
    }

    /** @return {@code 10.77.0.2:PORT}. */
    String endpoint()
    {
        return NetworkNamespace.INNER_ADDRESS + ":" + PORT;
    }

    /** @return the node's 32-byte public key, from its listen line. */
    byte[] publicKey()
    {
        return publicKey.clone();
    }

    /**
     * A counter of the child node, read now from its counters file.
     *
     * @param descriptor the counter.
     * @return the value; fails if there is no such counter.
     */
    long counter(final CounterDescriptor descriptor)
    {
        if (counters == null)
        {
            final File file = new File(countersDirectory, TransportCounters.FILE_NAME);
            mapped = IoUtil.mapExistingFile(file, "node counters");
            counters = new CountersReader(
                new UnsafeBuffer(mapped, 0, TransportCounters.METADATA_LENGTH),
                new UnsafeBuffer(mapped, TransportCounters.METADATA_LENGTH, TransportCounters.VALUES_LENGTH));
        }
        final long value = TransportCounters.value(counters, descriptor, CounterDescriptor.NO_KEY);
        if (value < 0)
        {
            fail("the node has no counter " + descriptor);
        }
        return value;
    }

    /**
     * The exceptions the child's agents raised, one line each, as read from its standard error when it was closed.
     *
     * @return the lines after {@value #AGENT_ERROR}, empty if none (or before {@link #close()}).
     */
    List<String> agentErrors()
    {
        return List.copyOf(agentErrors);
    }

    /** Closes the child's standard input, waits for it to end (then kills it), unmaps and deletes its counters. */
    @Override
    public void close()
    {
        try
        {
            process.getOutputStream().close();
            if (!process.waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly().waitFor(STOP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
            stdoutReader.join(STOP_TIMEOUT_MS);
        }
        catch (final IOException ex)
        {
            process.destroyForcibly();
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        finally
        {
            if (mapped != null)
            {
                IoUtil.unmap(mapped);
            }
            printLog();
            IoUtil.delete(countersDirectory, true);
        }
    }

    /**
     * Shows what the child wrote to standard error (agent errors, a crash), which would otherwise be deleted, and
     * keeps the agent errors for {@link #agentErrors()}.
     */
    private void printLog()
    {
        try
        {
            final String stderr = Files.readString(log.toPath(), StandardCharsets.UTF_8);
            for (final String line : stderr.split("\n"))
            {
                if (line.startsWith(AGENT_ERROR))
                {
                    agentErrors.add(line.substring(AGENT_ERROR.length()));
                }
            }
            if (!stderr.isBlank())
            {
                System.err.println("[node in " + NetworkNamespace.NAME + "] " + stderr);
            }
        }
        catch (final IOException ex)
        {
            System.err.println("[node in " + NetworkNamespace.NAME + "] no log: " + ex);
        }
    }

    private byte[] awaitListening() throws IOException
    {
        try
        {
            final String line = lines.poll(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            final Matcher matcher = line == null ? null : LISTENING.matcher(line);
            if (matcher == null || !matcher.matches())
            {
                close();
                fail("the node in namespace " + NetworkNamespace.NAME + " did not print its listen line within " +
                    START_TIMEOUT_MS + " ms (its standard error is above); standard output: " + line);
            }
            return BitUtil.fromHex(matcher.group(3));
        }
        catch (final InterruptedException ex)
        {
            close();
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private void readLines()
    {
        try (BufferedReader reader =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while ((line = reader.readLine()) != null)
            {
                lines.offer(line);
            }
        }
        catch (final IOException ex)
        {
            // the child ended
        }
    }
}
