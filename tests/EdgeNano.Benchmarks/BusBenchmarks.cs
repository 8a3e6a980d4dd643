using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using EdgeNano.Boards.Host;
using EdgeNano.Runtime;

namespace EdgeNano.Benchmarks;

/// <summary>
/// Unicast send + dispatch of a small message through the runtime's bus, against a
/// System.Threading.Channels BoundedChannel carrying the same pooled message in the same run.
/// Both sides carry the same beehive message — rented from a pool, route and content filled, id
/// and timestamp stamped (the bus does that itself; the channel side does it by hand with the
/// same clock) — enqueue, dequeue, hand it to a handler and release it; messages move in
/// batches of 8 as a dispatcher drains them.
/// </summary>
[MemoryDiagnoser]
public class BusBenchmarks
{
    private const int Messages = 1024;
    private const int Batch = 8;
    private static readonly byte[] Reading = "{\"v\":\"21.5\"}"u8.ToArray();

    private ModuleHost _host = null!;
    private CountingModule _sink = null!;
    private MessagePool _channelPool = null!;
    private Channel<Message> _channel = null!;
    private long _channelHandled;
    private int _channelIds;
    private HostClock _clock = null!;

    private sealed class CountingModule() : Module("sink", "bench")
    {
        public long Handled;
        public override void Handle(Message message) => Handled += message.ContentLength;
    }

    [GlobalSetup]
    public void Setup()
    {
        var config = new RuntimeConfig { RingCapacity = 16, MessagePoolSize = 32, MessageContentCapacity = 64 };
        _sink = new CountingModule();
        _clock = new HostClock();
        _host = new ModuleHost(config, _clock, new ConsoleLog(LogLevel.Error));
        _host.Register(_sink);
        _host.Start();
        _channelPool = new MessagePool(32, 64);
        _channel = Channel.CreateBounded<Message>(new BoundedChannelOptions(16)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public long BoundedChannel()
    {
        var writer = _channel.Writer;
        var reader = _channel.Reader;
        for (int i = 0; i < Messages; i += Batch)
        {
            for (int j = 0; j < Batch; j++)
            {
                var message = _channelPool.Rent()!;
                message.Source = "gpio";
                message.Destination = "sink";
                message.Operation = "update";
                message.SetContent(Reading, 0, Reading.Length);
                message.Id = (uint)Interlocked.Increment(ref _channelIds);
                message.Timestamp = _clock.NowMs;
                writer.TryWrite(message);
            }
            while (reader.TryRead(out var message))
            {
                _channelHandled += message.ContentLength;
                MessagePool.Release(message);
            }
        }
        return _channelHandled;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public long RuntimeBus()
    {
        var bus = _host.Bus;
        for (int i = 0; i < Messages; i += Batch)
        {
            for (int j = 0; j < Batch; j++)
            {
                var message = bus.Rent()!;
                message.Source = "gpio";
                message.Destination = "sink";
                message.Operation = "update";
                message.SetContent(Reading, 0, Reading.Length);
                bus.Send(message);
            }
            _host.RunOnce(Batch);
        }
        return _sink.Handled;
    }
}
