using EdgeNano.Cli.Common;
using EdgeNano.Cli.Ota;
using EdgeNano.Cli.Sim;
using EdgeNano.Tests.Infrastructure;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>
/// A download survives what a field device meets: a lost connection, a reboot, a power cut while
/// the bitmap or a block is being written, and a server that stops answering. Each ends confirmed
/// with the file verified, having fetched again only what the saved bitmap did not hold.
/// </summary>
public sealed class ResumeTests(OtaRigFixture fixture) : IClassFixture<OtaRigFixture>
{
    private const int Blocks = 64;
    private OtaRig Rig => fixture.Rig;

    private static readonly OtaFile App = OtaRig.App(Blocks * 1024 - 100);

    private OtaPackageContent Package() => Rig.Pack(new PackSpec("1.1.0", 1), App);

    private long Served(string id) => Rig.Server.CountersFor(id).BlocksServed;

    /// <summary>
    /// Offers the package to a board whose power line is armed, waits for the cut, brings the board
    /// back and waits until it confirms; returns the blocks served before the restart.
    /// </summary>
    private async Task<long> OfferUntilPowerCutThenRestartAsync(string id, SimDevice board, PowerLine power)
    {
        Rig.WaitUntil(() => board.IsSynced, "first sync");
        await Rig.Server.OfferAsync(id, Package(), CancellationToken.None);

        Rig.WaitUntil(() => power.Lost && !board.IsRunning, "the power cut");
        long before = Served(id);
        power.Restore();
        board.Start();
        WaitConfirmed(board);
        return before;
    }

    private void WaitConfirmed(SimDevice board) =>
        Rig.WaitUntil(() => board.RunningVersion == "1.1.0" && board.Updates?.State == OtaState.Confirmed, "confirmed 1.1.0");

    private void WaitDone(SimDevice board, int blocks) =>
        Rig.WaitUntil(() => (board.Updates?.Download.Done ?? 0) >= blocks, blocks + " blocks staged");

    [Fact]
    public async Task A_download_cut_off_by_a_lost_connection_resumes_where_it_stopped()
    {
        const string id = "default/resume-link";
        using var proxy = new CuttableProxy("127.0.0.1", Rig.Broker.Port);
        var board = Rig.Board(id, via: new BrokerAddress(proxy.Host, proxy.Port, false, null, null));
        Rig.WaitUntil(() => board.IsSynced, "first sync");
        await Rig.Server.OfferAsync(id, Package(), CancellationToken.None);

        WaitDone(board, 20);
        proxy.CutAll();
        WaitConfirmed(board);

        Assert.True(board.Totals.Losses >= 1);
        // Only a request in flight at the cut may have been answered twice.
        Assert.InRange(Served(id), Blocks, Blocks + 2);
    }

    [Fact]
    public async Task A_reboot_mid_download_resumes_from_the_saved_bitmap()
    {
        const string id = "default/resume-reboot";
        var board = Rig.Board(id);
        Rig.WaitUntil(() => board.IsSynced, "first sync");
        await Rig.Server.OfferAsync(id, Package(), CancellationToken.None);

        WaitDone(board, 30);
        board.CutPower();
        long before = Served(id);
        board.Start();
        WaitConfirmed(board);

        long after = Served(id) - before;
        Assert.InRange(after, 1, Blocks - 1);
    }

    [Fact]
    public async Task A_power_cut_while_the_bitmap_is_saved_resumes_from_the_previous_bitmap()
    {
        const string id = "default/resume-bitmap";
        var power = new PowerLine();
        int armed = 1;
        SimDevice board = null!;
        power.OnCut = () => Task.Run(() => board.CutPower());
        // Saves: 1 when the download starts, then every 8 blocks: the third is cut (after 16 blocks, 8 saved).
        board = Rig.Board(id, wrapStore: store => new CuttableStore(store, power,
                (key, n) => key == DownloadProgress.StoreKey && n == 3 && Interlocked.Exchange(ref armed, 0) == 1),
            wrapSlots: slots => new CuttableSlots(slots, power, _ => false));
        long before = await OfferUntilPowerCutThenRestartAsync(id, board, power);

        // What the saved bitmap lacked, plus at most the one request in flight when the power went.
        Assert.InRange(Served(id) - before, Blocks - 8, Blocks - 8 + 1);
    }

    [Fact]
    public async Task A_power_cut_in_the_middle_of_a_block_fetches_that_block_again_and_verifies()
    {
        const string id = "default/resume-torn";
        var power = new PowerLine();
        int armed = 1;
        SimDevice board = null!;
        power.OnCut = () => Task.Run(() => board.CutPower());
        // The 21st block is torn: half of it reaches the slot file; the bitmap saved after 16 knows nothing of it.
        board = Rig.Board(id, wrapStore: store => new CuttableStore(store, power, (_, _) => false),
            wrapSlots: slots => new CuttableSlots(slots, power, n => n == 21 && Interlocked.Exchange(ref armed, 0) == 1));
        long before = await OfferUntilPowerCutThenRestartAsync(id, board, power);

        Assert.InRange(Served(id) - before, Blocks - 16, Blocks - 16 + 1);
        byte[] staged = File.ReadAllBytes(Path.Combine(Rig.StoreFolder(id), "slots", "slot0", App.Name));
        Assert.Equal(App.Bytes, staged);
    }

    [Fact]
    public async Task A_refused_package_in_between_leaves_an_interrupted_download_resumable()
    {
        const string id = "default/resume-after-refusal";
        var board = Rig.Board(id);
        Rig.WaitUntil(() => board.IsSynced, "first sync");
        await Rig.Server.OfferAsync(id, Package(), CancellationToken.None);
        WaitDone(board, 30);
        board.CutPower();
        // Meanwhile the server offers another package, which the board refuses when it is back.
        await Rig.Server.OfferAsync(id, Rig.Pack(new PackSpec("1.2.0", 2) { Board = "esp32-devkitc" }, App), CancellationToken.None);
        board.Start();

        Rig.WaitUntil(() => board.Updates?.State == OtaState.Failed, "the other package refused");
        long before = Served(id);
        await Rig.Server.OfferAsync(id, Package(), CancellationToken.None);
        WaitConfirmed(board);

        Assert.InRange(Served(id) - before, 1, Blocks - 24);
    }

    [Fact]
    public async Task A_server_that_stops_answering_ends_failed_stalled_and_the_next_offer_resumes()
    {
        // A rig of its own: its server is stopped mid-download (one server per broker, as deployed).
        await using OtaRig rig = await OtaRig.StartAsync();
        const string id = "default/resume-stall";
        var board = rig.Board(id, configure: s =>
        {
            s.Ota.RequestTimeoutMs = 100;
            s.Ota.MaxRetries = 3;
        });
        rig.WaitUntil(() => board.IsSynced, "first sync");
        OtaPackageContent package = rig.Pack(new PackSpec("1.1.0", 1), App);
        await rig.Server.OfferAsync(id, package, CancellationToken.None);

        rig.WaitUntil(() => (board.Updates?.Download.Done ?? 0) >= 20, "20 blocks staged");
        await rig.Server.DisposeAsync();
        rig.WaitUntil(() => board.Updates?.State == OtaState.Failed, "failed");
        Assert.StartsWith(OtaError.Stalled + ":", board.Updates!.Error);
        rig.WaitUntil(() => (board.LocalActual(id, "ota_error") ?? "").StartsWith("stalled:"), "the twin says stalled");
        Assert.Equal("1.0.0", board.RunningVersion);

        await using OtaServer again = await OtaServer.ConnectAsync(rig.Address, "ota-server-2", CancellationToken.None);
        await again.OfferAsync(id, package, CancellationToken.None);
        rig.WaitUntil(() => board.RunningVersion == "1.1.0" && board.Updates?.State == OtaState.Confirmed, "confirmed 1.1.0");
        // Resumed from the bitmap saved before the stall (every 8 blocks), not from the start.
        // (Served counts would include re-asks: this test's 100 ms timeout is short on purpose.)
        string resumed = Assert.Single(rig.Log.Lines, line => line.Contains("resuming:"));
        int staged = int.Parse(resumed[(resumed.IndexOf("resuming: ") + 10)..].Split(' ')[0]);
        Assert.InRange(staged, 16, Blocks - 1);
    }
}
