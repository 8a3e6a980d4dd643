using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using EdgeNano.Runtime;

namespace EdgeNano.Boards.Host;

/// <summary>
/// Host mode: many runtimes (a simulated fleet) share a few worker threads plus one timer
/// thread, so 10,000 devices run in one process. A runtime is queued when it has work and is
/// never dispatched by two workers at once.
/// </summary>
public sealed class SharedDispatcher : IDispatchSignal, IDisposable
{
    // Per-host dispatch state: idle, queued or running, or running with new work arrived meanwhile.
    private const int Idle = 0;
    private const int Queued = 1;
    private const int Dirty = 2;

    private readonly ConcurrentDictionary<ModuleHost, StrongBox<int>> _states = new();
    private readonly ConcurrentQueue<ModuleHost> _ready = new();
    private readonly SemaphoreSlim _readyCount = new(0);
    private readonly PriorityQueue<ModuleHost, long> _timers = new();
    private readonly object _timerGate = new();
    private readonly Thread[] _workers;
    private readonly Thread _timerThread;
    private readonly int _budgetPerTurn;
    private volatile bool _stopping;

    /// <param name="workerCount">Dispatch threads; one more thread runs timers.</param>
    /// <param name="budgetPerTurn">Messages one runtime may dispatch before others get a turn.</param>
    public SharedDispatcher(int workerCount, int budgetPerTurn = 32)
    {
        if (workerCount < 1) throw new ArgumentOutOfRangeException(nameof(workerCount));
        _budgetPerTurn = budgetPerTurn;
        _workers = new Thread[workerCount];
        for (int i = 0; i < workerCount; i++)
        {
            _workers[i] = new Thread(WorkerLoop) { IsBackground = true, Name = $"edgenano-dispatch-{i}" };
            _workers[i].Start();
        }
        _timerThread = new Thread(TimerLoop) { IsBackground = true, Name = "edgenano-timers" };
        _timerThread.Start();
    }

    /// <summary>Threads this dispatcher runs: the workers and the timer thread.</summary>
    public int ThreadCount => _workers.Length + 1;

    /// <summary>Binds a runtime to this dispatcher; call before the runtime's Start.</summary>
    public void Attach(ModuleHost host)
    {
        _states.TryAdd(host, new StrongBox<int>(Idle));
        host.AttachDispatcher(this);
    }

    public void Detach(ModuleHost host) => _states.TryRemove(host, out _);

    public void WorkAvailable(ModuleHost host)
    {
        if (!_states.TryGetValue(host, out var state)) return;
        while (true)
        {
            int current = Volatile.Read(ref state.Value);
            if (current == Dirty) return;
            int next = current == Idle ? Queued : Dirty;
            if (Interlocked.CompareExchange(ref state.Value, next, current) != current) continue;
            if (current == Idle) Enqueue(host);
            return;
        }
    }

    public void TimerDue(ModuleHost host, long dueMs)
    {
        lock (_timerGate)
        {
            _timers.Enqueue(host, dueMs);
            Monitor.Pulse(_timerGate);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _readyCount.Release(_workers.Length);
        lock (_timerGate) Monitor.PulseAll(_timerGate);
        foreach (var worker in _workers) worker.Join();
        _timerThread.Join();
    }

    private void Enqueue(ModuleHost host)
    {
        _ready.Enqueue(host);
        _readyCount.Release();
    }

    private void WorkerLoop()
    {
        while (!_stopping)
        {
            _readyCount.Wait();
            if (!_ready.TryDequeue(out var host)) continue;
            if (!_states.TryGetValue(host, out var state)) continue;
            bool more = host.RunOnce(_budgetPerTurn);
            // Work that arrived while we ran marked the state Dirty instead of queueing the
            // host again; honour it here so no message is stranded.
            if (more || Interlocked.CompareExchange(ref state.Value, Idle, Queued) != Queued)
            {
                Volatile.Write(ref state.Value, Queued);
                Enqueue(host);
            }
        }
    }

    private void TimerLoop()
    {
        lock (_timerGate)
        {
            while (!_stopping)
            {
                if (!_timers.TryPeek(out var host, out long due))
                {
                    Monitor.Wait(_timerGate, 100);
                    continue;
                }
                long wait = due - host.Clock.NowMs;
                if (wait > 0)
                {
                    // Capped so a runtime with a test clock, or a clock step, is looked at again soon.
                    Monitor.Wait(_timerGate, (int)Math.Min(wait, 50));
                    continue;
                }
                _timers.Dequeue();
                WorkAvailable(host);
            }
        }
    }
}
