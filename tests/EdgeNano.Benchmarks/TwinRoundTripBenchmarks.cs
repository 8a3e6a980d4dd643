using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.DeviceTwin;
using EdgeNano.DeviceTwin.Wire;
using EdgeNano.EdgeHub;
using EdgeNano.EventBus;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;

namespace EdgeNano.Benchmarks;

/// <summary>
/// Twin round trip through a real mosquitto on loopback: the cloud publishes a desired value
/// (twin/update/delta), the simulated board applies it (eventbus → devicetwin → actuator) and
/// reports the read-back (devicetwin → edgehub → link), and the cloud receives the twin/update.
/// A plain measured harness, not BenchmarkDotNet: BDN reports per-iteration means, while this
/// needs the latency of every single round trip for p50/p99. Run with
/// <c>dotnet run -c Release --project tests/EdgeNano.Benchmarks -- roundtrip [count]</c>.
/// </summary>
public static class TwinRoundTripBenchmarks
{
    private const string Device = "default/bench-01";

    public static void Run(string[] args)
    {
        int count = args.Length > 1 ? int.Parse(args[1]) : 10_000;
        using var broker = Mosquitto.Start();
        var clock = new HostClock();
        var topics = new KubeEdgeTopics(null, ["default"], ["bench-01"], false);
        var store = new TwinStore(new TwinConfig { MaxDevices = 1, PropertiesPerDevice = 8, ArenaBytes = 2048 }, clock);
        store.RegisterDevice(Device);
        var host = new ModuleHost(new RuntimeConfig { RingCapacity = 16, MessagePoolSize = 32, MessageContentCapacity = 1024 }, clock, new ConsoleLog(LogLevel.Warning));
        using var link = new MqttNetLink();
        using var work = new BlockingWorkPool(1);
        // The rate limit would hold a benchmark to 30 round trips a second; it is measured elsewhere.
        var twin = new TwinModule(store, new TwinModuleOptions { MaxPayload = 1024 }, null);
        var hub = new EdgeHubModule(link, work, new MqttLinkOptions { Host = "127.0.0.1", Port = broker.Port, ClientId = "bench-board" }, topics,
            new EdgeHubOptions { RatePerSecond = 1_000_000, Burst = 1000, ResyncTimeoutMs = 200 }, twin.EventIds);
        host.Register(twin);
        host.Register(new EventBusModule(topics, new EventBusOptions()));
        host.Register(hub);
        host.Register(new Actuator());
        var dispatcher = new MeasuredDispatcher(host);
        host.Start();
        while (hub.State != EdgeHubState.Synced) Thread.Sleep(5);

        using var cloud = new Cloud(broker.Port, topics.TwinUpdateTopic(0));
        string deltaTopic = "$hw/events/device/" + Device + "/twin/update/delta";
        var latencies = new double[count];
        int warmup = Math.Min(1000, count / 10);
        long allocatedBefore = 0;
        for (int i = -warmup; i < count; i++)
        {
            if (i == 0) allocatedBefore = dispatcher.AllocatedBytes;
            string value = "v" + (i + warmup).ToString();
            byte[] delta = Encoding.UTF8.GetBytes("{\"event_id\":\"\",\"timestamp\":1700000000000,\"twin\":{\"setpoint\":{\"expected\":{\"value\":\"" +
                value + "\"},\"metadata\":{\"type\":\"string\"}}},\"delta\":{\"setpoint\":\"" + value + "\"}}");
            cloud.Expect(value);
            long start = Stopwatch.GetTimestamp();
            cloud.Publish(deltaTopic, delta);
            if (!cloud.Wait(TimeSpan.FromSeconds(5))) throw new TimeoutException("round trip " + i + " did not come back");
            if (i >= 0) latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        long allocated = dispatcher.AllocatedBytes - allocatedBefore;
        host.Stop();
        dispatcher.Stop();

        Array.Sort(latencies);
        Console.WriteLine($"round trips: {count} (after {warmup} warm-up)");
        Console.WriteLine($"p50: {latencies[count / 2]:F3} ms   p90: {latencies[(int)(count * 0.90)]:F3} ms   p99: {latencies[(int)(count * 0.99)]:F3} ms   max: {latencies[^1]:F3} ms");
        Console.WriteLine($"mean: {latencies.Average():F3} ms");
        Console.WriteLine($"device code on the dispatcher thread: {allocated} bytes allocated in total, {(double)allocated / count:F2} bytes per round trip" +
            $" (start-up and warm-up before that: {allocatedBefore} bytes, which shows the counter counts)");
        Console.WriteLine($"edgehub: reports direct {hub.ReportsDirect}, deferred {hub.ReportsDeferred}; link worker published {hub.Worker.Published}, failed {hub.Worker.Failed}");
    }

    /// <summary>An allocation-free actuator, as a gpio module would be: drive the output from the delta, report the read-back.</summary>
    private sealed class Actuator() : EdgeNano.Runtime.Module("actuator", "gpio")
    {
        private readonly TwinDecoder _decoder = new(1024, 16);
        private readonly TwinMessage _in = new(1024, 8, false);
        private readonly TwinEncoder _encoder = new();

        public override void Start()
        {
            var subscribe = Context.Bus.Rent()!;
            subscribe.Source = Name;
            subscribe.Destination = TwinBus.Module;
            subscribe.Operation = TwinBus.Subscribe;
            Context.Bus.Send(subscribe);
        }

        public override void Handle(Message message)
        {
            if (message.Operation != TwinBus.ExpectedChanged) return;
            if (!_decoder.Decode(message.Content, 0, message.ContentLength, _in)) return;
            var report = Context.Bus.Rent();
            if (report == null) return;
            _encoder.BeginTwinUpdate(report.Content, 0, report.ContentCapacity, "", Context.Clock.NowMs);
            for (int i = 0; i < _in.DeltaCount; i++)
            {
                WireText key = _in.DeltaKeyAt(i), value = _in.DeltaValueAt(i);
                _encoder.AddActual(key.Buffer, key.Offset, key.Length, value.Buffer, value.Offset, value.Length, null!, 0);
            }
            report.ContentLength = _encoder.EndTwinUpdate();
            report.Source = Name;
            report.Destination = TwinBus.Module;
            report.Operation = TwinBus.Update;
            report.Resource = message.Resource;
            Context.Bus.Send(report);
        }
    }

    /// <summary>One dispatch thread, like the device's, that publishes its own allocation count.</summary>
    private sealed class MeasuredDispatcher : IDispatchSignal
    {
        private readonly ModuleHost _host;
        private readonly AutoResetEvent _wake = new(false);
        private readonly Thread _thread;
        private long _allocated;
        private volatile bool _stopping;

        public MeasuredDispatcher(ModuleHost host)
        {
            _host = host;
            host.AttachDispatcher(this);
            _thread = new Thread(Loop) { IsBackground = true, Name = "measured-dispatcher" };
            _thread.Start();
        }

        public long AllocatedBytes
        {
            get
            {
                // Let the thread publish a fresh figure.
                _wake.Set();
                Thread.Sleep(20);
                return Interlocked.Read(ref _allocated);
            }
        }

        public void WorkAvailable(ModuleHost host) => _wake.Set();
        public void TimerDue(ModuleHost host, long dueMs) => _wake.Set();

        public void Stop()
        {
            _stopping = true;
            _wake.Set();
            _thread.Join();
        }

        private void Loop()
        {
            while (!_stopping)
            {
                bool more = _host.RunOnce(32);
                Interlocked.Exchange(ref _allocated, GC.GetAllocatedBytesForCurrentThread());
                if (more) continue;
                long wait = _host.NextDeadline - _host.Clock.NowMs;
                _wake.WaitOne((int)Math.Clamp(wait, 1, 1000));
            }
        }
    }

    /// <summary>The cloud side: publishes deltas, waits for the twin/update carrying the value.</summary>
    private sealed class Cloud : IMqttLinkListener, IDisposable
    {
        private readonly MqttNetLink _link = new();
        private readonly SemaphoreSlim _arrived = new(0);
        private byte[] _expected = [];

        public Cloud(int port, string reportTopic)
        {
            _link.SetListener(this);
            if (_link.Connect(new MqttLinkOptions { Host = "127.0.0.1", Port = port, ClientId = "bench-cloud" }) != MqttConnectResult.Accepted)
                throw new InvalidOperationException("cloud could not connect");
            _link.Subscribe([reportTopic], [1]);
        }

        public void Expect(string value) => Volatile.Write(ref _expected, Encoding.UTF8.GetBytes("\"value\":\"" + value + "\""));

        public void Publish(string topic, byte[] payload) => _link.Publish(topic, payload, 0, payload.Length, 1, false);

        public bool Wait(TimeSpan timeout) => _arrived.Wait(timeout);

        public void MessageReceived(string topic, byte[] payload, int offset, int count, int qos, bool retain)
        {
            if (payload.AsSpan(offset, count).IndexOf(Volatile.Read(ref _expected)) >= 0) _arrived.Release();
        }

        public void ConnectionLost() { }

        public void Dispose()
        {
            _link.Disconnect();
            _link.Dispose();
        }
    }

    /// <summary>A throwaway mosquitto on a free loopback port.</summary>
    private sealed class Mosquitto : IDisposable
    {
        private readonly Process _process;
        private readonly string _folder;
        public int Port { get; }

        private Mosquitto(int port, string folder, Process process)
        {
            Port = port;
            _folder = folder;
            _process = process;
        }

        public static Mosquitto Start()
        {
            int port = LoopbackPort.Free();
            string folder = Directory.CreateTempSubdirectory("edgenano-bench-").FullName;
            string config = Path.Combine(folder, "mosquitto.conf");
            File.WriteAllText(config, $"persistence false\nset_tcp_nodelay true\nlistener {port} 127.0.0.1\nallow_anonymous true\n");
            var process = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-c", config]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            for (int i = 0; i < 100; i++)
            {
                try
                {
                    using var probe = new TcpClient("127.0.0.1", port);
                    return new Mosquitto(port, folder, process);
                }
                catch (SocketException)
                {
                    Thread.Sleep(50);
                }
            }
            process.Kill();
            throw new InvalidOperationException("mosquitto did not start");
        }

        public void Dispose()
        {
            _process.Kill();
            _process.WaitForExit(5000);
            Directory.Delete(_folder, true);
        }
    }
}
