package io.cellwire.bench.peer;

import convex.core.data.AccountKey;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The options {@code cellwire peer} and {@code cellwire reference-peer} share, as a picocli mixin:
 * {@code --genesis-keys} and {@code --connect}. Filled by picocli, then read by the command's thread.
 */
public final class PeerNetworkOptions
{
    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--genesis-keys", paramLabel = "HEX", split = ",",
        description = "Public keys of the genesis peers, in order (default: this peer's own key alone).")
    private List<String> genesisKeys;

    @Option(names = "--connect", paramLabel = "HOST:PORT", split = ",",
        description = "Peers to link to, each asked again once a second until it answers.")
    private List<String> connect;

    /**
     * @return the genesis keys in order, or null when the option is absent.
     * @throws ParameterException naming the first key that is not 64 hex digits.
     */
    public List<AccountKey> genesisKeys()
    {
        if (null == genesisKeys)
        {
            return null;
        }
        final List<AccountKey> keys = new ArrayList<>();
        for (final String hex : genesisKeys)
        {
            final AccountKey key = AccountKey.fromHexOrNull(hex);
            if (null == key)
            {
                throw new ParameterException(spec.commandLine(), "--genesis-keys: 64 hex digits each, not " + hex);
            }
            keys.add(key);
        }
        return keys;
    }

    /**
     * @return the {@code --connect} endpoints, unresolved, in order; empty when absent.
     * @throws ParameterException naming the first that is not {@code HOST:PORT}.
     */
    public List<InetSocketAddress> endpoints()
    {
        final List<InetSocketAddress> parsed = new ArrayList<>();
        if (null != connect)
        {
            for (final String endpoint : connect)
            {
                final int colon = endpoint.lastIndexOf(':');
                try
                {
                    parsed.add(InetSocketAddress.createUnresolved(
                        endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1))));
                }
                catch (final RuntimeException ex)
                {
                    throw new ParameterException(spec.commandLine(), "--connect: HOST:PORT, not " + endpoint, ex);
                }
            }
        }
        return parsed;
    }
}
