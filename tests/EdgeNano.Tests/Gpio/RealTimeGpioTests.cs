using System.Text;
using EdgeNano.Board;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.DeviceTwin;
using EdgeNano.Gpio;
using EdgeNano.Runtime;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.Gpio;

/// <summary>The shipped simulator board on real time: the device dispatcher thread and the runtime's module timer, as a board runs it.</summary>
public class RealTimeGpioTests
{
    [Fact]
    public void On_the_simulator_board_a_press_is_reported_after_the_debounce_time_by_the_module_timer()
    {
        string path = Path.Combine(BuildPaths.RepoRoot, "boards", "simulator", "board.json");
        var board = BoardParser.Parse(path, File.ReadAllBytes(path));
        var bank = HostPinBanks.Create(HostPinBanks.Simulated, 64, out var driver);
        var clock = new SystemClock();
        var config = new RuntimeConfig { MessageContentCapacity = 512 };
        var twin = new RecordingModule(TwinBus.Module, "twin");
        var gpio = new GpioModule(board, bank, config.MessageContentCapacity);
        var host = RuntimeTestKit.Host(config, clock, null, twin, gpio);
        var dispatcher = new DeviceDispatcher(host, 8);
        host.Start();
        dispatcher.Start();
        try
        {
            const string released = "\"button\":{\"actual\":{\"value\":\"false\"";
            const string pressedReport = "\"button\":{\"actual\":{\"value\":\"true\"";
            RuntimeTestKit.WaitUntil(() => twin.Handled.Any(h => h.Contains(released)));
            // Stopwatch, not Environment.TickCount64: the latter is a coarse clock on Linux (4 ms steps).
            var sincePress = System.Diagnostics.Stopwatch.StartNew();

            driver!.SetInput(1, false); // the button pulls pin 1 low (active low, pull-up)

            RuntimeTestKit.WaitUntil(() => twin.Handled.Any(h => h.Contains(pressedReport)));
            // The runtime clock counts whole milliseconds, so the settle time is at least 29 ms after the press.
            Assert.True(sincePress.Elapsed.TotalMilliseconds >= 29, $"reported {sincePress.Elapsed.TotalMilliseconds:F1} ms after the press, before the 30 ms debounce time");
        }
        finally
        {
            dispatcher.Stop();
            host.Stop();
        }
    }
}
