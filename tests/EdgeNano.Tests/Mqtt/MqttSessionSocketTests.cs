using System.Diagnostics;
using System.Text.RegularExpressions;
using EdgeNano.Cli.Common;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Mqtt;

/// <summary>
/// The hub's and the sim's MQTT sessions take a fleet's traffic on one connection each. MQTTnet
/// sets a socket's buffers to its BufferSize (8 KB), and on Linux that also stops the kernel
/// from growing the receive window: at 10,000 boards the hub's window closed whenever it fell
/// behind for a moment, and the broker's zero-window probes then left 3.6 MB waiting in its
/// socket for seconds while both sides were idle (the round trip's p99 went from 0.66 s to
/// 8.7 s). Read from the kernel with <c>ss</c>, as the benchmark found it.
/// </summary>
public sealed partial class MqttSessionSocketTests
{
    [SkippableFact]
    public async Task A_session_gets_a_receive_buffer_far_larger_than_MQTTnets_default()
    {
        using var broker = MosquittoBroker.Start();
        await using var session = await MqttSession.ConnectAsync(new BrokerAddress(broker.Host, broker.Port, false, null, null), "socket-check",
            MqttSession.ConnectTimeout, CancellationToken.None);

        // The session's end of its one connection to this broker: its receive buffer (skmem rb).
        string sockets = SocketMemory(broker.Port);
        Match buffer = ReceiveBuffer().Match(sockets);
        Assert.True(buffer.Success, "ss showed no connection to the broker:\n" + sockets);
        int bytes = int.Parse(buffer.Groups[1].Value);

        // MQTTnet's 8 KB becomes 16 KB in the kernel; 1 MB is capped at twice net.core.rmem_max
        // (Debian's default: 416 KB). Anything at or under 64 KB is the stall coming back.
        Assert.True(bytes > 64 * 1024, $"receive buffer {bytes} bytes:\n{sockets}");
    }

    /// <summary><c>ss</c>'s memory line of the connections to a local port (skipped when ss is not installed).</summary>
    private static string SocketMemory(int port)
    {
        const string Ss = "/usr/bin/ss";
        Skip.If(!File.Exists(Ss) && !File.Exists("/bin/ss"), "ss is not installed (apt-get install iproute2); socket check skipped");
        var start = new ProcessStartInfo(File.Exists(Ss) ? Ss : "/bin/ss", $"-tmnH state established ( dport = :{port} )")
        {
            RedirectStandardOutput = true,
        };
        using Process ss = Process.Start(start)!;
        string output = ss.StandardOutput.ReadToEnd();
        ss.WaitForExit();
        return output;
    }

    [GeneratedRegex(@"skmem:\(r\d+,rb(\d+),")]
    private static partial Regex ReceiveBuffer();
}
