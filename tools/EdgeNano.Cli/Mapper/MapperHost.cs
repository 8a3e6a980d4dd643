using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeNano.Cli.Mapper;

/// <summary>
/// Serves <see cref="DeviceMapperEndpoint"/> on the mapper's Unix socket (HTTP/2, as edgecore's
/// gRPC client dials it). Requests above the size limit are refused by gRPC before they are
/// read; those and unreadable calls (bad protobuf, an unknown method, not gRPC at all) are
/// counted in <see cref="DmiRefusals"/> from the answer's status and logged.
/// </summary>
internal sealed class MapperHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MapperHost(WebApplication app) => _app = app;

    public static async Task<MapperHost> StartAsync(string socketPath, int maxMessageBytes, DeviceMapperEndpoint endpoint, DmiRefusals refusals,
        Action<string> log, CancellationToken cancel)
    {
        string path = Path.GetFullPath(socketPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A socket left by an earlier run would make the listen fail: it is ours to replace.
        if (File.Exists(path)) File.Delete(path);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(path, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = maxMessageBytes);
        builder.Services.AddSingleton(endpoint);
        WebApplication app = builder.Build();
        app.Use(async (http, next) =>
        {
            await next(http);
            CountRefusal(http, refusals, log);
        });
        app.MapGrpcService<DeviceMapperEndpoint>();
        try
        {
            await app.StartAsync(cancel);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new MapperHost(app);
    }

    /// <summary>gRPC status codes the endpoint's own checks and a client's leaving do not cover.</summary>
    private static void CountRefusal(HttpContext http, DmiRefusals refusals, Action<string> log)
    {
        string? status = GrpcHeader(http, "grpc-status");
        string what = http.Request.Path.Value ?? "";
        switch (status)
        {
            case "0" or "1" or "3" or "5": // OK, Cancelled, InvalidArgument (counted where it is decided), NotFound (GetDevice)
                return;
            case "8":
                refusals.CountOversized();
                log($"mapper: refused an oversized call to {what}: {GrpcHeader(http, "grpc-message")}");
                return;
            case null when http.Response.StatusCode == StatusCodes.Status200OK:
                return;
            default:
                refusals.CountMalformed();
                log($"mapper: refused a malformed call to {what}: {(status == null ? "HTTP " + http.Response.StatusCode : "status " + status)} {GrpcHeader(http, "grpc-message")}");
                return;
        }
    }

    /// <summary>A gRPC header from the trailers, or from the headers of a trailers-only answer.</summary>
    private static string? GrpcHeader(HttpContext http, string name)
    {
        var trailers = http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers;
        if (trailers != null && trailers.TryGetValue(name, out var value)) return value.ToString();
        return http.Response.Headers.TryGetValue(name, out value) ? value.ToString() : null;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
