using EdgeNano.Cli.Ota;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>A whole update on a simulated board through the embedded broker, the twin hub and the OTA server.</summary>
public sealed class FullUpdateTests
{
    [Fact]
    public async Task A_signed_update_is_downloaded_activated_tried_and_confirmed_and_fw_version_changes()
    {
        await using OtaRig rig = await OtaRig.StartAsync();
        var board = rig.Board();
        rig.WaitUntil(() => board.IsSynced, "first sync");
        Assert.Equal("1.0.0", board.RunningVersion);

        OtaFile app = OtaRig.App(10_000);
        OtaPackageContent package = rig.Pack(new PackSpec("1.1.0", 1), app);
        await rig.Server.OfferAsync(board.DeviceId, package, CancellationToken.None);

        rig.WaitUntil(() => board.RunningVersion == "1.1.0" && board.Updates?.State == OtaState.Confirmed, "confirmed 1.1.0");
        Assert.Equal(1, board.Restarts);
        rig.WaitUntil(() => board.LocalActual(board.DeviceId, "fw_version") == "1.1.0" &&
            board.LocalActual(board.DeviceId, "ota_state") == "confirmed", "the twin says confirmed 1.1.0");
        Assert.Equal("100", board.LocalActual(board.DeviceId, "ota_progress"));
        Assert.Equal(10, rig.Server.CountersFor(board.DeviceId).BlocksServed);
        byte[] staged = File.ReadAllBytes(Path.Combine(rig.StoreFolder(board.DeviceId), "slots", "slot0", app.Name));
        Assert.Equal(app.Bytes, staged);
        // The slot keeps the signed manifest: a device's loader reads it to find and re-check the assemblies.
        byte[] kept = File.ReadAllBytes(Path.Combine(rig.StoreFolder(board.DeviceId), "slots", "slot0", BootControl.ManifestFile));
        Assert.Equal(package.Manifest, kept);
    }
}
