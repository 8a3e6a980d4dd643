using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Ota;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>The update server against the embedded broker, with a plain MQTT client as the device.</summary>
public sealed class OtaServerTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private const string Device = "default/ota-dev";
    private const string Base = "$hw/events/device/" + Device + "/ota/";

    private readonly EmbeddedBroker _broker = EmbeddedBroker.Start();
    private OtaServer _server = null!;
    private MqttSession _device = null!;

    private BrokerAddress Address => new("127.0.0.1", _broker.Port, false, null, null);

    public async Task InitializeAsync()
    {
        _server = await OtaServer.ConnectAsync(Address, "ota-server", CancellationToken.None);
        _device = await MqttSession.ConnectAsync(Address, "ota-device", Wait, CancellationToken.None);
        await _device.SubscribeAsync([Base + "announce", Base + "manifest/result", Base + "block/result"], CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await _device.DisposeAsync();
        await _server.DisposeAsync();
        _broker.Dispose();
    }

    private static OtaPackageContent Package(int fileSize)
    {
        byte[] file = new byte[fileSize];
        new Random(fileSize).NextBytes(file);
        byte[] manifest = Encoding.UTF8.GetBytes($$"""{"format":1,"version":"1.2.3","files":[{"name":"app.pe","size":{{fileSize}}}]}""");
        byte[] signature = new byte[64];
        signature[0] = 0x5a;
        return new OtaPackageContent(manifest, signature, [new OtaFile("app.pe", file)]);
    }

    private async Task<Received> NextAsync(string topic)
    {
        using var timeout = new CancellationTokenSource(Wait);
        while (true)
        {
            Received message = await _device.Incoming.ReadAsync(timeout.Token);
            if (message.Topic == topic) return message;
        }
    }

    [Fact]
    public async Task An_offer_is_announced_retained_with_the_package_id_version_and_size()
    {
        OtaPackageContent package = Package(10_000);
        await _server.OfferAsync(Device, package, CancellationToken.None);

        // A device connecting after the offer still finds it: the announcement is retained.
        await using MqttSession late = await MqttSession.ConnectAsync(Address, "late", Wait, CancellationToken.None);
        await late.SubscribeAsync([Base + "announce"], CancellationToken.None);
        using var timeout = new CancellationTokenSource(Wait);
        Received announce = await late.Incoming.ReadAsync(timeout.Token);

        JsonElement json = JsonDocument.Parse(announce.Payload).RootElement;
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(package.Manifest)), json.GetProperty("package").GetString());
        Assert.Equal("1.2.3", json.GetProperty("version").GetString());
        Assert.Equal(10_000, json.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task The_manifest_and_every_block_come_back_in_frames_that_rebuild_the_file()
    {
        OtaPackageContent package = Package(10_000);
        await _server.OfferAsync(Device, package, CancellationToken.None);
        var served = new List<int>();
        _server.BlockServed += (device, file, block) => { lock (served) served.Add(block); };

        await _device.PublishAsync(Base + "manifest/get", Encoding.UTF8.GetBytes($$"""{"package":"{{package.PackageId}}"}"""), CancellationToken.None);
        byte[] frame = (await NextAsync(Base + "manifest/result")).Payload;
        AssertHeader(frame, kind: 1, status: 0, package.PackageId, file: 0, block: 0);
        Assert.Equal(package.Signature, frame[20..84]);
        Assert.Equal(package.Manifest, frame[84..]);

        var rebuilt = new List<byte>();
        for (int block = 0; block < 3; block++)
        {
            await _device.PublishAsync(Base + "block/get", Encoding.UTF8.GetBytes($$"""{"package":"{{package.PackageId}}","file":0,"block":{{block}},"size":4096}"""), CancellationToken.None);
            frame = (await NextAsync(Base + "block/result")).Payload;
            AssertHeader(frame, kind: 2, status: 0, package.PackageId, file: 0, block: block);
            rebuilt.AddRange(frame[20..]);
        }
        Assert.Equal(package.Files[0].Bytes, rebuilt.ToArray());
        Assert.Equal(new OtaServeCounters(1, 3, 10_000, 0), _server.CountersFor(Device));
        Assert.Equal([0, 1, 2], served);
    }

    [Fact]
    public async Task A_block_past_the_end_is_answered_with_status_2()
    {
        OtaPackageContent package = Package(4096);
        await _server.OfferAsync(Device, package, CancellationToken.None);
        await _device.PublishAsync(Base + "block/get", Encoding.UTF8.GetBytes($$"""{"package":"{{package.PackageId}}","file":0,"block":1,"size":4096}"""), CancellationToken.None);
        AssertHeader((await NextAsync(Base + "block/result")).Payload, kind: 2, status: 2, package.PackageId, file: 0, block: 1);
        await _device.PublishAsync(Base + "block/get", Encoding.UTF8.GetBytes($$"""{"package":"{{package.PackageId}}","file":1,"block":0,"size":4096}"""), CancellationToken.None);
        AssertHeader((await NextAsync(Base + "block/result")).Payload, kind: 2, status: 2, package.PackageId, file: 1, block: 0);
    }

    [Fact]
    public async Task A_withdrawn_package_clears_the_announcement_and_its_requests_are_answered_unknown_and_counted()
    {
        OtaPackageContent package = Package(100);
        await _server.OfferAsync(Device, package, CancellationToken.None);
        Assert.NotEmpty((await NextAsync(Base + "announce")).Payload);
        await _server.WithdrawAsync(Device, CancellationToken.None);
        Assert.Empty((await NextAsync(Base + "announce")).Payload);

        await _device.PublishAsync(Base + "manifest/get", Encoding.UTF8.GetBytes($$"""{"package":"{{package.PackageId}}"}"""), CancellationToken.None);
        AssertHeader((await NextAsync(Base + "manifest/result")).Payload, kind: 1, status: 1, package.PackageId, file: 0, block: 0);
        Assert.Equal(1, _server.CountersFor(Device).UnknownRequests);
        Assert.Equal(0, _server.CountersFor(Device).ManifestsServed);
    }

    [Fact]
    public async Task A_device_never_offered_anything_is_counted_but_left_to_the_server_that_serves_it()
    {
        const string stranger = "$hw/events/device/default/stranger/ota/";
        await _device.SubscribeAsync([stranger + "manifest/result"], CancellationToken.None);
        await _device.PublishAsync(stranger + "manifest/get", Encoding.UTF8.GetBytes($$"""{"package":"{{new string('a', 64)}}"}"""), CancellationToken.None);

        EdgeNano.Tests.Runtime.RuntimeTestKit.WaitUntil(() => _server.CountersFor("default/stranger").UnknownRequests == 1);
        using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            while (true)
            {
                Received message = await _device.Incoming.ReadAsync(quiet.Token);
                if (message.Topic == stranger + "manifest/result") return;
            }
        });
    }

    [Fact]
    public async Task Single_segment_device_ids_are_served_too()
    {
        const string single = "$hw/events/device/plain/ota/";
        await _device.SubscribeAsync([single + "manifest/result"], CancellationToken.None);
        OtaPackageContent package = Package(10);
        await _server.OfferAsync("plain", package, CancellationToken.None);
        await _device.PublishAsync(single + "manifest/get", Encoding.UTF8.GetBytes($$"""{"package":"{{package.PackageId}}"}"""), CancellationToken.None);
        AssertHeader((await NextAsync(single + "manifest/result")).Payload, kind: 1, status: 0, package.PackageId, file: 0, block: 0);
        Assert.Equal(1, _server.CountersFor("plain").ManifestsServed);
    }

    private static void AssertHeader(byte[] frame, int kind, int status, string packageId, int file, int block)
    {
        Assert.Equal("ENO1"u8.ToArray(), frame[..4]);
        Assert.Equal(kind, frame[4]);
        Assert.Equal(status, frame[5]);
        Assert.Equal(Convert.FromHexString(packageId)[..8], frame[6..14]);
        Assert.Equal(file, BinaryPrimitives.ReadUInt16BigEndian(frame.AsSpan(14)));
        Assert.Equal(block, (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(16)));
    }
}
