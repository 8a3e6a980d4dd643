using System.Collections.Concurrent;
using EdgeNano.Runtime.Network;

namespace EdgeNano.Boards.Host.Mqtt;

/// <summary>
/// The host's <see cref="IBlockingWork"/>: a few threads shared by every simulated device, so
/// blocking MQTT calls (connect, QoS 1 publish waiting for PUBACK) never run on the dispatcher
/// and a fleet does not need a thread per device. The queue is bounded; a full queue refuses.
/// </summary>
public sealed class BlockingWorkPool : IBlockingWork, IDisposable
{
    private readonly BlockingCollection<IBlockingJob> _jobs;
    private readonly Thread[] _threads;
    private int _failures;

    public BlockingWorkPool(int threadCount, int queueCapacity = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        _jobs = new BlockingCollection<IBlockingJob>(queueCapacity);
        _threads = new Thread[threadCount];
        for (int i = 0; i < threadCount; i++)
        {
            _threads[i] = new Thread(Loop) { IsBackground = true, Name = $"edgenano-blocking-{i}" };
            _threads[i].Start();
        }
    }

    /// <summary>Jobs that threw (caught and counted).</summary>
    public int Failures => Volatile.Read(ref _failures);

    public bool Submit(IBlockingJob job) => !_jobs.IsAddingCompleted && _jobs.TryAdd(job);

    public void Dispose()
    {
        _jobs.CompleteAdding();
        foreach (var thread in _threads) thread.Join(TimeSpan.FromSeconds(15));
    }

    private void Loop()
    {
        foreach (var job in _jobs.GetConsumingEnumerable())
        {
            try
            {
                job.Run();
            }
            catch (Exception)
            {
                Interlocked.Increment(ref _failures);
            }
        }
    }
}
