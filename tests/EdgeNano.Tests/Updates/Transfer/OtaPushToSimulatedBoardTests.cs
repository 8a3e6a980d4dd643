using EdgeNano.Tests.Cli;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>The operator's path end to end: `ota keygen`, `ota pack`, `ota push` to a simulated board running the real updates module.</summary>
public sealed class OtaPushToSimulatedBoardTests
{
    [Fact]
    public async Task Keygen_pack_and_push_update_a_simulated_board_to_confirmed()
    {
        await using OtaRig rig = await OtaRig.StartAsync();
        using var files = new TempDirectory();
        Assert.Equal(0, HubRig.Run("ota", "keygen", "--out", files.File("fleet.key")).ExitCode);
        byte[] trusted = Convert.FromHexString(File.ReadAllText(files.File("fleet.key.pub")).Trim());
        var board = rig.Board("default/push-1", configure: s => s.Ota.Keys = [trusted]);
        rig.WaitUntil(() => board.IsSynced, "first sync");

        Directory.CreateDirectory(files.File("app"));
        File.WriteAllBytes(Path.Combine(files.File("app"), "EdgeNano.App.pe"), OtaRig.App(20_000).Bytes);
        var pack = HubRig.Run("ota", "pack", "--in", files.File("app"), "--version", "1.2.0", "--board", "simulator",
            "--key", files.File("fleet.key"), "--out", files.File("app.enpkg"));
        Assert.True(pack.ExitCode == 0, pack.Error);

        string url = $"mqtt://{rig.Address.Host}:{rig.Address.Port}";
        var push = await Task.Run(() => HubRig.Run("ota", "push", files.File("app.enpkg"), "--device", "default/push-1", "--broker", url, "--timeout", "60s"));

        Assert.True(push.ExitCode == 0, push.Output + push.Error);
        Assert.Equal("1.2.0", board.RunningVersion);
        Assert.Equal(OtaState.Confirmed, board.Updates?.State);
    }
}
