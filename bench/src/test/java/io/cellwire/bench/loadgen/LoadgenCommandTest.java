package io.cellwire.bench.loadgen;

import io.cellwire.bench.CliRunner;
import io.cellwire.bench.peer.ReferencePeerNode;
import io.cellwire.codec.message.MessageHandler;
import io.cellwire.testing.AgentErrors;
import io.cellwire.transport.IdleStrategies;
import io.cellwire.transport.Transport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire loadgen} in-process against a 0.7.9 reference peer started in this JVM: closed-loop queries,
 * transactions with the genesis key, the open-loop schedule, and the exit code when requests time out or every value
 * is wrong for what was expected of the target.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadgenCommandTest
{
    /** The fields the JSON summary must have. */
    static final List<String> REQUIRED_FIELDS = List.of(
        "sent", "ok", "errors", "timeouts", "msgs_per_s", "p50_us", "p90_us", "p99_us", "p999_us", "max_us");

    private static ReferencePeerNode peer;

    @TempDir
    Path dir;

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    @BeforeAll
    static void startPeer()
    {
        peer = ReferencePeerNode.start(0, ReferencePeerNode.parseSeed(ReferencePeerNode.DEFAULT_SEED_HEX));
    }

    @AfterAll
    static void stopPeer()
    {
        peer.close();
    }

    @Test
    void shouldAnswerEveryClosedLoopQueryWithThreeAndExitZero() throws IOException
    {
        final Path json = dir.resolve("query.json");
        final CliRunner.Run run = CliRunner.run("loadgen", "--target", peer.endpoint(), "--type", "query",
            "--duration", "2", "--warmup", "0", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(List.of(), run.agentErrors(), run.err());
        final String summary = Files.readString(json, StandardCharsets.UTF_8);
        for (final String field : REQUIRED_FIELDS)
        {
            assertTrue(summary.contains("\"" + field + "\": "), field + " missing in " + summary);
        }
        final long sent = (long)field(summary, "sent");
        assertTrue(sent > 0, summary);
        assertEquals(sent, field(summary, "ok"), summary);
        assertEquals(0, field(summary, "wrong"), "each answer is (+ 1 2) = 3: " + summary);
        assertEquals(sent, field(summary, "recorded"), summary);
        assertEquals(0, field(summary, "timeouts"), summary);
        assertEquals("", errors(summary));
        assertTrue(field(summary, "p50_us") <= field(summary, "p99_us"), summary);
        assertTrue(field(summary, "p99_us") <= field(summary, "max_us"), summary);
    }

    @Test
    void shouldCommitGenesisTransactionsWithoutSequenceErrors() throws IOException
    {
        final Path json = dir.resolve("transact.json");
        final CliRunner.Run run = CliRunner.run("loadgen", "--target", peer.endpoint(), "--type", "transact",
            "--duration", "2", "--warmup", "0", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(List.of(), run.agentErrors(), run.err());
        final String summary = Files.readString(json, StandardCharsets.UTF_8);
        final long sent = (long)field(summary, "sent");
        assertTrue(sent > 0, summary);
        assertEquals(sent, field(summary, "ok"), summary);
        assertEquals(0, field(summary, "wrong"), "each Invoke of (+ 1 2) returns 3: " + summary);
        assertEquals("", errors(summary), "no :SEQUENCE or other errors");
        assertTrue(run.out().contains("sequence numbers "), run.out());
    }

    @Test
    void shouldTakeEveryStatusAnswerOfTheReferenceAsCorrect() throws IOException
    {
        final Path json = dir.resolve("status.json");
        final CliRunner.Run run = CliRunner.run("loadgen", "--target", peer.endpoint(), "--type", "status",
            "--duration", "1", "--warmup", "0", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(List.of(), run.agentErrors(), run.err());
        final String summary = Files.readString(json, StandardCharsets.UTF_8);
        final long sent = (long)field(summary, "sent");
        assertTrue(sent > 0, summary);
        assertEquals(sent, field(summary, "ok"), "each a Vector of five 32-byte Blobs: " + summary);
        assertEquals(0, field(summary, "wrong"), summary);
    }

    @Test
    void shouldSendRateTimesDurationRequestsInOpenLoop() throws IOException
    {
        final Path json = dir.resolve("open.json");
        final CliRunner.Run run = CliRunner.run("loadgen", "--target", peer.endpoint(), "--type", "query",
            "--rate", "500", "--duration", "2", "--warmup", "0", "--json", json.toString());
        assertEquals(0, run.exitCode(), run.err() + run.out());
        assertEquals(List.of(), run.agentErrors(), run.err());
        final String summary = Files.readString(json, StandardCharsets.UTF_8);
        assertEquals(1000, field(summary, "sent"), summary);
        assertEquals(1000, field(summary, "ok"), summary);
        assertEquals(1000, field(summary, "recorded"), summary);
        assertEquals(0, field(summary, "unsent"), summary);
        assertEquals(500, field(summary, "msgs_per_s"), 0.001, summary);
        assertTrue(run.out().contains("from intended send times"), run.out());
    }

    @Test
    void shouldExitOneWhenRequestsTimeOut() throws IOException
    {
        final Path json = dir.resolve("silent.json");
        try (Transport silent = Transport.launch(new Transport.Context().port(0).idleStrategy(IdleStrategies.SLEEP)
            .countersDirectory(null).errorHandler(agentErrors).handlerFactory(session -> new MessageHandler()
            {
            })))
        {
            final String target = "127.0.0.1:" + silent.localAddress().getPort();
            final CliRunner.Run run = CliRunner.run("loadgen", "--target", target, "--timeout-ms", "200",
                "--duration", "1", "--warmup", "0", "--json", json.toString());
            assertEquals(LoadgenCommand.EXIT_FAILED, run.exitCode(), run.err() + run.out());
            assertEquals(List.of(), run.agentErrors(), run.err());
            final String summary = Files.readString(json, StandardCharsets.UTF_8);
            final long sent = (long)field(summary, "sent");
            assertTrue(sent >= 1, summary);
            assertEquals(sent, field(summary, "timeouts"), summary);
            assertEquals(0, field(summary, "ok"), summary);
            assertEquals(0, field(summary, "outstanding"), summary);
            assertTrue(run.out().contains("NOT CLEAN"), run.out());
            assertTrue(run.err().contains("loadgen FAILED: " + sent + " timeouts"), run.err());
        }
    }

    @Test
    void shouldExitOneWhenAnEchoIsExpectedOfAComputingPeer() throws IOException
    {
        final Path json = dir.resolve("echo-expected.json");
        final CliRunner.Run run = CliRunner.run("loadgen", "--target", peer.endpoint(), "--type", "query",
            "--echo-peer", "--duration", "1", "--warmup", "0", "--json", json.toString());
        assertEquals(LoadgenCommand.EXIT_FAILED, run.exitCode(), run.err() + run.out());
        assertEquals(List.of(), run.agentErrors(), run.err());
        final String summary = Files.readString(json, StandardCharsets.UTF_8);
        final long sent = (long)field(summary, "sent");
        assertTrue(sent > 0, summary);
        assertEquals(sent, field(summary, "wrong"), "the peer computes 3, the form was expected back: " + summary);
        assertEquals(0, field(summary, "ok"), summary);
        assertEquals(0, field(summary, "msgs_per_s"), 0.0, summary);
        assertTrue(run.err().contains("wrong values (first: QUERY answered 0903 (2 bytes), expected " +
            LoadForms.ONE_PLUS_TWO_HEX + ")"), run.err());
    }

    @Test
    void shouldRejectRateTogetherWithWindow()
    {
        final CliRunner.Run run = CliRunner.run("loadgen", "--target", "127.0.0.1:1", "--rate", "10", "--window", "2");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("exclude each other"), run.err());
    }

    static double field(final String json, final String name)
    {
        final Matcher matcher = Pattern.compile("\"" + name + "\": (-?[0-9.]+)").matcher(json);
        assertTrue(matcher.find(), name + " missing in " + json);
        return Double.parseDouble(matcher.group(1));
    }

    static String errors(final String json)
    {
        final Matcher matcher = Pattern.compile("\"errors\": \\{([^}]*)}").matcher(json);
        assertTrue(matcher.find(), "errors missing in " + json);
        return matcher.group(1);
    }
}
