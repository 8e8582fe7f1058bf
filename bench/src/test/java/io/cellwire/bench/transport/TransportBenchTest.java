package io.cellwire.bench.transport;

import io.cellwire.testing.AgentErrors;
import io.cellwire.transport.IdleStrategies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The loopback benchmark end to end on short phases: every contender measures a QUERY size and a DATA size in both
 * patterns through the one warm-up/measure skeleton, with nothing noted against it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransportBenchTest
{
    private static final List<Integer> SIZES = List.of(32, 1024);
    /** Warm-up and measured time of each phase: long enough for a round trip even on a shared, busy host. */
    private static final long PHASE_NS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final Pattern MESSAGES = Pattern.compile("\"messages\": ([0-9]+)");

    @RegisterExtension
    final AgentErrors agentErrors = new AgentErrors();

    @Test
    void shouldMeasureEveryContenderInBothPatternsAtEverySize()
    {
        final TransportBench bench = new TransportBench(PHASE_NS, PHASE_NS, 1, IdleStrategies.SPIN, SIZES,
            TransportBench.CONTENDERS, agentErrors);
        bench.run(new PrintWriter(Writer.nullWriter()));

        for (final int size : SIZES)
        {
            for (final String contender : TransportBench.CONTENDERS)
            {
                final String phase = contender + " at " + size + " B";
                final double p50 = bench.pingPongUs(size, contender, 50.0);
                assertTrue(p50 > 0 && p50 <= bench.pingPongUs(size, contender, 99.0), phase + " p50 " + p50);
                assertTrue(bench.messagesPerSecond(size, TransportBench.PING_PONG, contender) > 0, phase);
                assertTrue(bench.messagesPerSecond(size, TransportBench.STREAMING, contender) > 0, phase);
            }
        }
        final String json = bench.json();
        final int phases = SIZES.size() * 2 * TransportBench.CONTENDERS.size();
        final Matcher messages = MESSAGES.matcher(json);
        int measured = 0;
        while (messages.find())
        {
            assertTrue(Long.parseLong(messages.group(1)) > 0, messages.group());
            measured++;
        }
        assertEquals(2 * phases, measured, "each phase once merged, once as its one slice: " + json);
        assertEquals(2 * phases, json.split("\"note\": \"\"", -1).length - 1, "no phase noted a fault: " + json);
    }
}
