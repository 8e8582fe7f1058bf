package io.cellwire.bench.peer;

import convex.core.data.AccountKey;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses what {@code cellwire peer} and {@code cellwire reference-peer} share: {@code --genesis-keys} and
 * {@code --connect}. Stateless.
 */
public final class PeerArguments
{
    private PeerArguments()
    {
    }

    /**
     * @param hexKeys the keys as given, or null when the option is absent.
     * @return the keys in order, or null when absent.
     * @throws IllegalArgumentException naming the first key that is not 64 hex digits.
     */
    public static List<AccountKey> genesisKeys(final List<String> hexKeys)
    {
        if (null == hexKeys)
        {
            return null;
        }
        final List<AccountKey> keys = new ArrayList<>();
        for (final String hex : hexKeys)
        {
            final AccountKey key = AccountKey.fromHexOrNull(hex);
            if (null == key)
            {
                throw new IllegalArgumentException("64 hex digits each, not " + hex);
            }
            keys.add(key);
        }
        return keys;
    }

    /**
     * @param endpoints {@code HOST:PORT} each, or null when the option is absent.
     * @return the endpoints, unresolved, in order; empty when absent.
     * @throws IllegalArgumentException naming the first that is not {@code HOST:PORT}.
     */
    public static List<InetSocketAddress> endpoints(final List<String> endpoints)
    {
        final List<InetSocketAddress> parsed = new ArrayList<>();
        if (null != endpoints)
        {
            for (final String endpoint : endpoints)
            {
                final int colon = endpoint.lastIndexOf(':');
                try
                {
                    parsed.add(InetSocketAddress.createUnresolved(
                        endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1))));
                }
                catch (final RuntimeException ex)
                {
                    throw new IllegalArgumentException("HOST:PORT, not " + endpoint, ex);
                }
            }
        }
        return parsed;
    }
}
