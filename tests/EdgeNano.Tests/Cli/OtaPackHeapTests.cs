using System.Globalization;
using System.Security.Cryptography;
using EdgeNano.Cli.Ota;

namespace EdgeNano.Tests.Cli;

/// <summary>
/// `edgenano ota pack` and the target's managed heap: on nanoFramework every application file
/// stays loaded in the heap, so pack refuses application files the board cannot hold.
/// </summary>
public class OtaPackHeapTests : IDisposable
{
    // The sizes of two real .pe files (docs/flash-esp32.md): the application entry and DeviceTwin.
    private const int EntryPe = 3_348;
    private const int ModulePe = 49_308;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Key => _dir.File("fleet.key");
    private string Package => _dir.File("update.enpkg");

    /// <summary>A fleet key and a folder of two app files of the given sizes; the folder.</summary>
    private string AppFolder(params int[] sizes)
    {
        if (!File.Exists(Key)) Assert.Equal(0, HubRig.Run("ota", "keygen", "--out", Key).ExitCode);
        string app = Path.Combine(_dir.Path, "app");
        Directory.CreateDirectory(app);
        for (int i = 0; i < sizes.Length; i++) File.WriteAllBytes(Path.Combine(app, $"EdgeNano.App{i}.pe"), RandomNumberGenerator.GetBytes(sizes[i]));
        return app;
    }

    private string ConfigFile()
    {
        string config = _dir.File("settings.json");
        File.WriteAllText(config, """{"keepAliveSeconds":60}""");
        return config;
    }

    private CliRunResult Pack(string board, params string[] extra) =>
        HubRig.Run(["ota", "pack", "--version", "2.0.0", "--board", board, "--key", Key, "--out", Package, .. extra]);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    [Fact]
    public void An_application_too_large_for_a_plain_ESP32_is_refused_with_the_sizes_and_nothing_is_written()
    {
        CliRunResult run = Pack("esp32-devkitc", "--in", AppFolder(EntryPe, ModulePe));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("edgenano ota pack: board esp32-devkitc (mcu esp32", run.Error);
        Assert.Contains($"{N(EntryPe + ModulePe)} bytes of .pe", run.Error);
        Assert.Contains("it has 92,160", run.Error); // the board's managed heap
        Assert.Contains($"EdgeNano's peak {N(OtaHeapBudget.EdgeNanoPeak)}", run.Error);
        Assert.Contains($"Wi-Fi, TLS and M2Mqtt {N(OtaHeapBudget.Network)}", run.Error);
        Assert.Contains($"deployed firmware's assemblies {N(OtaHeapBudget.FirmwareAssemblies)}", run.Error);
        long needed = OtaHeapBudget.Reserved + OtaHeapBudget.LoadedSize(EntryPe) + OtaHeapBudget.LoadedSize(ModulePe);
        Assert.Contains($"short by {N(needed - 92_160)} bytes", run.Error);
        Assert.Contains("configuration-only packages", run.Error);
        Assert.False(File.Exists(Package));
    }

    [Fact]
    public void Even_the_application_entry_alone_is_refused_for_a_plain_ESP32()
    {
        CliRunResult run = Pack("esp32-devkitc", "--in", AppFolder(EntryPe));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no room for application files", run.Error);
        Assert.False(File.Exists(Package));
    }

    [Fact]
    public void The_same_application_is_accepted_for_the_ESP32_S3_with_PSRAM()
    {
        CliRunResult run = Pack("esp32-s3-devkitc", "--in", AppFolder(EntryPe, ModulePe));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("heap: board esp32-s3-devkitc (mcu esp32-s3: ESP32-S3 with PSRAM", run.Output);
        Assert.Contains("the application files fit", run.Output);
        Assert.Equal([EntryPe, ModulePe], OtaPackageFile.Read(Package).Files.Select(f => f.Bytes.Length));
    }

    [Fact]
    public void A_configuration_only_package_is_accepted_for_a_plain_ESP32()
    {
        AppFolder(); // the key
        CliRunResult run = Pack("esp32-devkitc", "--config", ConfigFile());

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("heap: configuration only", run.Output);
        Assert.Equal(["settings.json"], OtaPackageFile.Read(Package).Files.Select(f => f.Name));
    }

    [Fact]
    public void The_heap_bytes_option_states_the_targets_heap_to_the_byte()
    {
        string app = AppFolder(EntryPe, ModulePe);
        long needed = OtaHeapBudget.Reserved + OtaHeapBudget.LoadedSize(EntryPe) + OtaHeapBudget.LoadedSize(ModulePe);

        // An ESP32 with PSRAM (a WROVER) runs the esp32-devkitc board file with megabytes of heap.
        CliRunResult wrover = Pack("esp32-devkitc", "--in", app, "--heap-bytes", "3932160");
        Assert.True(wrover.ExitCode == 0, wrover.Error);
        Assert.Contains("managed heap stated with --heap-bytes", wrover.Output);

        CliRunResult exact = Pack("esp32-devkitc", "--in", app, "--heap-bytes", needed.ToString(CultureInfo.InvariantCulture));
        Assert.True(exact.ExitCode == 0, exact.Error);
        Assert.Contains("0 to spare", exact.Output);

        File.Delete(Package);
        CliRunResult oneShort = Pack("esp32-devkitc", "--in", app, "--heap-bytes", (needed - 1).ToString(CultureInfo.InvariantCulture));
        Assert.Equal(1, oneShort.ExitCode);
        Assert.Contains("short by 1 bytes", oneShort.Error);
        Assert.Contains("loads at most about", oneShort.Error);
        Assert.False(File.Exists(Package));

        Assert.Contains("must be a positive number", Pack("esp32-devkitc", "--in", app, "--heap-bytes", "0").Error);
    }

    [Fact]
    public void A_board_pack_does_not_know_needs_its_board_file_or_its_heap()
    {
        string app = AppFolder(EntryPe);

        CliRunResult unknown = Pack("garden-node", "--in", app);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("board garden-node: no board file found", unknown.Error);
        Assert.Contains("--board-file", unknown.Error);
        Assert.Contains("--heap-bytes", unknown.Error);

        // Its own board file names an MCU: the plain ESP32's heap applies.
        string boardFile = _dir.File("garden-node.json");
        File.WriteAllText(boardFile, """{"board":"garden-node","mcu":"esp32","devices":[]}""");
        CliRunResult esp32 = Pack("garden-node", "--in", app, "--board-file", boardFile);
        Assert.Equal(1, esp32.ExitCode);
        Assert.Contains("board garden-node (mcu esp32", esp32.Error);

        Assert.Equal(0, Pack("garden-node", "--in", app, "--heap-bytes", "1048576").ExitCode);

        CliRunResult other = Pack("esp32-devkitc", "--in", app, "--board-file", boardFile);
        Assert.Equal(1, other.ExitCode);
        Assert.Contains("is board 'garden-node'", other.Error);
    }

    [Fact]
    public void Host_boards_take_application_files_without_a_heap_limit()
    {
        CliRunResult run = Pack("rpi4", "--in", AppFolder(EntryPe, ModulePe));

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("runs on .NET, no nanoCLR heap limit", run.Output);
    }

    [Fact]
    public void Pack_help_explains_the_heap_check_and_its_options()
    {
        CliRunResult help = HubRig.Run("ota", "pack", "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--heap-bytes", help.Output);
        Assert.Contains("--board-file", help.Output);
        Assert.Contains("managed heap", help.Output);
        Assert.Contains("configuration-only", help.Output);
    }
}
