using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.EdgeHub;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;
using EdgeNano.Tests.Infrastructure;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Sync;

/// <summary>edgehub's session behaviour: rate limit, backoff reset, and blocking calls kept off the dispatcher.</summary>
public class EdgeHubSessionTests
{
    private const string Device = "default/thermo-01";

    [Fact]
    public void A_burst_beyond_the_rate_limit_is_deferred_not_dropped_and_every_property_arrives()
    {
        using var broker = EmbeddedBroker.Start();
        using var owner = new TwinOwnerPeer(broker.Host, broker.Port);
        using var board = new SyncBoard(broker.Host, broker.Port, [Device],
            hub: new EdgeHubOptions { RatePerSecond = 20, Burst = 3, BackoffBaseMs = 100, BackoffSeed = 1 });
        board.WaitSynced();

        for (int i = 0; i < 12; i++) board.Report(Device, "p" + i, i.ToString(), "int");

        RuntimeTestKit.WaitUntil(() => Enumerable.Range(0, 12).All(i => owner.Get(Device, "p" + i)?.Actual == i.ToString()), 8000);
        // 3 at once; the rest wait for tokens as outbox markers, and a flush asks for a device's
        // marked properties together: fewer twin/updates than properties reached the owner.
        Assert.True(owner.Updates < 12, $"{owner.Updates} twin/updates for 12 properties");
        Assert.True(board.Hub.RateLimit.Deferred > 0);
        Assert.True(board.Hub.ReportsDeferred >= 6, $"deferred {board.Hub.ReportsDeferred}");
        Assert.Equal(0, board.Hub.Outbox.Overflows);
    }

    [Fact]
    public void A_board_with_many_devices_announces_and_resyncs_every_one_of_them()
    {
        using var broker = EmbeddedBroker.Start();
        using var owner = new TwinOwnerPeer(broker.Host, broker.Port);
        string[] devices = Enumerable.Range(1, 6).Select(i => "default/probe-" + i).ToArray();
        foreach (var device in devices) owner.SetDesiredQuietly(device, "mode", "eco");
        using var board = new SyncBoard(broker.Host, broker.Port, devices, hub: new EdgeHubOptions { OutgoingCapacity = 2, BackoffSeed = 4 });

        board.WaitSynced();

        Assert.Equal(0, board.Hub.ResyncTimeouts);
        Assert.Equal(0, board.Hub.ControlFailures);
        Assert.All(devices, d => Assert.Equal("eco", board.Expected(d, "mode")));
        RuntimeTestKit.WaitUntil(() => devices.All(d => owner.States.Contains((d, "online"))));
    }

    [SkippableFact]
    public void A_fleet_of_boards_syncs_on_two_dispatch_threads_and_two_blocking_threads()
    {
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        using var owner = new TwinOwnerPeer(broker.Host, broker.Port);
        using var dispatcher = new SharedDispatcher(2);
        using var work = new BlockingWorkPool(2);
        var boards = Enumerable.Range(1, 20).Select(i => new SyncBoard(broker.Host, broker.Port, ["default/node-" + i],
            clientId: "fleet-" + i, shared: dispatcher, work: work, hub: new EdgeHubOptions { BackoffSeed = i })).ToArray();
        try
        {
            RuntimeTestKit.WaitUntil(() => boards.All(b => b.IsSynced), 10_000);
            for (int i = 1; i <= 20; i++) owner.SetDesired("default/node-" + i, "led", "on-" + i);

            RuntimeTestKit.WaitUntil(() => Enumerable.Range(1, 20).All(i => owner.Get("default/node-" + i, "led")?.Actual == "on-" + i), 10_000);
            Assert.All(boards, b => Assert.Equal(1, b.Hub.Connects));
        }
        finally
        {
            foreach (var board in boards) board.Dispose();
        }
    }

    [SkippableFact]
    public void A_session_that_stayed_up_resets_the_backoff_to_its_base()
    {
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        using var board = new SyncBoard(broker.Host, broker.Port, [Device],
            hub: new EdgeHubOptions { BackoffBaseMs = 100, BackoffCapMs = 800, BackoffFloorMs = 20, BackoffSeed = 5, StableAfterMs = 300, ResyncTimeoutMs = 200 });
        board.WaitSynced();

        broker.Stop();
        RuntimeTestKit.WaitUntil(() => board.Hub.DelayCount >= 3);
        broker.Start();
        board.WaitSynced();
        Thread.Sleep(500); // longer than StableAfterMs
        int before = board.Hub.DelayCount;
        broker.Stop();
        RuntimeTestKit.WaitUntil(() => board.Hub.DelayCount > before);

        Assert.Equal(400, board.Hub.DelayCeiling(2)); // grown while the broker was down
        Assert.Equal(100, board.Hub.DelayCeiling(before)); // back to the base after a stable session
    }

    [Fact]
    public void A_connect_that_hangs_does_not_stall_the_dispatcher()
    {
        // A broker that accepts TCP and never answers CONNECT: the link blocks for OperationTimeoutMs.
        var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<Socket>();
        _ = Task.Run(async () => { try { while (true) accepted.Add(await silent.AcceptSocketAsync()); } catch (Exception) { } });
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        try
        {
            using var board = new SyncBoard("127.0.0.1", port, [Device]);
            RuntimeTestKit.WaitUntil(() => board.Hub.State == EdgeHubState.Connecting);
            Thread.Sleep(100);

            var clock = Stopwatch.StartNew();
            board.Report(Device, "temperature", "20.5", "float");
            RuntimeTestKit.WaitUntil(() => board.Actual(Device, "temperature") == "20.5" && board.Hub.Outbox.Count == 1, 2000);

            Assert.True(clock.ElapsedMilliseconds < 1000, $"the report waited {clock.ElapsedMilliseconds} ms");
            Assert.Equal(EdgeHubState.Connecting, board.Hub.State); // the connect is still blocked, elsewhere
            Assert.Equal(1, board.Hub.ReportsDeferred); // kept as an outbox marker for later
        }
        finally
        {
            silent.Stop();
            foreach (var socket in accepted.ToArray()) socket.Dispose();
        }
    }

    private sealed class Job(Action action) : IBlockingJob
    {
        public void Run() => action();
    }

    [Fact]
    public void The_device_blocking_work_thread_runs_jobs_in_order_refuses_when_full_and_survives_a_failing_job()
    {
        var log = new ListLog();
        var work = new BlockingWorkThread(capacity: 2, log);
        var ran = new System.Collections.Concurrent.ConcurrentQueue<int>();
        var gate = new ManualResetEventSlim();
        Assert.True(work.Submit(new Job(() => gate.Wait(5000))));
        Assert.True(work.Submit(new Job(() => throw new InvalidOperationException("boom"))));
        Assert.False(work.Submit(new Job(() => ran.Enqueue(0)))); // queue of 2 is full (thread not started)
        work.Start();
        Thread.Sleep(50); // the first job is now running and holds the thread
        Assert.True(work.Submit(new Job(() => ran.Enqueue(1))));
        gate.Set();
        RuntimeTestKit.WaitUntil(() => ran.Count == 1);
        work.Stop();

        Assert.Equal(1, work.Refused);
        Assert.Equal(1, work.Failures);
        Assert.True(log.Contains("job failed: boom"));
    }
}
