package io.cellwire.bench.cli;

/**
 * A command that runs a service until SIGINT or SIGTERM ({@code node}, {@code peer}, {@code reference-peer},
 * {@code floor}), which a test or the shutdown hook stops instead.
 */
public interface ServiceCommand
{
    /** Closes the service and lets the command return; idempotent, from any thread. */
    void stop();
}
