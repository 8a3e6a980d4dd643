using System.Security.Cryptography;
using System.Text;
using EdgeNano.Boards.Host;
using EdgeNano.Board;
using EdgeNano.Boards.Host.Gpio;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Composition;
using EdgeNano.Runtime;
using EdgeNano.Tests.Runtime;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>settings.json's OTA keys and the composition that adds the updates module from them.</summary>
public sealed class OtaSettingsTests
{
    private static (bool Ok, DeviceSettings Settings, string Problems) Parse(string json)
    {
        var settings = new DeviceSettings();
        var parser = new SettingsParser();
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        bool ok = parser.Parse("settings.json", bytes, bytes.Length, settings);
        return (ok, settings, parser.Problems);
    }

    private static string KeyHex(ECDsa key) => Convert.ToHexString(OtaRig.PublicKey(key));

    [Fact]
    public void The_ota_settings_are_read_with_two_keys_for_rotation()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var b = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (ok, s, problems) = Parse($$"""
            {"otaKeys":["{{KeyHex(a)}}","{{KeyHex(b).ToLowerInvariant()}}"],"otaBlockSize":2048,"otaRequestTimeoutMs":3000,
             "otaMaxRetries":5,"otaHealthTimeoutMs":90000}
            """);

        Assert.True(ok, problems);
        Assert.Equal("", problems);
        Assert.Equal(2, s.Ota.Keys.Length);
        Assert.Equal(OtaRig.PublicKey(a), s.Ota.Keys[0]);
        Assert.Equal(OtaRig.PublicKey(b), s.Ota.Keys[1]);
        Assert.Equal((2048, 3000, 5, 90000), (s.Ota.BlockSize, s.Ota.RequestTimeoutMs, s.Ota.MaxRetries, s.Ota.HealthTimeoutMs));
    }

    [Theory]
    [InlineData("\"04abc\"")]                      // not 65 bytes
    [InlineData("\"zz\"")]                         // not hex
    [InlineData("42")]                             // not a string
    public void A_key_that_is_not_a_P256_point_refuses_to_boot_naming_the_setting(string key)
    {
        var (ok, s, problems) = Parse($$"""{"otaKeys":[{{key}}]}""");
        Assert.False(ok);
        Assert.Contains("otaKeys", problems);
        Assert.Empty(s.Ota.Keys);
    }

    [Fact]
    public void A_key_off_the_curve_refuses_to_boot()
    {
        string offCurve = "04" + new string('1', 128);
        var (ok, _, problems) = Parse($$"""{"otaKeys":["{{offCurve}}"]}""");
        Assert.False(ok);
        Assert.Contains("a point on the curve", problems);
    }

    [Fact]
    public void Three_keys_are_refused()
    {
        using var a = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (ok, _, problems) = Parse($$"""{"otaKeys":["{{KeyHex(a)}}","{{KeyHex(a)}}","{{KeyHex(a)}}"]}""");
        Assert.False(ok);
        Assert.Contains("1 to 2", problems);
    }

    private sealed class NoRestart : IBoardRestart
    {
        public void Restart(string reason) { }
    }

    [Fact]
    public void The_device_gets_an_updates_module_only_with_a_trusted_key_update_parts_and_a_link()
    {
        string json = File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "boards/simulator/board.json"));
        BoardDescription board = BoardParser.Parse("board.json", Encoding.UTF8.GetBytes(json));
        var store = new MemoryStore();
        var boot = new BootControl(store, FirmwareInfo.FactoryVersion);
        boot.Boot();
        var parts = new UpdateParts(new MemorySlots(64 * 1024), boot, new NoRestart());
        using var work = new BlockingWorkPool(1);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        EdgeNanoDevice Compose(bool withKey, UpdateParts? updates, bool online, int blockSize = 1024)
        {
            var settings = new DeviceSettings();
            settings.Ota.BlockSize = blockSize;
            if (withKey) settings.Ota.Keys = [OtaRig.PublicKey(key)];
            var pins = HostPinBanks.Create(HostPinBanks.Simulated, 64, out _);
            return new EdgeNanoDevice(board, settings, pins, store, new HostClock(), new ListLog(), online ? new MqttNetLink() : null, online ? work : null, updates);
        }

        EdgeNanoDevice device = Compose(true, parts, true);
        Assert.NotNull(device.Updates);
        Assert.Equal("$hw/events/device/default/demo/ota/announce", device.EdgeHub.UpdatesInbox!.AnnounceTopic);
        Assert.Null(Compose(false, parts, true).Updates);
        Assert.Null(Compose(true, null, true).Updates);
        Assert.Null(Compose(true, parts, false).Updates);

        // A block result travels in one payload array: 1,516 + 20 bytes fit maxPayload 1,536, one more does not.
        Assert.NotNull(Compose(true, parts, true, blockSize: 1516).Updates);
        var refused = Assert.Throws<RuntimeConfigException>(() => Compose(true, parts, true, blockSize: 1517));
        Assert.Equal("otaBlockSize 1517 does not fit maxPayload 1536: a block result is otaBlockSize + 20 bytes and travels in one payload array; " +
            "lower otaBlockSize or raise maxPayload", refused.Message);
    }
}

/// <summary>`edgenano device --ota-key`: the simulated board's trusted keys from the command line.</summary>
public sealed class DeviceCommandOtaKeyTests
{
    [Theory]
    [InlineData("zz", "is not hex")]
    [InlineData("0411", "is not an uncompressed P-256 public key")]
    public void A_bad_ota_key_is_refused_with_a_line_naming_it(string key, string why)
    {
        using var store = new EdgeNano.Tests.Cli.TempDirectory();
        var result = EdgeNano.Tests.Cli.HubRig.Run("device", "--id", "default/k", "--store", store.Path, "--broker", "mqtt://127.0.0.1:1", "--ota-key", key);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("--ota-key", result.Error);
        Assert.Contains(why, result.Error);
    }
}
