using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;
using EdgeNano.Updates;
using EdgeNano.Tests.Updates.Manifest;

namespace EdgeNano.Tests.Updates.Boot;

/// <summary>
/// boards/NanoFramework/SlotLoader.cs compiled for .NET and run over FlashSlotFiles (also compiled
/// for .NET) in a temporary folder and the boot record on a simulated flash. The slot's
/// application is a real assembly compiled here and loaded from its bytes, as on the board.
/// </summary>
public sealed class SlotLoaderTests : IDisposable
{
    private const string Version = "1.4.0";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "edgenano-loader-" + Guid.NewGuid().ToString("N"));
    private readonly string _marker = "edgenano-app-ran-" + Guid.NewGuid().ToString("N");
    private readonly BootRig _rig = new();
    private readonly ISlotFiles _slots;
    private readonly List<string> _restarts = [];
    private readonly List<string> _log = [];
    private int _builtInRuns;

    private static readonly Lazy<byte[]> ConfirmingApp = new(() => NanoAdaptersOnHost.Compile("EdgeNano.App", """
        namespace EdgeNano.App
        {
            public static class Entry
            {
                public static void Run(EdgeNano.Updates.BootControl boot)
                {
                    System.AppContext.SetData((string)System.AppContext.GetData("edgenano-test-marker"), boot.RunningVersion);
                    boot.Confirm();
                }
            }
        }
        """));

    private static readonly Lazy<byte[]> CrashingApp = new(() => NanoAdaptersOnHost.Compile("EdgeNano.App", """
        namespace EdgeNano.App
        {
            public static class Entry
            {
                public static void Run(EdgeNano.Updates.BootControl boot)
                {
                    throw new System.InvalidOperationException("no twin resync");
                }
            }
        }
        """));

    private static readonly Lazy<byte[]> Library = new(() => NanoAdaptersOnHost.Compile("EdgeNano.App.Lib", """
        namespace EdgeNano.App.Lib { public static class Texts { public const string Hello = "hello"; } }
        """));

    public SlotLoaderTests()
    {
        _slots = FlashSlotFilesTests.Open(_root, 1 << 20);
        _rig.Restart();
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    /// <summary>Writes the files and the manifest listing them (in this order) into slot.</summary>
    private void Stage(int slot, params (string Name, byte[] Bytes, string Kind)[] files)
    {
        var manifest = ManifestJson.Valid();
        manifest["version"] = Version;
        manifest["files"] = new JsonArray(files.Select(f => (JsonNode)ManifestJson.File(f.Name, f.Bytes, f.Kind)).ToArray());
        foreach (var (name, bytes, _) in files) Assert.True(_slots.WriteAt(slot, name, 0, bytes, 0, bytes.Length));
        byte[] json = ManifestJson.Bytes(manifest);
        Assert.True(_slots.WriteAt(slot, BootControl.ManifestFile, 0, json, 0, json.Length));
    }

    private void StageAndActivate(int slot, params (string Name, byte[] Bytes, string Kind)[] files)
    {
        Stage(slot, files);
        Assert.True(_rig.Control.Activate(slot, Version));
    }

    /// <summary>A restart of the board through the loader: Boot, then the slot's or the built-in application.</summary>
    private BootControl BootThroughLoader()
    {
        BootControl control = _rig.Open();
        AppContext.SetData("edgenano-test-marker", _marker);
        var builtIn = Delegate.CreateDelegate(NanoAdaptersOnHost.ApplicationEntry, this, nameof(RunBuiltIn));
        object loader = Activator.CreateInstance(NanoAdaptersOnHost.SlotLoader, control, _slots, new RecordingRestart(_restarts), builtIn, new Log(_log))!;
        NanoAdaptersOnHost.SlotLoader.GetMethod("Run")!.Invoke(loader, null);
        return control;
    }

    private void RunBuiltIn(BootControl boot) => _builtInRuns++;

    private string? AppRan => AppContext.GetData(_marker) as string;

    [Fact]
    public void The_factory_slot_runs_the_built_in_application()
    {
        BootControl control = BootThroughLoader();
        Assert.Equal(BootControl.FactorySlot, control.ActiveSlot);
        Assert.Equal(1, _builtInRuns);
        Assert.Empty(_restarts);
    }

    [Fact]
    public void A_trial_slot_runs_its_application_loaded_from_bytes_whose_entry_confirms_it()
    {
        StageAndActivate(0, ("EdgeNano.App.pe", ConfirmingApp.Value, "app"), ("board.json", ManifestJson.ConfigBytes, "config"));

        BootControl control = BootThroughLoader();
        Assert.Equal(Version, AppRan);
        Assert.Equal(0, _builtInRuns);
        Assert.False(control.IsTesting); // the application confirmed its trial
        Assert.Equal(0, _rig.Restart());
        Assert.False(_rig.Control.IsTesting);
    }

    [Fact]
    public void The_entry_is_found_in_whichever_app_assembly_of_the_slot_defines_it()
    {
        StageAndActivate(1, ("EdgeNano.App.Lib.pe", Library.Value, "app"), ("EdgeNano.App.pe", ConfirmingApp.Value, "app"));
        BootThroughLoader();
        Assert.Equal(Version, AppRan);
    }

    [Fact]
    public void A_trial_whose_entry_throws_is_rolled_back_with_the_exception_as_reason_and_the_board_restarts()
    {
        StageAndActivate(0, ("EdgeNano.App.pe", CrashingApp.Value, "app"));

        BootThroughLoader();
        string reason = Assert.Single(_restarts);
        Assert.Equal("health-check: version 1.4.0 did not start: System.InvalidOperationException: no twin resync", reason);
        Assert.Equal(0, _builtInRuns);
        Assert.Contains(_log, line => line.Contains("no twin resync"));

        BootControl after = BootThroughLoader();
        Assert.Equal(1, _builtInRuns); // back on the factory application
        Assert.Equal(BootControl.FactorySlot, after.ActiveSlot);
        Assert.Equal(reason, after.RolledBackReason);
    }

    [Fact]
    public void A_trial_whose_assembly_changed_on_flash_after_staging_is_rolled_back_as_a_hash_mismatch()
    {
        StageAndActivate(0, ("EdgeNano.App.pe", ConfirmingApp.Value, "app"));
        byte[] damaged = (byte[])ConfirmingApp.Value.Clone();
        damaged[damaged.Length / 2] ^= 0x40;
        Assert.True(_slots.WriteAt(0, "EdgeNano.App.pe", 0, damaged, 0, damaged.Length));

        BootThroughLoader();
        Assert.Null(AppRan);
        Assert.Equal("health-check: version 1.4.0 did not start: hash-mismatch: EdgeNano.App.pe", Assert.Single(_restarts));
    }

    [Fact]
    public void A_trial_slot_without_its_manifest_is_rolled_back_and_never_runs_unconfirmed_twice()
    {
        Assert.True(_slots.WriteAt(0, "EdgeNano.App.pe", 0, ConfirmingApp.Value, 0, ConfirmingApp.Value.Length));
        Assert.True(_rig.Control.Activate(0, Version));

        BootThroughLoader();
        Assert.Contains("no readable ~manifest.json", Assert.Single(_restarts));
        BootControl after = BootThroughLoader();
        Assert.Equal(BootControl.FactorySlot, after.ActiveSlot);
        Assert.Single(_restarts);
    }

    [Fact]
    public void A_configuration_only_package_runs_the_built_in_application_on_trial()
    {
        StageAndActivate(0, ("board.json", ManifestJson.ConfigBytes, "config"));

        BootControl control = BootThroughLoader();
        Assert.Equal(1, _builtInRuns);
        Assert.Equal(0, control.ActiveSlot);
        Assert.True(control.IsTesting); // the built-in application's health check decides
        Assert.Empty(_restarts);
    }

    [Fact]
    public void A_confirmed_slot_that_no_longer_loads_runs_the_built_in_application_without_a_restart()
    {
        StageAndActivate(0, ("EdgeNano.App.pe", ConfirmingApp.Value, "app"));
        BootThroughLoader();
        Assert.Equal(Version, AppRan);
        Assert.True(_slots.Erase(0));

        BootControl control = BootThroughLoader();
        Assert.Equal(1, _builtInRuns);
        Assert.Empty(_restarts);
        Assert.False(control.IsTesting);
        Assert.Contains(_log, line => line.Contains("no readable"));
    }

    private sealed class RecordingRestart(List<string> reasons) : IBoardRestart
    {
        public void Restart(string reason) => reasons.Add(reason);
    }

    private sealed class Log(List<string> lines) : ILog
    {
        public void Write(int level, string source, string text) => lines.Add(LogLevel.Name(level) + " " + source + ": " + text);
    }
}
