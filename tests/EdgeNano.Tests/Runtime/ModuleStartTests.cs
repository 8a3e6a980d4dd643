using EdgeNano.Runtime;

namespace EdgeNano.Tests.Runtime;

public class ModuleStartTests
{
    /// <summary>Sends itself a message in Start and keeps setting up for a while; records a Handle that came meanwhile.</summary>
    private sealed class SlowStarter() : Module("slow", "test")
    {
        private int _starting;
        public int HandledDuringStart;
        public int Handled;

        public override void Start()
        {
            Interlocked.Exchange(ref _starting, 1);
            Message note = Context.Bus.Rent()!;
            note.Source = Name;
            note.Destination = Name;
            note.Operation = "note";
            Context.Bus.Send(note);
            Thread.Sleep(200); // still setting up: buffers, pins, a first round
            Interlocked.Exchange(ref _starting, 0);
        }

        public override void Handle(Message message)
        {
            if (Volatile.Read(ref _starting) == 1) Interlocked.Increment(ref HandledDuringStart);
            Interlocked.Increment(ref Handled);
        }
    }

    [Fact]
    public void A_dispatcher_already_running_does_not_hand_a_module_messages_before_its_Start_has_returned()
    {
        var host = new ModuleHost(new RuntimeConfig { RingCapacity = 8, MessagePoolSize = 8, MessageContentCapacity = 64 }, new ManualClock(), new ListLog());
        var module = new SlowStarter();
        host.Register(module);
        using var stop = new CancellationTokenSource();
        // A shared dispatcher (as the host simulator has) polls the host from its own thread all along.
        var dispatcher = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (!host.RunOnce(16)) Thread.Sleep(1);
            }
        });
        dispatcher.Start();

        host.Start();
        RuntimeTestKit.WaitUntil(() => Volatile.Read(ref module.Handled) == 1, 5000);
        stop.Cancel();
        dispatcher.Join();

        Assert.Equal(0, module.HandledDuringStart);
    }
}
