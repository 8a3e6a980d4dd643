using System.Security.Cryptography;
using System.Text;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Ota;
using EdgeNano.Cli.Sim;
using EdgeNano.Tests.Runtime;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// `edgenano ota keygen | pack | push` end to end on simulated boards running the device code
/// (the product's composition with the updates module), through the embedded broker and the twin hub.
/// </summary>
[Collection(FleetCollection.Name)]
public sealed class OtaPushFleetTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_hundred_boards_running_the_device_code_take_a_packed_update_pushed_to_all_and_confirm_it()
    {
        const int Boards = 100;
        string key = _dir.File("fleet.key");
        Assert.Equal(0, HubRig.Run("ota", "keygen", "--out", key).ExitCode);
        byte[] trusted = Convert.FromHexString(File.ReadAllText(key + ".pub").Trim());
        string app = _dir.File("app");
        Directory.CreateDirectory(app);
        byte[] code = RandomNumberGenerator.GetBytes(6000 + Random.Shared.Next(4000));
        File.WriteAllBytes(Path.Combine(app, "EdgeNano.App.pe"), code);
        string package = _dir.File("app.enpkg");
        CliRunResult pack = HubRig.Run("ota", "pack", "--in", app, "--version", "1.1.0", "--board", "simulator", "--key", key, "--out", package);
        Assert.True(pack.ExitCode == 0, pack.Error);

        await using var rig = new HubRig();
        await rig.StartHubAsync();
        var log = new ListLog();
        using var dispatcher = new SharedDispatcher(2);
        using var work = new BlockingWorkPool(4);
        string json = File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards/simulator/board.json"));
        var boards = new List<SimDevice>();
        try
        {
            foreach (string id in Enumerable.Range(1, Boards).Select(i => $"default/ota-{i:000}"))
            {
                var board = new SimDevice(boards.Count, id, "boards/simulator/board.json", Encoding.UTF8.GetBytes(json),
                    _dir.File(id.Replace('/', '_')), rig.Address, dispatcher, work, log)
                {
                    Configure = settings =>
                    {
                        settings.Ota.Keys = [trusted];
                        settings.Ota.BlockSize = 1024;
                        // Fifty boards restart into the new version at once and resync with one
                        // in-process hub on a loaded CI machine: 5 s was seen to run out (a real
                        // roll-back, as a too-short otaHealthTimeoutMs would cause in a fleet).
                        settings.Ota.HealthTimeoutMs = 30_000;
                        settings.Ota.RestartDelayMs = 100;
                    },
                    SlotCapacity = 256 * 1024,
                };
                board.Start();
                boards.Add(board);
            }
            RuntimeTestKit.WaitUntil(() => boards.All(b => b.IsSynced && b.RunningVersion == "1.0.0"), 60_000);
            // --all offers to the devices whose twin at the owner has fw_version: wait until every report has landed there.
            var reported = new HashSet<string>();
            RuntimeTestKit.WaitUntil(() =>
            {
                foreach (SimDevice b in boards.Where(b => !reported.Contains(b.DeviceId)))
                {
                    if (HubRig.Run("twin", "get", b.DeviceId, "--broker", rig.Url).Output.Contains("fw_version")) reported.Add(b.DeviceId);
                }
                return reported.Count == Boards;
            }, 60_000);

            var output = new StringWriter();
            var options = new OtaPushOptions(package, rig.Address) { All = true, Timeout = TimeSpan.FromSeconds(120) };
            int exit = await OtaPush.RunAsync(options, output, CancellationToken.None);

            Assert.True(exit == 0, output + "\n" + string.Join("\n", log.Lines.TakeLast(40)));
            Assert.True(output.ToString().Contains($"ota push: {Boards} confirmed of {Boards}"), output.ToString());
            foreach (SimDevice board in boards)
            {
                Assert.Equal("1.1.0", board.RunningVersion);
                Assert.Equal(OtaState.Confirmed, board.Updates?.State);
                Assert.Equal(code, File.ReadAllBytes(Path.Combine(_dir.File(board.DeviceId.Replace('/', '_')), "slots", "slot0", "EdgeNano.App.pe")));
            }
        }
        finally
        {
            foreach (SimDevice board in boards) board.Stop();
        }
    }
}
