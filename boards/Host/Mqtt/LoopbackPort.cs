using System.Net;
using System.Net.Sockets;

namespace EdgeNano.Boards.Host.Mqtt;

/// <summary>Free TCP ports on 127.0.0.1 for brokers started by tools and tests.</summary>
public static class LoopbackPort
{
    /// <summary>
    /// A port nothing listens on right now (the OS picks it). Another process could take it
    /// before the caller binds it; with ephemeral ports handed out in rotation that is rare.
    /// </summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
