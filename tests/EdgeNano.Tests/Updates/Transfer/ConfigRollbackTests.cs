using System.Text;
using EdgeNano.Cli.Ota;
using EdgeNano.Updates;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>
/// A configuration package whose board.json breaks the connection: it renames the board's device,
/// and the broker's ACL lets a board subscribe only under its own device's topics. The new
/// configuration cannot sync, fails its health check, and the board returns to the old one.
/// </summary>
public sealed class ConfigRollbackTests
{
    private const string Id = "default/cfg-1";

    private const string IntruderBoard = """
        {
          "board": "simulator",
          "mcu": "simulator",
          "devices": [
            { "id": "default/intruder",
              "properties": [ { "key": "led", "kind": "output", "pin": 3, "initial": false } ] }
          ]
        }
        """;

    /// <summary>The broker ACL: the board's client (edgenano-sim-default-cfg-1) may subscribe to device topics of its own device only.</summary>
    private static Task OwnDeviceOnly(InterceptingSubscriptionEventArgs e)
    {
        const string devices = "$hw/events/device/";
        if (e.ClientId != "edgenano-sim-" + Id.Replace('/', '-') || !e.TopicFilter.Topic.StartsWith(devices, StringComparison.Ordinal)) return Task.CompletedTask;
        if (!e.TopicFilter.Topic.StartsWith(devices + Id + "/", StringComparison.Ordinal))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_config_package_that_cannot_sync_fails_its_health_check_and_rolls_back()
    {
        await using OtaRig rig = await OtaRig.StartAsync();
        rig.Broker.Server.InterceptingSubscriptionAsync += OwnDeviceOnly;
        var board = rig.Board(Id, configure: s => s.Ota.HealthTimeoutMs = 2000);
        rig.WaitUntil(() => board.IsSynced, "first sync");

        OtaPackageContent package = rig.Pack(new PackSpec("1.0.1", 1), new OtaFile("board.json", Encoding.UTF8.GetBytes(IntruderBoard)));
        await rig.Server.OfferAsync(Id, package, CancellationToken.None);

        rig.WaitUntil(() => board.Restarts == 2 && board.Updates?.State == OtaState.RolledBack, "rolled back");
        Assert.Equal("1.0.0", board.RunningVersion);
        Assert.StartsWith(OtaError.HealthCheck + ":", board.Updates!.Error);
        Assert.Contains(rig.Log.Lines, line => line.Contains("connect failed: subscribe refused"));
        rig.WaitUntil(() => board.IsSynced, "synced again with the old board.json");
        Assert.Equal(Id, board.Device!.Board.DeviceAt(0).Id);
        rig.WaitUntil(() => board.LocalActual(Id, "ota_state") == "rolled_back"
            && (board.LocalActual(Id, "ota_error") ?? "").StartsWith("health-check:"), "the twin says rolled_back");
    }
}
