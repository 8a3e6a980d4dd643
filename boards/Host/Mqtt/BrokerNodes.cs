namespace EdgeNano.Boards.Host.Mqtt;

/// <summary>One node of a clustered broker: where a client can connect.</summary>
public readonly record struct BrokerNode(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}

/// <summary>
/// The nodes of a clustered broker as one client walks them: it starts at a given node (so a
/// fleet spreads over the cluster) and moves to the next after a failed connect or a lost
/// session, so a client whose node is gone reconnects to another instead of waiting for it.
/// </summary>
public sealed class BrokerNodes
{
    private readonly BrokerNode[] _nodes;
    private int _current;

    /// <summary>The nodes in order; the client starts at node start mod the count.</summary>
    public BrokerNodes(IReadOnlyList<BrokerNode> nodes, int start)
    {
        if (nodes.Count == 0) throw new ArgumentException("a broker needs at least one node", nameof(nodes));
        _nodes = [.. nodes];
        _current = (int)((uint)start % (uint)_nodes.Length);
    }

    public int Count => _nodes.Length;

    /// <summary>The node the next connect goes to.</summary>
    public BrokerNode Current => _nodes[Volatile.Read(ref _current)];

    /// <summary>On to the next node (after the last, the first again).</summary>
    public void MoveOn()
    {
        int seen, next;
        do
        {
            seen = Volatile.Read(ref _current);
            next = (seen + 1) % _nodes.Length;
        }
        while (Interlocked.CompareExchange(ref _current, next, seen) != seen);
    }
}
