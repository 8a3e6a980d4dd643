using System.Net;
using System.Net.Sockets;
using EdgeNano.Boards.Host.Mqtt;

namespace EdgeNano.Tests.Infrastructure;

/// <summary>
/// A TCP relay on a loopback port in front of a broker. <see cref="CutAll"/> resets every relayed
/// connection on both sides, which is what a board losing power or Wi-Fi looks like to the
/// broker: the socket ends with no MQTT DISCONNECT, so the broker publishes the client's will.
/// <see cref="Silence"/> keeps every connection open but relays nothing more either way: a link
/// gone dead without either side's socket noticing, which only MQTT's keep-alive finds out.
/// </summary>
public sealed class CuttableProxy : IDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly List<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _silent;

    public CuttableProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Parse(targetHost), targetPort);
        Port = LoopbackPort.Free();
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        _ = AcceptLoop();
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>From now on, bytes are read and dropped in both directions; the sockets stay open.</summary>
    public void Silence() => _silent = true;

    /// <summary>Resets every connection relayed so far (TCP RST both ways, no FIN, no DISCONNECT).</summary>
    public void CutAll()
    {
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                try
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
                catch (ObjectDisposedException)
                {
                }
            }
            _sockets.Clear();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        CutAll();
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await upstream.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                client.Close();
                upstream.Dispose();
                continue;
            }
            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(upstream);
            }
            _ = Pump(client, upstream);
            _ = Pump(upstream, client);
        }
    }

    private async Task Pump(Socket from, Socket to)
    {
        var buffer = new byte[8192];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0) break;
                if (_silent) continue;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Cut, or the other side went away: nothing left to relay.
        }
    }
}
