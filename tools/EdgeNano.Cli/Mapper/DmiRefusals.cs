using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EdgeNano.Cli.Mapper;

/// <summary>DMI input the mapper refused, by kind. Thread-safe; the mapper keeps running after each.</summary>
internal sealed class DmiRefusals(Action<string> log)
{
    private long _malformed, _oversized, _invalid;

    /// <summary>Calls that were not a readable DMI request (bad protobuf, unknown method, not gRPC).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>Requests above the message size limit (gRPC refuses them before reading).</summary>
    public long Oversized => Interlocked.Read(ref _oversized);

    /// <summary>Readable requests whose content the mapper cannot take (names, sizes out of KubeEdge's rules).</summary>
    public long Invalid => Interlocked.Read(ref _invalid);

    public long Total => Malformed + Oversized + Invalid;

    public void CountInvalid() => Interlocked.Increment(ref _invalid);

    /// <summary>
    /// Counts a finished call from its gRPC status: the refusals gRPC decided itself, which the
    /// endpoint never sees. InvalidArgument is counted where the endpoint decides it; OK,
    /// Cancelled (the caller left) and NotFound (GetDevice of an unknown device) are no refusals.
    /// </summary>
    public void Answered(HttpContext http)
    {
        string? status = GrpcHeader(http, "grpc-status");
        string call = http.Request.Path.Value ?? "";
        switch (status)
        {
            case "0" or "1" or "3" or "5":
                return;
            case "8":
                Interlocked.Increment(ref _oversized);
                log($"mapper: refused an oversized call to {call}: {GrpcHeader(http, "grpc-message")}");
                return;
            case null when http.Response.StatusCode == StatusCodes.Status200OK:
                return;
            default:
                Interlocked.Increment(ref _malformed);
                log($"mapper: refused a malformed call to {call}: {(status == null ? "HTTP " + http.Response.StatusCode : "status " + status)} {GrpcHeader(http, "grpc-message")}");
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
}
