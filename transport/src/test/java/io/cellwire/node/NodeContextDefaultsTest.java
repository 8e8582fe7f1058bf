package io.cellwire.node;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The defaults of {@link Node.Context} that depend on the machine. */
class NodeContextDefaultsTest
{
    @Test
    void shouldStartOneVerifierWorkerPerCoreBesideThePollersWithinItsBounds()
    {
        assertEquals(1, Node.Context.defaultVerifierWorkers(1));
        assertEquals(1, Node.Context.defaultVerifierWorkers(2));
        assertEquals(3, Node.Context.defaultVerifierWorkers(4));
        assertEquals(8, Node.Context.defaultVerifierWorkers(9));
        assertEquals(8, Node.Context.defaultVerifierWorkers(64));
        assertEquals(Node.Context.defaultVerifierWorkers(Runtime.getRuntime().availableProcessors()),
            new Node.Context().verifierWorkers());
    }
}
