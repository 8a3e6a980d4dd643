using EdgeNano.Cli.Common;
using EdgeNano.Tests.Cli;
using EdgeNano.Tests.Updates.Transfer;

namespace EdgeNano.Tests.Sync;

/// <summary>
/// A board whose pool has a single payload array (`payloadArrays: 1`, the smallest a device may
/// set): the pool keeps no array back for the network then, so edgehub must not keep one back
/// either, or its outbox would never ask devicetwin for the reports it holds.
/// </summary>
public sealed class OnePayloadArrayTests
{
    [Fact]
    public async Task A_board_with_one_payload_array_flushes_its_outbox_and_the_hub_gets_its_readings()
    {
        await using OtaRig rig = await OtaRig.StartAsync();
        var board = rig.Board("default/one-array", configure: s => s.Runtime.PayloadArrays = 1);
        rig.WaitUntil(() => board.IsSynced, "first sync");

        rig.WaitUntil(() => board.Device!.EdgeHub.Outbox.Count == 0, "the outbox flushed");
        string broker = $"mqtt://{rig.Address.Host}:{rig.Address.Port}";
        rig.WaitUntil(() => HubRig.Run("twin", "get", "default/one-array", "--broker", broker).Output.Contains("button  expected=-  actual=false"),
            "the hub holds the board's button reading");
    }
}
