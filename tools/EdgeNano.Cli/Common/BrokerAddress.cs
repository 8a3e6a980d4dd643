namespace EdgeNano.Cli.Common;

/// <summary>
/// Where the MQTT broker is: <c>mqtt://[user[:password]@]host[:port]</c> (plain, default port
/// 1883) or <c>mqtts://...</c> (TLS, default port 8883). User and password may be
/// percent-encoded.
/// </summary>
public sealed record BrokerAddress(string Host, int Port, bool UseTls, string? Username, string? Password)
{
    /// <summary>PEM file of the CA that signed the broker's certificate (mqtts); null trusts the system's CAs.</summary>
    public string? CaFile { get; init; }

    /// <summary>The default broker: a local one on the standard port.</summary>
    public const string Default = "mqtt://127.0.0.1:1883";

    /// <summary>Reads a broker URL; false with a one-line reason when it is not one.</summary>
    public static bool TryParse(string text, out BrokerAddress address, out string error)
    {
        address = new BrokerAddress("", 0, false, null, null);
        error = "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) || (uri.Scheme != "mqtt" && uri.Scheme != "mqtts") || uri.Host.Length == 0)
        {
            error = $"'{text}' is not a broker URL (mqtt://host:port or mqtts://user:password@host:port)";
            return false;
        }
        if (uri.AbsolutePath is not ("" or "/"))
        {
            error = $"'{text}': a broker URL has no path";
            return false;
        }
        bool tls = uri.Scheme == "mqtts";
        string? user = null, password = null;
        if (uri.UserInfo.Length > 0)
        {
            int colon = uri.UserInfo.IndexOf(':');
            user = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            password = colon < 0 ? null : Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
        }
        int port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 8883 : 1883) : uri.Port;
        address = new BrokerAddress(uri.Host, port, tls, user, password);
        return true;
    }

    /// <summary>The URL without the password, for logs.</summary>
    public override string ToString() =>
        $"{(UseTls ? "mqtts" : "mqtt")}://{(Username == null ? "" : Username + "@")}{Host}:{Port}";
}
