using System.Security.Cryptography;
using EdgeNano.Boards.Host.Storage;
using EdgeNano.Cli.Ota;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>
/// Every refusal that reaches the device ends in failed with its ota_error in the twin, while the
/// old version keeps running, confirmed, without a restart; the refused package is not fetched again.
/// </summary>
public sealed class RefusalTests(OtaRigFixture fixture) : IClassFixture<OtaRigFixture>
{
    private OtaRig Rig => fixture.Rig;

    public static TheoryData<string, string> Cases => new()
    {
        { "bad-signature", OtaError.BadSignature },
        { "untrusted-key", OtaError.BadSignature },
        { "wrong-board", OtaError.WrongBoard },
        { "not-newer", OtaError.NotNewer },
        { "replayed", OtaError.Replayed },
        { "hash-mismatch", OtaError.HashMismatch },
        { "truncated-file", OtaError.Truncated },
        { "too-large", OtaError.TooLarge },
        { "manifest-over-max-payload", OtaError.TooLarge },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task A_refused_package_ends_failed_with_its_error_in_the_twin_and_the_old_version_still_running(string @case, string code)
    {
        string id = "default/refuse-" + @case;
        if (@case == "replayed")
        {
            // As if an update with sequence 100 was activated here before.
            new OtaMemory(new FileStore(Rig.StoreFolder(id))).Activated(SHA256.HashData("earlier"u8.ToArray()), 100);
        }
        var board = Rig.Board(id);
        Rig.WaitUntil(() => board.IsSynced, "first sync");

        OtaFile app = OtaRig.App(3000);
        using var stranger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        OtaPackageContent package = @case switch
        {
            "bad-signature" => Tampered(Rig.Pack(new PackSpec("1.1.0", 1), app)),
            "untrusted-key" => Rig.Pack(new PackSpec("1.1.0", 1) { Signer = stranger }, app),
            "wrong-board" => Rig.Pack(new PackSpec("1.1.0", 1) { Board = "esp32-devkitc" }, app),
            "not-newer" => Rig.Pack(new PackSpec("1.0.0", 1), app),
            "replayed" => Rig.Pack(new PackSpec("1.1.0", 50), app),
            "hash-mismatch" => Rig.Pack(new PackSpec("1.1.0", 1) { Declare = f => (f.Bytes.Length, SHA256.HashData(f.Bytes.Reverse().ToArray())) }, app),
            "truncated-file" => Rig.Pack(new PackSpec("1.1.0", 1) { Serve = f => f with { Bytes = f.Bytes[..^500] } }, app),
            "too-large" => Rig.Pack(new PackSpec("1.1.0", 1) { Declare = f => (300 * 1024, SHA256.HashData(f.Bytes)) }, app),
            // A valid manifest of about 1,600 bytes: its result (84 bytes more) does not fit the default maxPayload of 1,536.
            "manifest-over-max-payload" => Rig.Pack(new PackSpec("1.1.0", 1) { Note = new string('n', 1400) }, app),
            _ => throw new ArgumentException(@case),
        };
        await Rig.Server.OfferAsync(id, package, CancellationToken.None);

        Rig.WaitUntil(() => board.Updates?.State == OtaState.Failed, @case + " refused");
        Assert.StartsWith(code + ":", board.Updates!.Error);
        if (@case == "manifest-over-max-payload") Assert.Contains("maxPayload 1536", board.Updates.Error);
        Rig.WaitUntil(() => board.LocalActual(id, "ota_state") == "failed"
            && (board.LocalActual(id, "ota_error") ?? "").StartsWith(code + ":"), "the twin reports the refusal");
        Assert.Equal("1.0.0", board.RunningVersion);
        Assert.Equal("1.0.0", board.LocalActual(id, "fw_version"));
        Assert.Equal(0, board.Restarts);
        Assert.False(board.Device!.Updates!.IsOnTrial);

        // Announced again (after a reconnect, say): the refused package is not fetched again.
        long manifests = Rig.Server.CountersFor(id).ManifestsServed;
        await Rig.Server.OfferAsync(id, package, CancellationToken.None);
        await Task.Delay(300);
        Assert.Equal(manifests, Rig.Server.CountersFor(id).ManifestsServed);
        Assert.Equal(OtaState.Failed, board.Updates.State);
    }

    private static OtaPackageContent Tampered(OtaPackageContent package)
    {
        byte[] signature = (byte[])package.Signature.Clone();
        signature[10] ^= 0x01;
        return package with { Signature = signature };
    }
}
