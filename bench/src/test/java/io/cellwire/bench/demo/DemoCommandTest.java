package io.cellwire.bench.demo;

import io.cellwire.bench.CliRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code cellwire demo} for two seconds: a clean run exits 0, prints the listen line and the summary, every value is
 * correct, msgs/s and the latencies count the correct RESULTs, and the node's counters equal what the load generator
 * got back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoCommandTest
{
    private static final List<String> REQUIRED_FIELDS = List.of(
        "sent", "ok", "errors", "timeouts", "msgs_per_s", "p50_us", "p90_us", "p99_us", "p999_us", "max_us");
    private static final Pattern COUNTER = Pattern.compile("^  ([a-z :A-Z]+?) +([0-9,]+)   (==|!=) ([0-9,]+) ",
        Pattern.MULTILINE);

    @TempDir
    Path dir;

    @Test
    void shouldAnswerEveryRequestOnceAndMatchTheNodeCounters() throws IOException
    {
        final Path json = dir.resolve("demo.json");
        final CliRunner.Run run = CliRunner.run("demo", "--duration", "2", "--warmup", "1", "--json", json.toString());
        final String out = run.out();
        assertEquals(DemoCommand.EXIT_OK, run.exitCode(), out + run.err());
        assertEquals(List.of(), run.agentErrors(), run.err());
        assertTrue(out.startsWith("listening on 127.0.0.1:"), out);
        assertTrue(out.contains("latency us: p50 "), out);
        assertTrue(out.contains("throughput "), out);
        assertTrue(out.contains("every request answered exactly once: yes; every value correct: yes; " +
            "node counters match: yes"), out);
        assertFalse(out.contains("FAILED"), out);

        final String summary = Files.readString(json, StandardCharsets.UTF_8);
        for (final String field : REQUIRED_FIELDS)
        {
            assertTrue(summary.contains("\"" + field + "\": "), field + " missing in " + summary);
        }
        assertTrue(summary.contains("\"timeouts\": 0,"), summary);
        assertTrue(summary.contains("\"clean\": true"), summary);
        assertTrue(summary.contains("\"wrong\": 0,"), summary);
        assertTrue(summary.contains("\"warmup_and_measured_wrong\": 0,"), summary);
        final double correct = field(summary, "ok");
        assertTrue(correct > 0, summary);
        assertEquals(correct, field(summary, "recorded"), "latencies of correct RESULTs only: " + summary);
        assertEquals(correct / 2, field(summary, "msgs_per_s"), 0.001, "two measured seconds: " + summary);

        final Matcher counters = COUNTER.matcher(out);
        int lines = 0;
        while (counters.find())
        {
            lines++;
            assertEquals("==", counters.group(3), counters.group());
            assertEquals(counters.group(2), counters.group(4), counters.group());
        }
        assertEquals(4, lines, out);
        assertTrue(counterValue(out, "queries handled") > 0, out);
        assertTrue(counterValue(out, "transactions admitted") > 0, out);
        assertTrue(counterValue(out, "status answered") > 0, out);
    }

    @Test
    void shouldRejectAZeroWindow()
    {
        final CliRunner.Run run = CliRunner.run("demo", "--window", "0");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--window must be 1.."), run.err());
    }

    private static double field(final String json, final String name)
    {
        final Matcher matcher = Pattern.compile("\"" + name + "\": (-?[0-9.]+)").matcher(json);
        assertTrue(matcher.find(), name + " missing in " + json);
        return Double.parseDouble(matcher.group(1));
    }

    private static long counterValue(final String out, final String name)
    {
        final Matcher matcher = Pattern.compile("^  " + name + " +([0-9,]+) ", Pattern.MULTILINE).matcher(out);
        assertTrue(matcher.find(), name + " missing in " + out);
        return Long.parseLong(matcher.group(1).replace(",", ""));
    }
}
