using System.Text.Json;
using EdgeNano.DeviceTwin;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;
using EdgeNano.Boards.Host.Storage;

namespace EdgeNano.Tests.DeviceTwin.Module;

public class TwinModuleTests
{
    [Fact]
    public void A_sensor_report_sets_actual_and_goes_on_to_the_uplink_as_a_KubeEdge_twin_update()
    {
        var kit = new TwinModuleKit();

        kit.Send(TwinBus.Update, TwinModuleKit.Report("button", "true", "boolean"));

        Assert.Equal("true", kit.Actual("button"));
        var report = JsonDocument.Parse(kit.Uplink.Handled.Single()).RootElement;
        var button = report.GetProperty("twin").GetProperty("button");
        Assert.Equal("true", button.GetProperty("actual").GetProperty("value").GetString());
        Assert.Equal("boolean", button.GetProperty("metadata").GetProperty("type").GetString());
        Assert.Equal(kit.Clock.NowMs, report.GetProperty("timestamp").GetInt64());
    }

    [Fact]
    public void An_unchanged_sensor_value_is_not_reported_again()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "41", "int"));
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "41", "int"));
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "42", "int"));

        Assert.Equal(2, kit.Uplink.Handled.Count);
        Assert.Equal(2, kit.Twin.Applied);
    }

    [Fact]
    public void A_value_of_the_wrong_type_is_answered_with_400_and_changes_nothing()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "41", "int"));

        var reply = kit.Request(TwinBus.Update, """{"event_id":"e-7","twin":{"pulses":{"actual":{"value":"4.5"}}}}""");

        Assert.Equal(400, reply.GetProperty("code").GetInt32());
        Assert.Equal("e-7", reply.GetProperty("event_id").GetString());
        Assert.Equal("the value is not int or integer", reply.GetProperty("reason").GetString());
        Assert.Equal("41", kit.Actual("pulses"));
        Assert.Single(kit.Uplink.Handled);
    }

    [Fact]
    public void Malformed_JSON_is_answered_with_400_and_the_next_valid_message_is_handled()
    {
        var kit = new TwinModuleKit();

        var reply = kit.Request(TwinBus.Update, """{"twin":{"button":{"actual":{"value":"true"}}""");
        kit.Send(TwinBus.Update, TwinModuleKit.Report("button", "true", "boolean"));

        Assert.Equal(400, reply.GetProperty("code").GetInt32());
        Assert.Equal(1, kit.Twin.DecodeErrors);
        Assert.Equal("true", kit.Actual("button"));
        Assert.True(kit.Host.IsModuleRunning(TwinBus.Module));
    }

    [Fact]
    public void A_message_for_a_device_the_board_does_not_host_is_answered_with_404()
    {
        var kit = new TwinModuleKit();
        var reply = kit.Request(TwinBus.Update, TwinModuleKit.Report("button", "true", "boolean"), device: "default/elsewhere");
        Assert.Equal(404, reply.GetProperty("code").GetInt32());
        Assert.Equal(1, kit.Twin.UnknownDevices);
    }

    [Fact]
    public void A_successful_request_is_answered_with_the_changed_twin_without_versions()
    {
        var kit = new TwinModuleKit();
        var reply = kit.Request(TwinBus.Update, """{"event_id":"e-1","twin":{"temperature":{"actual":{"value":"21.5"},"metadata":{"type":"float"}}}}""");

        var temperature = reply.GetProperty("twin").GetProperty("temperature");
        Assert.Equal("e-1", reply.GetProperty("event_id").GetString());
        Assert.Equal("21.5", temperature.GetProperty("actual").GetProperty("value").GetString());
        Assert.Equal("float", temperature.GetProperty("metadata").GetProperty("type").GetString());
        Assert.False(temperature.TryGetProperty("actual_version", out _));
    }

    [Fact]
    public void A_delta_from_the_twin_owner_sets_expected_and_subscribers_hear_of_it_but_the_owner_is_not_told_back()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Subscribe, "");

        kit.Send(TwinBus.OwnerDelta,
            """{"event_id":"b962","timestamp":1557314742131,"twin":{"led":{"expected":{"value":"true","metadata":{"timestamp":1557314742122}},"optional":true,"metadata":{"type":"boolean"}}},"delta":{"led":"true"}}""",
            source: "eventbus");

        Assert.Equal("true", kit.Expected("led"));
        var note = JsonDocument.Parse(kit.Gpio.Handled.Single()).RootElement;
        Assert.Equal("true", note.GetProperty("delta").GetProperty("led").GetString());
        Assert.Empty(kit.Uplink.Handled);
    }

    [Fact]
    public void A_stale_sync_from_a_versioned_twin_owner_is_refused_and_the_edge_value_kept()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.OwnerDelta, """{"twin":{"mode":{"expected":{"value":"auto"},"expected_version":{"cloud":5,"edge":0}}}}""", source: "eventbus");
        kit.Send(TwinBus.OwnerDelta, """{"twin":{"mode":{"expected":{"value":"manual"},"expected_version":{"cloud":4,"edge":0}}}}""", source: "eventbus");

        Assert.Equal("auto", kit.Expected("mode"));
    }

    [Fact]
    public void Get_answers_one_property_and_404_for_a_missing_one()
    {
        var kit = new TwinModuleKit();
        kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "7", "int"));

        var found = kit.Request(TwinBus.Get, "pulses");
        var missing = kit.Request(TwinBus.Get, "nothing");

        Assert.Equal("7", found.GetProperty("twin").GetProperty("pulses").GetProperty("actual").GetProperty("value").GetString());
        Assert.Equal(404, missing.GetProperty("code").GetInt32());
    }

    [Fact]
    public void The_twin_survives_a_reboot_from_flash()
    {
        string folder = Directory.CreateTempSubdirectory("edgenano-twin-").FullName;
        try
        {
            var first = new TwinModuleKit(new FileStore(folder));
            first.Send(TwinBus.Update, TwinModuleKit.Report("pulses", "1234", "int"));
            first.Send(TwinBus.OwnerDelta, """{"twin":{"led":{"expected":{"value":"true"},"metadata":{"type":"boolean"}}}}""", source: "eventbus");
            first.Host.Stop(); // flushes

            var rebooted = new TwinModuleKit(new FileStore(folder));

            Assert.Equal("1234", rebooted.Actual("pulses"));
            Assert.Equal("true", rebooted.Expected("led"));
            Assert.Contains(rebooted.Log.Lines, l => l.Contains("twin restored from flash"));
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void A_burst_of_reports_costs_one_flash_write_after_the_interval()
    {
        string folder = Directory.CreateTempSubdirectory("edgenano-twin-").FullName;
        try
        {
            var kit = new TwinModuleKit(new FileStore(folder));
            for (int i = 0; i < 50; i++) kit.Send(TwinBus.Update, TwinModuleKit.Report("pulses", i.ToString(), "int"));
            Assert.Equal(0, kit.Twin.Persistence!.Writes);

            kit.Clock.Advance(1000);
            kit.Host.RunOnce(8);

            Assert.Equal(1, kit.Twin.Persistence.Writes);
            Assert.False(kit.Twin.Persistence.IsDirty);
        }
        finally
        {
            Directory.Delete(folder, true);
        }
    }

    [Fact]
    public void Steady_sensor_reports_allocate_nothing_in_device_code()
    {
        // No uplink: the recording uplink of the kit is test code and allocates by design.
        var kit = new TwinModuleKit(options: new TwinModuleOptions { Uplink = null });
        byte[][] payloads =
        [
            System.Text.Encoding.UTF8.GetBytes(TwinModuleKit.Report("pulses", "100", "int")),
            System.Text.Encoding.UTF8.GetBytes(TwinModuleKit.Report("pulses", "101", "int")),
        ];
        void ReportOnce(int i)
        {
            var message = kit.Host.Bus.Rent()!;
            message.Source = "gpio";
            message.Destination = TwinBus.Module;
            message.Operation = TwinBus.Update;
            message.Resource = TwinModuleKit.Device;
            message.SetContent(payloads[i % 2], 0, payloads[i % 2].Length);
            kit.Host.Bus.Send(message);
            kit.Host.RunOnce(8);
        }
        for (int i = 0; i < 100; i++) ReportOnce(i);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) ReportOnce(i);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1100, kit.Twin.Applied);
        Assert.Equal(0, allocated);
    }
}
