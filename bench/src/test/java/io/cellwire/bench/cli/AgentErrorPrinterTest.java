package io.cellwire.bench.cli;

import io.cellwire.bench.CliRunner;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An agent's exception reaches the command's error stream on one marked line, which the CLI tests look for. */
class AgentErrorPrinterTest
{
    @Test
    void shouldPrintTheExceptionOnOneMarkedLineThenItsStackTrace()
    {
        final StringWriter err = new StringWriter();
        final AgentErrorPrinter printer = new AgentErrorPrinter(new PrintWriter(err));

        printer.onError(new IllegalStateException("boom"));

        final String printed = err.toString();
        assertEquals(List.of("agent error: java.lang.IllegalStateException: boom"), CliRunner.agentErrors(printed),
            printed);
        assertTrue(printed.contains("\tat " + AgentErrorPrinterTest.class.getName()), printed);
    }
}
