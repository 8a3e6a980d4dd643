using System.Net.Sockets;
using Grpc.Net.Client;

namespace EdgeNano.Cli.Mapper;

/// <summary>
/// gRPC over a Unix domain socket, as DMI runs: a channel to a socket path, and the identity of
/// the socket file at a path, which changes when its server starts again (edgecore removes a
/// stale socket and creates a new one at every start).
/// </summary>
internal static class DmiSocket
{
    /// <summary>KubeEdge's default path of edgecore's DMI socket (<c>modules.deviceTwin.dmiSockPath</c>).</summary>
    public const string EdgecoreDefault = "/etc/kubeedge/dmi.sock";

    /// <summary>The mapper's own socket by default: beside edgecore's, named for the protocol, as KubeEdge's mappers do.</summary>
    public const string MapperDefault = "/etc/kubeedge/edgenano.sock";

    /// <summary>A channel whose every connection is a new connection to the socket at path (gRPC reconnects by itself).</summary>
    public static GrpcChannel Channel(string path, int maxMessageBytes)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancel);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = maxMessageBytes,
            MaxSendMessageSize = maxMessageBytes,
        });
    }

    /// <summary>Which socket file is at path now (its times, to the tick), or null when there is none.</summary>
    public static string? Identity(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.Exists ? $"{info.CreationTimeUtc.Ticks}:{info.LastWriteTimeUtc.Ticks}" : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
