using System.Text;
using System.Text.Json;
using EdgeNano.DeviceTwin;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;
using EdgeNano.Tests.Runtime;

namespace EdgeNano.Tests.DeviceTwin.Module;

/// <summary>A runtime with the devicetwin module, an uplink that records reports, and a sensor module.</summary>
public sealed class TwinModuleKit
{
    public const string Device = "default/demo";
    public readonly ManualClock Clock = new(1_700_000_000_000);
    public readonly ListLog Log = new();
    public readonly ModuleHost Host;
    public readonly TwinModule Twin;
    public readonly RecordingModule Uplink = new("edgehub", "hub");
    public readonly RecordingModule Gpio = new("gpio", "gpio");

    public TwinModuleKit(IStore? flash = null, TwinModuleOptions? options = null, params string[] extraDevices)
    {
        var store = new TwinStore(new TwinConfig { MaxDevices = 4, PropertiesPerDevice = 8, ArenaBytes = 2048 }, Clock);
        store.RegisterDevice(Device);
        foreach (var id in extraDevices) store.RegisterDevice(id);
        Twin = new TwinModule(store, options ?? new TwinModuleOptions { PersistIntervalMs = 1000 }, flash);
        Host = RuntimeTestKit.Host(new RuntimeConfig { RingCapacity = 16, MessagePoolSize = 32, MessageContentCapacity = 1024 }, Clock, Log,
            Twin, Uplink, Gpio);
        Host.Start();
    }

    /// <summary>Sends a twin operation from a module, as gpio or eventbus would, and dispatches it.</summary>
    public SendResult Send(string operation, string json, string source = "gpio", string device = Device)
    {
        var message = Host.Bus.Rent()!;
        message.Source = source;
        message.Destination = TwinBus.Module;
        message.Operation = operation;
        message.Resource = device;
        Assert.True(message.SetContent(Encoding.UTF8.GetBytes(json), 0, Encoding.UTF8.GetByteCount(json)));
        var result = Host.Bus.Send(message);
        Host.RunUntilIdle();
        return result;
    }

    /// <summary>
    /// The owner's answer to a twin/get of ours: json (with "event_id":"") gets an id the board
    /// issued, as edgehub's twin/get would carry, and goes to devicetwin as eventbus routes it.
    /// </summary>
    public SendResult AnswerGet(string json) =>
        Send(TwinBus.OwnerGetResult, json.Replace("\"event_id\":\"\"", "\"event_id\":\"" + IssueEventId() + "\""), source: "eventbus");

    /// <summary>An event id the board issues for a request of its own (edgehub's twin/get, say).</summary>
    public string IssueEventId()
    {
        byte[] id = Twin.EventIds.Next();
        return Encoding.ASCII.GetString(id, 0, Twin.EventIds.Length);
    }

    /// <summary>Sends a request from the gpio module and returns the JSON reply it received.</summary>
    public JsonElement Request(string operation, string content, string device = Device)
    {
        int before = Gpio.Handled.Count;
        var message = Host.Bus.Rent()!;
        message.Source = "gpio";
        message.Destination = TwinBus.Module;
        message.Operation = operation;
        message.Resource = device;
        message.SetContent(Encoding.UTF8.GetBytes(content), 0, Encoding.UTF8.GetByteCount(content));
        Assert.Equal(SendResult.Accepted, Host.Bus.Request(message, 1000));
        Host.RunUntilIdle();
        Assert.Equal(before + 1, Gpio.Handled.Count);
        return JsonDocument.Parse(Gpio.Handled.Last()).RootElement;
    }

    public string? Actual(string key) => Read(key, expected: false);
    public string? Expected(string key) => Read(key, expected: true);

    private string? Read(string key, bool expected)
    {
        var store = Twin.Store;
        int device = store.FindDevice(Device);
        int slot = store.FindProperty(device, key);
        if (slot < 0) return null;
        if (expected ? !store.HasExpected(slot) : !store.HasActual(slot)) return null;
        int offset = expected ? store.ExpectedOffset(slot) : store.ActualOffset(slot);
        int length = expected ? store.ExpectedLength(slot) : store.ActualLength(slot);
        return Encoding.ASCII.GetString(store.ArenaBytes, offset, length);
    }

    public static string Report(string key, string value, string type) =>
        "{\"event_id\":\"\",\"timestamp\":1700000000000,\"twin\":{\"" + key + "\":{\"actual\":{\"value\":\"" + value +
        "\"},\"metadata\":{\"type\":\"" + type + "\"}}}}";
}
