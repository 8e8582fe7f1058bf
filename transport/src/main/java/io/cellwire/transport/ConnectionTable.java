package io.cellwire.transport;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The open connections by id, readable from any thread: handler lanes look up the connection they reply to.
 * <p>
 * An id is {@code (generation << 32) | index}: a table index reused by a later connection gets a new generation, so a
 * stale id finds nothing. Only the poller thread adds and removes; lookups are volatile reads of one array element.
 */
public final class ConnectionTable
{
    private static final int INDEX_BITS = 32;
    private static final long INDEX_MASK = 0xffff_ffffL;

    private final AtomicReferenceArray<Connection> connections;
    private final long[] generations;
    private int size;

    /**
     * A table of {@code capacity} entries.
     *
     * @param capacity most connections open at once.
     */
    public ConnectionTable(final int capacity)
    {
        connections = new AtomicReferenceArray<>(capacity);
        generations = new long[capacity];
    }

    /**
     * Poller: the id the next connection would get, or -1 if the table is full.
     *
     * @return an id, or -1.
     */
    long nextId()
    {
        for (int i = 0; i < generations.length; i++)
        {
            if (connections.get(i) == null)
            {
                return ((generations[i] + 1) << INDEX_BITS) | i;
            }
        }
        return -1;
    }

    /** Poller: makes a connection visible under its id. */
    void add(final Connection connection)
    {
        final int index = (int)(connection.id & INDEX_MASK);
        generations[index] = connection.id >>> INDEX_BITS;
        connections.set(index, connection);
        size++;
    }

    /** Poller: removes a connection. */
    void remove(final Connection connection)
    {
        final int index = (int)(connection.id & INDEX_MASK);
        if (connections.get(index) == connection)
        {
            connections.set(index, null);
            size--;
        }
    }

    /**
     * Any thread: the open connection with this id.
     *
     * @param id a connection id.
     * @return the connection, or null if it is not open.
     */
    public Connection get(final long id)
    {
        final int index = (int)(id & INDEX_MASK);
        if (index < 0 || index >= generations.length)
        {
            return null;
        }
        final Connection connection = connections.get(index);
        return connection != null && connection.id == id ? connection : null;
    }

    /**
     * Poller: the connection at a table index, for iteration.
     *
     * @param index 0 ≤ index &lt; {@link #capacity()}.
     * @return the connection or null.
     */
    Connection at(final int index)
    {
        return connections.get(index);
    }

    /**
     * Poller: how many connections are open.
     *
     * @return the count.
     */
    int size()
    {
        return size;
    }

    /**
     * The most connections the table holds.
     *
     * @return the capacity.
     */
    public int capacity()
    {
        return generations.length;
    }
}
