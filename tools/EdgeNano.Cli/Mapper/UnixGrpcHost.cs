using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeNano.Cli.Mapper;

/// <summary>
/// One gRPC service on a Unix domain socket, HTTP/2 without TLS, as DMI runs (edgecore's gRPC
/// client dials the mapper's socket so, and the mapper edgecore's). A socket file left at the
/// path by an earlier run is replaced, as edgecore does with its own. Go clients' <c>:authority</c>
/// (the socket path) is made acceptable to Kestrel (<see cref="AuthorityRewrite"/>). After each call,
/// <c>answered</c> sees the finished HTTP exchange (the mapper counts refusals there).
/// </summary>
internal sealed class UnixGrpcHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UnixGrpcHost(WebApplication app, string path)
    {
        _app = app;
        SocketPath = path;
    }

    public string SocketPath { get; }

    public static async Task<UnixGrpcHost> StartAsync<TService>(string socketPath, TService service, int maxMessageBytes,
        Action<HttpContext>? answered, CancellationToken cancel) where TService : class
    {
        string path = Path.GetFullPath(socketPath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        if (File.Exists(path)) File.Delete(path);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ListenUnixSocket(path, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(AuthorityRewrite.Middleware); // Go clients send the socket path as :authority, which Kestrel refuses
        }));
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = maxMessageBytes);
        builder.Services.AddSingleton(service);
        WebApplication app = builder.Build();
        if (answered != null)
        {
            app.Use(async (http, next) =>
            {
                await next(http);
                answered(http);
            });
        }
        app.MapGrpcService<TService>();
        try
        {
            await app.StartAsync(cancel);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new UnixGrpcHost(app, path);
    }

    /// <summary>Stops serving and removes the socket file.</summary>
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
            try
            {
                File.Delete(SocketPath);
            }
            catch (IOException)
            {
            }
        }
    }
}
