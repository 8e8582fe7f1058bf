package io.cellwire.bench.loadgen;

import io.cellwire.bench.CliRunner;
import io.cellwire.bench.ScriptedPeer;
import io.cellwire.bench.ScriptedPeer.Reply;
import io.cellwire.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.cellwire.bench.loadgen.LoadgenCommandTest.errors;
import static io.cellwire.bench.loadgen.LoadgenCommandTest.field;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire loadgen} against a {@link ScriptedPeer} that answers {@code (+ 1 2)} with 3, with 4 or with
 * {@code :LOAD}, as a CVM peer would be checked (no {@code --echo-peer}): a wrong value fails the run and counts in
 * neither msgs/s nor the latencies; error RESULTs are counted by code apart from the throughput and fail the run only
 * with {@code --fail-on-error}. Each run is one measured second with no warm-up, so every request is measured and
 * msgs/s is the count of correct RESULTs; the counts are checked against the replies the peer wrote.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LoadgenClassificationTest
{
    @TempDir
    Path dir;

    private ScriptedPeer peer;

    @AfterEach
    void stopPeer()
    {
        if (peer != null)
        {
            peer.close();
        }
    }

    @Test
    void shouldExitOneAndCountNothingWhenEveryValueIsWrong() throws IOException
    {
        peer = ScriptedPeer.start(Reply.WRONG);
        final Path json = dir.resolve("wrong.json");
        final CliRunner.Run run = loadgen(json);
        assertEquals(LoadgenCommand.EXIT_FAILED, run.exitCode(), run.err() + run.out());
        final String summary = Files.readString(json, StandardCharsets.UTF_8);
        final long sent = (long)field(summary, "sent");
        assertTrue(sent > 0, summary);
        awaitReplies(sent);
        assertEquals(sent, peer.replies(Reply.WRONG), summary);
        assertEquals(sent, field(summary, "wrong"), summary);
        assertEquals(0, field(summary, "ok"), summary);
        assertEquals(0, field(summary, "recorded"), "no latency of a wrong value: " + summary);
        assertEquals(0, field(summary, "msgs_per_s"), 0.0, summary);
        assertTrue(summary.contains("\"clean\": false"), summary);
        assertTrue(run.err().contains("loadgen FAILED: " + sent + " wrong values (first: QUERY answered " +
            ScriptedPeer.FOUR_HEX + " (2 bytes), expected " + ScriptedPeer.THREE_HEX + ")"), run.err());
        assertTrue(run.out().contains("NOT CLEAN"), run.out());
    }

    @Test
    void shouldCountOnlyCorrectResultsInThroughputAndLatency() throws IOException
    {
        peer = ScriptedPeer.start(Reply.CORRECT, Reply.WRONG, Reply.WRONG);
        final Path json = dir.resolve("mixed.json");
        final CliRunner.Run run = loadgen(json);
        assertEquals(LoadgenCommand.EXIT_FAILED, run.exitCode(), run.err() + run.out());
        final String summary = Files.readString(json, StandardCharsets.UTF_8);
        final long sent = (long)field(summary, "sent");
        awaitReplies(sent);
        final long correct = peer.replies(Reply.CORRECT);
        assertTrue(correct > 0 && correct < sent, correct + " of " + sent);
        assertEquals(correct, field(summary, "ok"), summary);
        assertEquals(peer.replies(Reply.WRONG), field(summary, "wrong"), summary);
        assertEquals(correct, field(summary, "recorded"), "latencies of correct RESULTs only: " + summary);
        assertEquals(correct, field(summary, "msgs_per_s"), 0.001, "one measured second: " + summary);
    }

    @Test
    void shouldCountErrorResultsByCodeApartAndExitZero() throws IOException
    {
        peer = ScriptedPeer.start(Reply.CORRECT, Reply.LOAD_ERROR);
        final Path json = dir.resolve("errors.json");
        final CliRunner.Run run = loadgen(json);
        assertEquals(LoadgenCommand.EXIT_OK, run.exitCode(), run.err() + run.out());
        final String summary = Files.readString(json, StandardCharsets.UTF_8);
        final long sent = (long)field(summary, "sent");
        awaitReplies(sent);
        final long correct = peer.replies(Reply.CORRECT);
        final long shed = peer.replies(Reply.LOAD_ERROR);
        assertTrue(shed > 0, summary);
        assertEquals("\"LOAD\": " + shed, errors(summary));
        assertEquals(correct, field(summary, "ok"), summary);
        assertEquals(correct, field(summary, "recorded"), "no latency of an error RESULT: " + summary);
        assertEquals(correct, field(summary, "msgs_per_s"), 0.001, "one measured second: " + summary);
        assertEquals(0, field(summary, "wrong"), summary);
        assertTrue(summary.contains("\"clean\": true"), summary);
        assertTrue(run.out().contains("errors by code (not in throughput or latency): :LOAD " + shed), run.out());
    }

    @Test
    void shouldExitOneOnErrorResultsWithFailOnError() throws IOException
    {
        peer = ScriptedPeer.start(Reply.CORRECT, Reply.LOAD_ERROR);
        final Path json = dir.resolve("fail-on-error.json");
        final CliRunner.Run run = loadgen(json, "--fail-on-error");
        assertEquals(LoadgenCommand.EXIT_FAILED, run.exitCode(), run.err() + run.out());
        final String summary = Files.readString(json, StandardCharsets.UTF_8);
        awaitReplies((long)field(summary, "sent"));
        final long shed = peer.replies(Reply.LOAD_ERROR);
        assertTrue(run.err().contains("loadgen FAILED: " + shed + " error RESULTs (--fail-on-error)"), run.err());
    }

    private CliRunner.Run loadgen(final Path json, final String... extra)
    {
        final String[] args = { "loadgen", "--target", peer.endpoint(), "--type", "query", "--duration", "1",
            "--warmup", "0", "--json", json.toString() };
        final String[] all = new String[args.length + extra.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(extra, 0, all, args.length, extra.length);
        final CliRunner.Run run = CliRunner.run(all);
        assertEquals(List.of(), run.agentErrors(), run.err());
        return run;
    }

    /** The peer's counts are bumped on its thread before each reply goes out: wait until they show every reply. */
    private void awaitReplies(final long sent)
    {
        Await.until(() -> peer.replies() == sent, Await.TIMEOUT,
            () -> peer.replies() + " replies counted of " + sent + " requests");
    }
}
