package io.cellwire.node;

import io.cellwire.testing.Await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A network namespace joined to the root namespace by a veth pair on a private /30, with an nftables table inside it
 * that injects packet faults on the namespace's input and output hooks: random loss or a total cut. Creating one first
 * removes what a crashed run may have left under the same names; {@link #close()} removes the namespace and the pair,
 * and with them the table. Needs root, iproute2 ({@code ip netns}) and nftables. Test support; one test thread uses it.
 * <pre>
 *   root namespace                     namespace cwnetfault
 *   cwnf0 10.77.0.1/30 &lt;--- veth ---&gt; cwnf1 10.77.0.2/30, lo
 *                                      table inet cwfault { chain in (input), chain out (output) }
 * </pre>
 */
final class NetworkNamespace implements AutoCloseable
{
    /** Name of the test namespace. */
    static final String NAME = "cwnetfault";
    /** The veth end in the root namespace. */
    static final String ROOT_LINK = "cwnf0";
    /** The veth end inside the namespace. */
    static final String INNER_LINK = "cwnf1";
    /** Address of the root namespace's end. */
    static final String ROOT_ADDRESS = "10.77.0.1";
    /** Address of the namespace's end, where the node in the namespace listens. */
    static final String INNER_ADDRESS = "10.77.0.2";
    /** Prefix length of the link's subnet: a /30 holds exactly the two ends. */
    static final int PREFIX_LENGTH = 30;
    /** The nftables table of the faults, family inet (IPv4 and IPv6). */
    static final String TABLE = "cwfault";

    private static final long COMMAND_TIMEOUT_MS = 10_000;
    private static final long LINK_GONE_TIMEOUT_MS = 5_000;
    private static final long LINK_GONE_POLL_MS = 20;
    /** Where iproute2 and nftables install, searched after PATH, which may lack them for a user who is not root. */
    private static final List<String> SBIN_DIRECTORIES = List.of("/usr/sbin", "/sbin", "/usr/local/sbin");
    /** The {@code ip} program, or null if missing. */
    private static final String IP = locate("ip");
    /** The {@code nft} program, or null if missing. */
    private static final String NFT = locate("nft");
    private static final Pattern COUNTER = Pattern.compile("counter packets (\\d+) bytes (\\d+)");

    /** Every nft command this namespace ran, in order, as a shell would take it, for the test's report. */
    final List<String> nftLog = new ArrayList<>();

    private NetworkNamespace()
    {
    }

    /**
     * Checks that this machine lets a test build namespaces and nftables rules, and fails naming what is missing.
     */
    static void requireEnvironment()
    {
        final List<String> missing = new ArrayList<>();
        if (!"0".equals(run(false, "id", "-u").trim()))
        {
            missing.add("root (uid 0): network namespaces and nftables need CAP_NET_ADMIN");
        }
        if (IP == null)
        {
            missing.add("the 'ip' command (package iproute2)");
        }
        if (NFT == null)
        {
            missing.add("the 'nft' command (package nftables)");
        }
        if (missing.isEmpty() && !Files.isDirectory(Path.of("/proc/self/ns")))
        {
            missing.add("kernel network namespaces (/proc/self/ns)");
        }
        if (!missing.isEmpty())
        {
            fail("network fault tests need " + String.join(", ", missing) +
                "; the build installs iproute2 and nftables when run as root (transport/src/test/sh/network-tools.sh)");
        }
    }

    /**
     * Creates the namespace, the veth pair and the addresses, after removing leftovers of a crashed run.
     *
     * @return the namespace, up.
     */
    static NetworkNamespace create()
    {
        removeLeftovers();
        final NetworkNamespace namespace = new NetworkNamespace();
        try
        {
            run(true, IP, "netns", "add", NAME);
            run(true, IP, "link", "add", ROOT_LINK, "type", "veth", "peer", "name", INNER_LINK, "netns", NAME);
            run(true, IP, "addr", "add", ROOT_ADDRESS + "/" + PREFIX_LENGTH, "dev", ROOT_LINK);
            run(true, IP, "link", "set", ROOT_LINK, "up");
            run(true, IP, "-n", NAME, "addr", "add", INNER_ADDRESS + "/" + PREFIX_LENGTH, "dev", INNER_LINK);
            run(true, IP, "-n", NAME, "link", "set", INNER_LINK, "up");
            run(true, IP, "-n", NAME, "link", "set", "lo", "up");
            namespace.nft("add", "table", "inet", TABLE);
            namespace.nft("add", "chain", "inet", TABLE, "in", "{ type filter hook input priority 0; }");
            namespace.nft("add", "chain", "inet", TABLE, "out", "{ type filter hook output priority 0; }");
            return namespace;
        }
        catch (final RuntimeException | Error ex)
        {
            namespace.close();
            throw ex;
        }
    }

    /**
     * The command prefix that runs a program inside the namespace.
     *
     * @return {@code ip netns exec NAME}.
     */
    static List<String> execPrefix()
    {
        return List.of(IP, "netns", "exec", NAME);
    }

    /**
     * Drops a share of the packets in each direction at random: {@code numgen random mod 100 < percent}.
     *
     * @param percent packets in a hundred to drop, on input and on output.
     */
    void loss(final int percent)
    {
        nft("add", "rule", "inet", TABLE, "in", "numgen", "random", "mod", "100", "<", Integer.toString(percent),
            "counter", "drop");
        nft("add", "rule", "inet", TABLE, "out", "numgen", "random", "mod", "100", "<", Integer.toString(percent),
            "counter", "drop");
    }

    /** Drops every packet in and out: the link is cut, silently, as a pulled cable looks to TCP. */
    void cut()
    {
        nft("add", "rule", "inet", TABLE, "in", "counter", "drop");
        nft("add", "rule", "inet", TABLE, "out", "counter", "drop");
    }

    /** Deletes every fault rule; the chains stay, empty, and pass everything. */
    void heal()
    {
        nft("flush", "chain", "inet", TABLE, "in");
        nft("flush", "chain", "inet", TABLE, "out");
    }

    /**
     * Packets the fault rules have dropped so far, read from their counters.
     *
     * @return the sum over both chains; 0 when no rule is in place.
     */
    long droppedPackets()
    {
        final Matcher matcher = COUNTER.matcher(nft("list", "table", "inet", TABLE));
        long packets = 0;
        while (matcher.find())
        {
            packets += Long.parseLong(matcher.group(1));
        }
        return packets;
    }

    /** Removes the veth pair and the namespace, and with it the nftables table; waits until the link is gone. */
    @Override
    public void close()
    {
        removeLeftovers();
    }

    private String nft(final String... args)
    {
        final List<String> command = new ArrayList<>(execPrefix());
        command.add(NFT);
        command.addAll(List.of(args));
        final StringBuilder line = new StringBuilder("ip netns exec ").append(NAME).append(" nft");
        for (final String arg : args)
        {
            line.append(' ').append(arg.matches("[\\w.:/-]+") ? arg : "'" + arg + "'");
        }
        nftLog.add(line.toString());
        return run(true, command.toArray(new String[0]));
    }

    private static void removeLeftovers()
    {
        run(false, IP, "link", "del", ROOT_LINK);
        run(false, IP, "netns", "del", NAME);
        Await.until(() -> exitCode(IP, "link", "show", ROOT_LINK) != 0, Duration.ofMillis(LINK_GONE_TIMEOUT_MS),
            Duration.ofMillis(LINK_GONE_POLL_MS), () -> "link " + ROOT_LINK + " gone after deleting it");
    }

    /** @return the program's absolute path, searched on PATH and then in the sbin directories, or null. */
    private static String locate(final String program)
    {
        final List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        directories.addAll(SBIN_DIRECTORIES);
        for (final String directory : directories)
        {
            final Path candidate = Path.of(directory.isEmpty() ? "." : directory, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
            {
                return candidate.toAbsolutePath().toString();
            }
        }
        return null;
    }

    private static int exitCode(final String... command)
    {
        final Process process = start(command);
        try
        {
            return waitFor(process, command);
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    /**
     * Runs a command to its end, within a bound.
     *
     * @param check whether a non-zero exit fails the test.
     * @return what it wrote to standard output and error.
     */
    private static String run(final boolean check, final String... command)
    {
        final Process process = start(command);
        try
        {
            final int code = waitFor(process, command);
            final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (check && code != 0)
            {
                fail(String.join(" ", command) + " exited with " + code + ": " + output.trim());
            }
            return output;
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(String.join(" ", command), ex);
        }
        finally
        {
            process.destroyForcibly();
        }
    }

    private static Process start(final String... command)
    {
        try
        {
            return new ProcessBuilder(command).redirectErrorStream(true).start();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + ex.getMessage(), ex);
        }
    }

    private static int waitFor(final Process process, final String... command)
    {
        try
        {
            if (!process.waitFor(COMMAND_TIMEOUT_MS, TimeUnit.MILLISECONDS))
            {
                fail(String.join(" ", command) + " did not end within " + COMMAND_TIMEOUT_MS + " ms");
            }
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for " + String.join(" ", command), ex);
        }
    }
}
