using System.Collections.Concurrent;
using System.Text;
using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

/// <summary>Keeps log lines for assertions.</summary>
public sealed class ListLog : ILog
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public void Write(int level, string source, string text) => Lines.Enqueue($"{LogLevel.Name(level)} {source}: {text}");
    public bool Contains(string fragment) => Lines.Any(l => l.Contains(fragment));
}

/// <summary>A module that records what it handles (content as text) and can be told to fail.</summary>
public class RecordingModule(string name, string group = "test") : Module(name, group)
{
    public ConcurrentQueue<string> Handled { get; } = new();
    public ConcurrentQueue<long> ParentIds { get; } = new();
    public ConcurrentQueue<long> TimedOutRequests { get; } = new();
    public ConcurrentQueue<int> HandlerThreads { get; } = new();
    public int Starts;
    public int Stops;
    public Action<RecordingModule, Message>? OnHandle { get; set; }
    public Func<bool>? FailStart { get; set; }
    public Action? OnStop { get; set; }

    public override void Start()
    {
        Interlocked.Increment(ref Starts);
        if (FailStart?.Invoke() == true) throw new InvalidOperationException($"{Name} cannot start");
    }

    public override void Stop()
    {
        Interlocked.Increment(ref Stops);
        OnStop?.Invoke();
    }

    public override void Handle(Message message)
    {
        HandlerThreads.Enqueue(Environment.CurrentManagedThreadId);
        ParentIds.Enqueue(message.ParentId);
        Handled.Enqueue(Encoding.ASCII.GetString(message.Content, 0, message.ContentLength));
        OnHandle?.Invoke(this, message);
    }

    public override void HandleRequestTimeout(long requestId) => TimedOutRequests.Enqueue(requestId);
}

public static class RuntimeTestKit
{
    public static RuntimeConfig SmallConfig(int ring = 4, int pool = 16) => new()
    {
        RingCapacity = ring,
        MessagePoolSize = pool,
        MessageContentCapacity = 64,
        PendingRequestCapacity = 4,
    };

    public static ModuleHost Host(RuntimeConfig config, IClock? clock, ILog? log, params Module[] modules)
    {
        var host = new ModuleHost(config, clock ?? new SystemClock(), log ?? new ListLog());
        foreach (var module in modules) host.Register(module);
        return host;
    }

    /// <summary>Rents a message, fills its route and text content, and sends it.</summary>
    public static SendResult Send(this ModuleHost host, string source, string destination, string text)
    {
        var message = host.Bus.Rent();
        if (message == null) return SendResult.NoMessage;
        message.Source = source;
        message.Destination = destination;
        message.Operation = "test";
        message.SetContentAscii(text);
        return host.Bus.Send(message);
    }

    /// <summary>Dispatches until nothing is queued (bounded, so a bug cannot hang the test run).</summary>
    public static void RunUntilIdle(this ModuleHost host)
    {
        for (int i = 0; i < 10_000 && host.RunOnce(64); i++) { }
    }

    public static void WaitUntil(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = Environment.TickCount64 + timeoutMs;
        while (!condition())
        {
            if (Environment.TickCount64 > deadline) throw new TimeoutException("condition not met in time");
            Thread.Sleep(1);
        }
    }
}
