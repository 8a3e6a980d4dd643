using System.Text;
using BenchmarkDotNet.Attributes;
using EdgeNano.Board;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.DeviceTwin;
using EdgeNano.Gpio;
using EdgeNano.Runtime;

namespace EdgeNano.Benchmarks;

/// <summary>
/// One counter pulse all the way to a twin/update on the bus: the pin callback counts the edge
/// and wakes gpio, the dispatcher runs gpio's round (read the count, apply the report policy,
/// encode the KubeEdge JSON) and delivers the report to a stand-in devicetwin. Measured twice:
/// from the pin bank's listener (the module's own cost; it should allocate nothing), and from
/// the simulated driver through dotnet/iot's GpioController and the shared adapter (what the
/// PC simulator pays per edge).
/// </summary>
[MemoryDiagnoser]
public class GpioBenchmarks
{
    private const string Board = """
        {"board":"bench","mcu":"simulator","devices":[{"id":"default/bench","properties":[
          {"key":"pulses","kind":"counter","pin":2,"report":{"minIntervalMs":0}}]}]}
        """;

    private Rig _direct = null!;
    private Rig _driven = null!;
    private SimulatedGpioDriver _driver = null!;

    private sealed class Sink() : Module(TwinBus.Module, "twin")
    {
        public long Bytes;
        public override void Handle(Message message) => Bytes += message.ContentLength;
    }

    // A pin bank that only keeps the listener, so the benchmark can play the driver's part.
    private sealed class ListenerBank : IPinBank
    {
        public IPinEdgeListener? Listener;
        public void OpenInput(int pin, int pull, IPinEdgeListener listener) => Listener = listener;
        public void OpenOutput(int pin) { }
        public bool Read(int pin) => false;
        public void Write(int pin, bool high) { }
        public void Close(int pin) { }
    }

    private sealed record Rig(ModuleHost Host, Sink Sink, ListenerBank? Bank);

    private static Rig Build(IPinBank bank, ListenerBank? listenerBank)
    {
        var board = BoardParser.Parse("bench.json", Encoding.UTF8.GetBytes(Board));
        var config = new RuntimeConfig { RingCapacity = 16, MessagePoolSize = 32, MessageContentCapacity = 512 };
        var host = new ModuleHost(config, new HostClock(), new ConsoleLog(LogLevel.Error));
        var sink = new Sink();
        host.Register(sink);
        host.Register(new GpioModule(board, bank, config.MessageContentCapacity));
        host.Start();
        while (host.RunOnce(64)) { }
        return new Rig(host, sink, listenerBank);
    }

    [GlobalSetup]
    public void Setup()
    {
        var bank = new ListenerBank();
        _direct = Build(bank, bank);
        var simulated = HostPinBanks.Create(HostPinBanks.Simulated, 8, out var driver);
        _driver = driver!;
        _driven = Build(simulated, null);
    }

    [Benchmark(Baseline = true)]
    public long PulseToReportFromTheListener()
    {
        var listener = _direct.Bank!.Listener!;
        listener.PinChanged(2, true);
        listener.PinChanged(2, false);
        while (_direct.Host.RunOnce(8)) { }
        return _direct.Sink.Bytes;
    }

    [Benchmark]
    public long PulseToReportThroughTheSimulatedDriver()
    {
        _driver.Pulse(2);
        while (_driven.Host.RunOnce(8)) { }
        return _driven.Sink.Bytes;
    }
}
