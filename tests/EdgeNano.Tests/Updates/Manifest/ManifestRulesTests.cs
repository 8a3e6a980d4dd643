using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Manifest;

public class ManifestRulesTests
{
    private const string Board = "simulator";
    private const string Running = "1.3.0";
    private const string Runtime = "1.0.0";
    private const int LastSequence = 500;
    private const long SlotCapacity = 65536;

    // The manifest as the parser leaves it: version 1.4.0 for this board, next sequence, two files.
    private static UpdateManifest Manifest(string version = "1.4.0", string board = Board, int sequence = LastSequence + 1,
        string minRuntime = Runtime, bool allowDowngrade = false, int appSize = 40000, int configSize = 812)
    {
        var manifest = new UpdateManifest
        {
            Format = 1, Version = version, Board = board, Sequence = sequence, MinRuntime = minRuntime,
            AllowDowngrade = allowDowngrade, FileCount = 2,
        };
        manifest.FileNames[0] = "EdgeNano.App.pe";
        manifest.FileSizes[0] = appSize;
        manifest.FileKinds[0] = UpdateManifest.KindApp;
        manifest.FileNames[1] = "board.json";
        manifest.FileSizes[1] = configSize;
        manifest.FileKinds[1] = UpdateManifest.KindConfig;
        return manifest;
    }

    private static string? Check(UpdateManifest manifest, string running = Running, string runtime = Runtime) =>
        ManifestRules.Check(manifest, Board, running, runtime, LastSequence, SlotCapacity);

    [Fact]
    public void A_newer_version_for_this_board_that_fits_may_be_installed()
    {
        Assert.Null(Check(Manifest()));
    }

    [Fact]
    public void A_package_for_another_board_is_refused()
    {
        Assert.Equal("wrong-board: the package is for board 'esp32-devkit', this is board 'simulator'",
            Check(Manifest(board: "esp32-devkit")));
    }

    [Fact]
    public void Board_names_must_match_exactly_not_ignoring_case()
    {
        Assert.StartsWith("wrong-board:", Check(Manifest(board: "Simulator")));
    }

    [Fact]
    public void An_older_version_is_refused_as_not_newer()
    {
        Assert.Equal("not-newer: version 1.2.0 is not newer than the running 1.3.0", Check(Manifest(version: "1.2.0")));
    }

    [Fact]
    public void The_running_version_again_is_refused_as_not_newer()
    {
        Assert.Equal("not-newer: version 1.3.0 is not newer than the running 1.3.0", Check(Manifest(version: "1.3.0")));
    }

    [Fact]
    public void Versions_compare_by_number_so_1_10_is_newer_than_1_9()
    {
        Assert.Null(Check(Manifest(version: "1.10.0"), running: "1.9.0"));
    }

    [Fact]
    public void An_older_version_is_accepted_when_the_manifest_allows_downgrade()
    {
        Assert.Null(Check(Manifest(version: "1.2.0", allowDowngrade: true)));
    }

    [Fact]
    public void An_unreadable_running_version_does_not_block_an_update()
    {
        Assert.Null(Check(Manifest(version: "0.0.1"), running: "corrupt"));
    }

    [Fact]
    public void A_sequence_equal_to_the_last_accepted_is_refused_as_replayed()
    {
        Assert.Equal("replayed: sequence 500 is not above the last accepted 500", Check(Manifest(sequence: LastSequence)));
    }

    [Fact]
    public void An_old_manifest_replayed_is_refused_even_when_it_allows_downgrade()
    {
        Assert.Equal("replayed: sequence 17 is not above the last accepted 500",
            Check(Manifest(version: "1.0.0", sequence: 17, allowDowngrade: true)));
    }

    [Fact]
    public void A_package_needing_a_newer_runtime_is_refused()
    {
        Assert.Equal("runtime-too-old: the package needs runtime 1.1.0, this device runs 1.0.0", Check(Manifest(minRuntime: "1.1.0")));
    }

    [Fact]
    public void A_package_needing_exactly_the_running_runtime_is_accepted()
    {
        Assert.Null(Check(Manifest(minRuntime: "2.5.7"), runtime: "2.5.7"));
        Assert.Null(Check(Manifest(minRuntime: "0.9.0")));
    }

    [Fact]
    public void A_package_larger_than_the_staging_slot_is_refused()
    {
        Assert.Equal("too-large: the files need 65537 bytes, the staging slot holds 65536",
            Check(Manifest(appSize: 65536 - 812 + 1)));
    }

    [Fact]
    public void A_package_exactly_filling_the_staging_slot_is_accepted()
    {
        Assert.Null(Check(Manifest(appSize: 65536 - 812)));
    }

    [Fact]
    public void Files_whose_sizes_add_up_past_two_gigabytes_are_still_refused_as_too_large()
    {
        var manifest = Manifest(appSize: int.MaxValue, configSize: int.MaxValue);
        Assert.Equal("too-large: the files need 4294967294 bytes, the staging slot holds 3000000000",
            ManifestRules.Check(manifest, Board, Running, Runtime, LastSequence, 3_000_000_000));
    }

    [Fact]
    public void The_board_is_reported_first_when_several_rules_are_broken()
    {
        Assert.StartsWith("wrong-board:", Check(Manifest(board: "other", version: "0.1.0", sequence: 1, minRuntime: "9.0.0", appSize: 1 << 30)));
        Assert.StartsWith("not-newer:", Check(Manifest(version: "0.1.0", sequence: 1, minRuntime: "9.0.0", appSize: 1 << 30)));
    }
}
