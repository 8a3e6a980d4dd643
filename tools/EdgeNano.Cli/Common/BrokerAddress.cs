using EdgeNano.Boards.Host.Mqtt;

namespace EdgeNano.Cli.Common;

/// <summary>
/// Where the MQTT broker is: <c>mqtt://[user[:password]@]host[:port]</c> (plain, default port
/// 1883) or <c>mqtts://...</c> (TLS, default port 8883). User and password may be
/// percent-encoded. A clustered broker is a comma-separated list of its nodes' URLs
/// (<c>mqtt://h1:1883,mqtt://h2:1883</c>), one scheme and one user for all: Host and Port are
/// the first node, <see cref="Nodes"/> all of them.
/// </summary>
public sealed record BrokerAddress(string Host, int Port, bool UseTls, string? Username, string? Password)
{
    // Null for a single broker, so single addresses compare equal by value as before.
    private BrokerNode[]? _nodes { get; init; }

    /// <summary>Every node of the broker, Host:Port first; one for a broker that is not a cluster.</summary>
    public IReadOnlyList<BrokerNode> Nodes => _nodes ?? [new BrokerNode(Host, Port)];

    /// <summary>The same broker with node k (mod the count) first: where a client spreading a fleet over the cluster starts.</summary>
    public BrokerAddress StartingAt(int k)
    {
        if (_nodes == null) return this;
        int first = (int)((uint)k % (uint)_nodes.Length);
        BrokerNode[] rotated = [.. _nodes[first..], .. _nodes[..first]];
        return this with { Host = rotated[0].Host, Port = rotated[0].Port, _nodes = rotated };
    }

    /// <summary>The first node alone (for a line saying which node refused).</summary>
    public BrokerAddress FirstNode => this with { _nodes = null };

    /// <summary>The node list a client walks, starting at node k (mod the count).</summary>
    public BrokerNodes Walk(int k) => new(Nodes, k);

    /// <summary>PEM file of the CA that signed the broker's certificate (mqtts); null trusts the system's CAs.</summary>
    public string? CaFile { get; init; }

    /// <summary>The default broker: a local one on the standard port.</summary>
    public const string Default = "mqtt://127.0.0.1:1883";

    /// <summary>Reads a broker URL; false with a one-line reason when it is not one.</summary>
    public static bool TryParse(string text, out BrokerAddress address, out string error)
    {
        if (!text.Contains(',')) return TryParseOne(text, out address, out error);
        string[] parts = text.Split(',', StringSplitOptions.TrimEntries);
        var nodes = new BrokerNode[parts.Length];
        BrokerAddress? first = null;
        error = "";
        for (int i = 0; i < parts.Length; i++)
        {
            if (!TryParseOne(parts[i], out BrokerAddress node, out error))
            {
                address = node;
                return false;
            }
            if (first != null && (node.UseTls != first.UseTls || node.Username != first.Username || node.Password != first.Password))
            {
                address = node;
                error = $"'{parts[i]}': the brokers of a list are the nodes of one cluster, with the same scheme and user as '{parts[0]}'";
                return false;
            }
            first ??= node;
            nodes[i] = new BrokerNode(node.Host, node.Port);
        }
        address = first! with { _nodes = nodes };
        return true;
    }

    private static bool TryParseOne(string text, out BrokerAddress address, out string error)
    {
        address = new BrokerAddress("", 0, false, null, null);
        error = "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "mqtt" && uri.Scheme != "mqtts") || uri.Host.Length == 0)
        {
            error = $"'{text}' is not a broker URL (mqtt://host:port or mqtts://user:password@host:port)";
            return false;
        }
        if (uri.AbsolutePath is not ("" or "/"))
        {
            error = $"'{text}': a broker URL has no path";
            return false;
        }
        bool tls = uri.Scheme == "mqtts";
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        int port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port;
        address = new BrokerAddress(uri.Host, port, tls, user, password);
        return true;
    }

    /// <summary>The URL without the password, for logs.</summary>
    public override string ToString() =>
        string.Join(",", Nodes.Select(n => $"{(UseTls ? "mqtts" : "mqtt")}://{(Username == null ? "" : Username + "@")}{n.Host}:{n.Port}"));
}
