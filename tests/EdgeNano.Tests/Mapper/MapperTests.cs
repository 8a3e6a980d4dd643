using System.Net;
using System.Net.Sockets;
using EdgeNano.Cli.Mapper;
using EdgeNano.Cli.Mapper.Dmi;
using EdgeNano.Cli.Sim;
using EdgeNano.Tests.Cli;
using Grpc.Core;

namespace EdgeNano.Tests.Mapper;

/// <summary>
/// `edgenano mapper` against a stand-in edgecore (gRPC on a real Unix socket), mosquitto, the
/// twin hub and simulated boards: what a KubeEdge user sees of a Device on an EdgeNano board.
/// </summary>
[Collection(FleetCollection.Name)]
public class MapperTests
{
    private const string Demo = "default/demo";

    [SkippableFact]
    public async Task Registered_with_edgecore_a_desired_value_of_the_Device_drives_the_boards_pin_and_comes_back_as_reported()
    {
        await using var rig = new MapperRig();
        await rig.StartHubAsync();
        SimDevice board = rig.StartBoard(Demo);
        var (models, devices) = ExportedDevices.FromBoard(ExportedDevices.SimulatorBoard);
        rig.Edgecore.Holds(models, [devices.Single().WithDesired("led", "true")]);
        await rig.Edgecore.StartAsync();
        Assert.False(board.OutputLevel(Demo, "led"));

        await rig.StartMapperAsync();

        rig.WaitFor(() => rig.Edgecore.Registrations.Count == 1, "registration");
        MapperRegisterRequest registration = rig.Edgecore.Registrations.Single();
        Assert.True(registration.WithData);
        Assert.Equal("edgenano", registration.Mapper.Protocol);
        Assert.Equal(rig.MapperSocket, registration.Mapper.Address.ToStringUtf8());
        rig.WaitFor(() => board.OutputLevel(Demo, "led") == true, "led pin driven high");
        rig.WaitFor(() => rig.Edgecore.Latest(Demo, "led") == ("true", "true"), "led=true reported through DMI");
        rig.WaitFor(() => rig.Edgecore.LatestState(Demo) == "online", "online reported");
        // Inputs have nothing desired: no report gives them an expected value, which the board would be sent back and refuse.
        Assert.All(rig.Edgecore.StatusOf(Demo), r => Assert.Equal(["led"], r.ReportedDevice.Twins.Select(t => t.PropertyName)));
        AssertOnlyReachedValuesReported(rig.Edgecore, Demo);
        Assert.Equal(0, rig.Mapper.Refusals.Total);
    }

    [SkippableFact]
    public async Task An_edgecore_without_ReportDeviceStates_still_gets_the_reports_and_the_mapper_stops_asking()
    {
        await using var rig = new MapperRig();
        await rig.StartHubAsync();
        SimDevice board = rig.StartBoard(Demo);
        var (models, devices) = ExportedDevices.FromBoard(ExportedDevices.SimulatorBoard);
        rig.Edgecore.Holds(models, [devices.Single().WithDesired("led", "true")]);
        rig.Edgecore.WithoutStates = true; // KubeEdge v1.16 and v1.17
        await rig.Edgecore.StartAsync();

        await rig.StartMapperAsync();

        rig.WaitFor(() => rig.Edgecore.Latest(Demo, "led") == ("true", "true"), "led=true reported");
        int reports = rig.Edgecore.StatusOf(Demo).Count();
        rig.WaitFor(() => rig.Edgecore.StatusOf(Demo).Count() >= reports + 3, "reports going on");
        Assert.Single(rig.MapperLog, line => line.Contains("edgecore has no ReportDeviceStates"));
        Assert.Equal(0, rig.Mapper.States);
    }

    [SkippableFact]
    public async Task A_Device_added_changed_and_removed_by_edgecore_is_driven_reported_and_then_left_alone()
    {
        await using var rig = new MapperRig();
        await rig.StartHubAsync();
        SimDevice board = rig.StartBoard(Demo);
        await rig.Edgecore.StartAsync();
        await rig.StartMapperAsync();
        rig.WaitFor(() => rig.Edgecore.Registrations.Count == 1, "registration");
        var mapper = rig.Edgecore.Mapper();
        var (models, devices) = ExportedDevices.FromBoard(ExportedDevices.SimulatorBoard);

        await mapper.CreateDeviceModelAsync(new CreateDeviceModelRequest { Model = models.Single() });
        RegisterDeviceResponse added = await mapper.RegisterDeviceAsync(new RegisterDeviceRequest { Device = devices.Single().WithDesired("led", "true") });
        Assert.Equal(("demo", "default"), (added.DeviceName, added.DeviceNamespace));
        rig.WaitFor(() => board.OutputLevel(Demo, "led") == true, "led driven high after RegisterDevice");
        rig.WaitFor(() => rig.Edgecore.Latest(Demo, "led") == ("true", "true"), "led=true reported");

        await mapper.UpdateDeviceAsync(new UpdateDeviceRequest { Device = devices.Single().WithDesired("led", "false") });
        rig.WaitFor(() => board.OutputLevel(Demo, "led") == false, "led driven low after UpdateDevice");
        rig.WaitFor(() => rig.Edgecore.Latest(Demo, "led") == ("false", "false"), "led=false reported");
        GetDeviceResponse got = await mapper.GetDeviceAsync(new GetDeviceRequest { DeviceName = "demo", DeviceNamespace = "default" });
        Assert.Equal("false", got.Device.Status.Twins.Single(t => t.PropertyName == "led").Reported.Value);

        await mapper.RemoveDeviceAsync(new RemoveDeviceRequest { DeviceName = "demo", DeviceNamespace = "default" });
        var missing = await Assert.ThrowsAsync<RpcException>(() => mapper.GetDeviceAsync(new GetDeviceRequest { DeviceName = "demo", DeviceNamespace = "default" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        await Task.Delay(500); // a report cycle in flight at the removal may still land
        int reports = rig.Edgecore.StatusOf(Demo).Count();
        await Task.Delay(1000); // five report cycles
        Assert.Equal(reports, rig.Edgecore.StatusOf(Demo).Count());
    }

    [SkippableFact]
    public async Task Edgecore_absent_at_start_and_later_restarted_gets_a_registration_each_time_and_what_it_lists_is_served()
    {
        await using var rig = new MapperRig();
        await rig.StartHubAsync();
        SimDevice board = rig.StartBoard(Demo);
        var (models, devices) = ExportedDevices.FromBoard(ExportedDevices.SimulatorBoard);
        rig.Edgecore.Holds(models, [devices.Single().WithDesired("led", "true")]);

        await rig.StartMapperAsync();
        rig.WaitFor(() => rig.MapperSaid("no edgecore DMI socket"), "the missing socket logged");
        await Task.Delay(1000); // retried meanwhile, with backoff
        await rig.Edgecore.StartAsync();
        rig.WaitFor(() => rig.Edgecore.Registrations.Count == 1, "registration once edgecore is there");
        rig.WaitFor(() => board.OutputLevel(Demo, "led") == true, "led driven high");

        // edgecore stops, then starts again (a new socket), now listing the Device with another desired value.
        await rig.Edgecore.StopAsync();
        rig.Edgecore.Holds(models, [devices.Single().WithDesired("led", "false")]);
        rig.Edgecore.StatusReports.Clear();
        await rig.Edgecore.StartAsync();

        rig.WaitFor(() => rig.Edgecore.Registrations.Count == 2, "registration with the restarted edgecore");
        // Noticed from the socket file going, or from a report edgecore no longer answers (a real edgecore leaves its socket file behind).
        Assert.True(rig.MapperSaid("registering again"), "the stop is noticed and logged");
        rig.WaitFor(() => board.OutputLevel(Demo, "led") == false, "led driven low, as the restarted edgecore lists it");
        rig.WaitFor(() => rig.Edgecore.Latest(Demo, "led") == ("false", "false"), "reports reach the restarted edgecore");
        Assert.Equal(2, rig.Mapper.Edgecore.Registrations);
    }

    [SkippableFact]
    public async Task A_board_offline_is_reported_offline_and_a_desired_value_set_meanwhile_is_applied_when_it_is_back()
    {
        await using var rig = new MapperRig();
        await rig.StartHubAsync();
        SimDevice board = rig.StartBoard(Demo);
        var (models, devices) = ExportedDevices.FromBoard(ExportedDevices.SimulatorBoard);
        rig.Edgecore.Holds(models, [devices.Single().WithDesired("led", "false")]);
        await rig.Edgecore.StartAsync();
        await rig.StartMapperAsync();
        rig.WaitFor(() => rig.Edgecore.LatestState(Demo) == "online", "online");

        board.Stop();
        rig.WaitFor(() => rig.Edgecore.LatestState(Demo) == "offline", "offline reported");
        await rig.Edgecore.Mapper().UpdateDeviceAsync(new UpdateDeviceRequest { Device = devices.Single().WithDesired("led", "true") });
        rig.WaitFor(() => rig.MapperSaid("desired led=true sent"), "desired value sent to the twin while the board is off");

        board.Start();
        rig.WaitFor(() => board.OutputLevel(Demo, "led") == true, "led driven high once the board is back");
        rig.WaitFor(() => rig.Edgecore.LatestState(Demo) == "online", "online again");
        rig.WaitFor(() => rig.Edgecore.Latest(Demo, "led") == ("true", "true"), "led=true reported");
        // Never the board's old led=false against the new desired true: edgecore would take it as the board's newest value.
        AssertOnlyReachedValuesReported(rig.Edgecore, Demo);
    }

    /// <summary>Every reported value equals its observed desired value: the mapper reports what the board has reached, nothing older.</summary>
    private static void AssertOnlyReachedValuesReported(FakeEdgecore edgecore, string id) =>
        Assert.All(edgecore.StatusOf(id), r => Assert.All(r.ReportedDevice.Twins, t => Assert.Equal(t.ObservedDesired.Value, t.Reported.Value)));

    [SkippableFact]
    public async Task A_Device_that_does_not_match_its_model_or_board_is_unhealthy_with_reasons_logged_and_other_devices_are_served()
    {
        await using var rig = new MapperRig();
        await rig.StartHubAsync();
        SimDevice demo = rig.StartBoard(Demo);
        SimDevice porch = rig.StartBoard("default/porch");
        var (demoModels, demoDevices) = ExportedDevices.FromBoard(ExportedDevices.SimulatorBoard);
        var (porchModels, porchDevices) = ExportedDevices.FromBoard(ExportedDevices.SimulatorBoard, "default/porch");
        // porch's model has a fan the board has no pin for; its Device adds a horn its model lacks and wants a button pressed.
        porchModels.Single().Spec.Properties.Add(new ModelProperty { Name = "fan", Type = "BOOLEAN", AccessMode = "ReadWrite" });
        Device porchDevice = porchDevices.Single().WithDesired("led", "true").WithDesired("button", "true");
        porchDevice.Spec.Properties.Add(new DeviceProperty { Name = "fan", ReportCycle = 200 });
        porchDevice.Spec.Properties.Add(new DeviceProperty { Name = "horn", ReportCycle = 200 });
        rig.Edgecore.Holds([.. demoModels, .. porchModels], [demoDevices.Single().WithDesired("led", "true"), porchDevice]);
        await rig.Edgecore.StartAsync();

        await rig.StartMapperAsync();

        rig.WaitFor(() => demo.OutputLevel(Demo, "led") == true, "demo's led driven");
        rig.WaitFor(() => rig.Edgecore.Latest(Demo, "led") == ("true", "true"), "demo's led reported");
        rig.WaitFor(() => porch.OutputLevel("default/porch", "led") == true, "porch's matching property still driven");
        rig.WaitFor(() => rig.MapperSaid("device default/porch: property horn is not in model porch-model"), "the model mismatch logged");
        rig.WaitFor(() => rig.MapperSaid("device default/porch: property button is ReadOnly"), "the desired value on an input logged");
        rig.WaitFor(() => rig.MapperSaid("device default/porch: property fan is not on board simulator"), "the board mismatch logged");
        rig.WaitFor(() => rig.Edgecore.LatestState("default/porch") == "unhealthy", "porch reported unhealthy");
        Assert.Equal("online", rig.Edgecore.LatestState(Demo));
        Assert.All(rig.Edgecore.StatusOf("default/porch"), r => Assert.Equal(["led"], r.ReportedDevice.Twins.Select(t => t.PropertyName)));
    }

    [SkippableFact]
    public async Task Malformed_oversized_and_invalid_DMI_calls_are_refused_counted_and_the_mapper_keeps_serving()
    {
        await using var rig = new MapperRig();
        await rig.StartHubAsync();
        SimDevice board = rig.StartBoard(Demo);
        await rig.Edgecore.StartAsync();
        await rig.StartMapperAsync(maxMessageBytes: 64 * 1024);
        rig.WaitFor(() => rig.Edgecore.Registrations.Count == 1, "registration");
        var mapper = rig.Edgecore.Mapper();
        var (models, devices) = ExportedDevices.FromBoard(ExportedDevices.SimulatorBoard);

        // Not protobuf: a gRPC frame of 0xFF bytes.
        HttpStatusCode http = await PostRawAsync(rig.MapperSocket, "/v1beta1.DeviceMapperService/RegisterDevice", [0, 0, 0, 0, 8, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
        Assert.Equal(HttpStatusCode.OK, http); // gRPC answers errors in its trailers
        Device huge = devices.Single().WithDesired("led", new string('1', 100_000));
        var oversized = await Assert.ThrowsAsync<RpcException>(() => mapper.RegisterDeviceAsync(new RegisterDeviceRequest { Device = huge }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, oversized.StatusCode);
        Device badName = devices.Single().Clone();
        badName.Name = "Demo_1";
        var invalid = await Assert.ThrowsAsync<RpcException>(() => mapper.RegisterDeviceAsync(new RegisterDeviceRequest { Device = badName }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, invalid.StatusCode);
        Assert.Contains("Demo_1", invalid.Status.Detail);

        rig.WaitFor(() => rig.Mapper.Refusals.Malformed == 1 && rig.Mapper.Refusals.Oversized == 1 && rig.Mapper.Refusals.Invalid == 1,
            "one refusal of each kind counted");
        await mapper.CreateDeviceModelAsync(new CreateDeviceModelRequest { Model = models.Single() });
        await mapper.RegisterDeviceAsync(new RegisterDeviceRequest { Device = devices.Single().WithDesired("led", "true") });
        rig.WaitFor(() => board.OutputLevel(Demo, "led") == true, "a good Device still served after the refusals");
        Assert.Equal(3, rig.Mapper.Refusals.Total);
    }

    /// <summary>One HTTP/2 POST of raw bytes as a gRPC call to the socket; the HTTP status.</summary>
    private static async Task<HttpStatusCode> PostRawAsync(string socket, string path, byte[] body)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancel) =>
            {
                var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await s.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancel);
                return new NetworkStream(s, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, "http://localhost" + path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/grpc");
        using HttpResponseMessage response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        return response.StatusCode;
    }
}
