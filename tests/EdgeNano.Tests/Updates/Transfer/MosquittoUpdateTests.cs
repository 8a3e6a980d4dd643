using EdgeNano.Cli.Common;
using EdgeNano.Cli.Ota;
using EdgeNano.Tests.Infrastructure;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>The whole update through Debian's mosquitto: retained announcements, QoS 1 requests and 4 KB block frames as a real broker carries them.</summary>
public sealed class MosquittoUpdateTests
{
    [SkippableFact]
    public async Task An_update_through_mosquitto_with_4_KB_blocks_is_confirmed()
    {
        MosquittoBroker.RequireInstalled();
        using var broker = MosquittoBroker.Start();
        await using OtaRig rig = await OtaRig.StartAsync(new BrokerAddress(broker.Host, broker.Port, false, null, null));
        var board = rig.Board("default/ota-mq", configure: s =>
        {
            // A 4 KB block result (4,116 bytes) travels in one payload array: a board with the memory raises maxPayload with it.
            s.Ota.BlockSize = 4096;
            s.SetMaxPayload(4116);
        });
        rig.WaitUntil(() => board.IsSynced, "first sync");

        OtaFile app = OtaRig.App(50_000);
        await rig.Server.OfferAsync(board.DeviceId, rig.Pack(new PackSpec("2.0.0", 7), app), CancellationToken.None);

        rig.WaitUntil(() => board.RunningVersion == "2.0.0" && board.Updates?.State == OtaState.Confirmed, "confirmed 2.0.0");
        rig.WaitUntil(() => board.LocalActual(board.DeviceId, "fw_version") == "2.0.0", "the twin says 2.0.0");
        // 50,000 bytes in 4 KB blocks are 13; a request re-asked on a loaded machine may fetch one twice.
        Assert.InRange(rig.Server.CountersFor(board.DeviceId).BlocksServed, 13, 15);
    }
}
