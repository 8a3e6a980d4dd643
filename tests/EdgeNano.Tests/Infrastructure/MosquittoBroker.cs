using System.Diagnostics;
using System.Text;
using EdgeNano.Boards.Host.Mqtt;

namespace EdgeNano.Tests.Infrastructure;

/// <summary>What a test's mosquitto should enforce. Everything off gives an anonymous plain broker.</summary>
public sealed class MosquittoSettings
{
    /// <summary>User name → password; when given, anonymous clients are refused.</summary>
    public IReadOnlyDictionary<string, string>? Users { get; init; }

    /// <summary>Text of an ACL file (mosquitto's acl_file format), or null for no ACL.</summary>
    public string? Acl { get; init; }

    /// <summary>Server side of TLS, or null for plain TCP.</summary>
    public MosquittoTls? Tls { get; init; }

    /// <summary>Per client: QoS 1 messages sent and not yet acknowledged, and queued beyond those (max_inflight_messages, max_queued_messages); null for mosquitto's 20 and 1,000.</summary>
    public (int InFlight, int Queued)? ClientQueue { get; init; }
}

/// <summary>PEM text for a TLS listener: the CA clients are checked against, the server's certificate and key.</summary>
public sealed record MosquittoTls(string CaPem, string CertificatePem, string KeyPem, bool RequireClientCertificate = false);

/// <summary>
/// A real mosquitto (Debian's /usr/sbin/mosquitto) on a free 127.0.0.1 port with a config
/// generated in a temp folder. Stop and Start again keep the port, for broker-restart tests;
/// Dispose kills it and removes the folder. Tests call <see cref="RequireInstalled"/> first:
/// without mosquitto they are skipped on a developer's machine and fail under CI=true.
/// </summary>
public sealed class MosquittoBroker : ITestBroker
{
    public const string Executable = "/usr/sbin/mosquitto";
    private const string PasswordTool = "/usr/bin/mosquitto_passwd";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(5);

    private readonly string _folder;
    private readonly string _configPath;
    private readonly MosquittoRunner _runner;

    private MosquittoBroker(MosquittoSettings settings)
    {
        Port = LoopbackPort.Free();
        _folder = Directory.CreateTempSubdirectory("edgenano-mosquitto-").FullName;
        // Started as root, mosquitto drops to the "mosquitto" user before it reads the password
        // and ACL files, so the folder must be readable by others. Test keys only.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(_folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        _configPath = WriteConfig(settings);
        _runner = new MosquittoRunner(Executable, _configPath, Host, Port, StartTimeout);
    }

    public static bool IsInstalled => File.Exists(Executable);

    /// <summary>Skips the calling test when mosquitto is missing, except under CI=true, where that is a failure.</summary>
    public static void RequireInstalled() => RequireInstalled(IsInstalled, Environment.GetEnvironmentVariable("CI"));

    internal static void RequireInstalled(bool installed, string? ci)
    {
        if (installed) return;
        if (ci == "true")
        {
            throw new InvalidOperationException($"{Executable} is missing under CI; .ci/run should have installed the mosquitto package");
        }
        Skip.If(true, $"{Executable} is not installed (apt-get install mosquitto); real-broker test skipped");
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>What mosquitto printed so far, for assertion messages.</summary>
    public string Log => _runner.Output;

    /// <summary>Starts mosquitto with the settings, waiting until it accepts connections.</summary>
    public static MosquittoBroker Start(MosquittoSettings? settings = null)
    {
        RequireInstalled();
        var broker = new MosquittoBroker(settings ?? new MosquittoSettings());
        try
        {
            broker.Start();
        }
        catch
        {
            broker.Dispose();
            throw;
        }
        return broker;
    }

    /// <summary>Starts it (again) on the same port with the same config.</summary>
    public void Start() => _runner.Start();

    /// <summary>Kills the broker: clients see their connection drop, with no DISCONNECT from it.</summary>
    public void Stop() => _runner.Stop();

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private string WriteConfig(MosquittoSettings settings)
    {
        var config = new StringBuilder();
        config.AppendLine("persistence false");
        config.AppendLine("log_dest stdout");
        config.AppendLine("log_type error");
        config.AppendLine("log_type warning");
        config.AppendLine("log_type notice");
        config.AppendLine($"listener {Port} {Host}");
        if (settings.Users != null)
        {
            config.AppendLine("allow_anonymous false");
            config.AppendLine($"password_file {WritePasswordFile(settings.Users)}");
        }
        else
        {
            config.AppendLine("allow_anonymous true");
        }
        if (settings.Acl != null) config.AppendLine($"acl_file {WriteFile("acl", settings.Acl)}");
        if (settings.ClientQueue is var (inFlight, queued))
        {
            config.AppendLine($"max_inflight_messages {inFlight}");
            config.AppendLine($"max_queued_messages {queued}");
        }
        if (settings.Tls != null)
        {
            config.AppendLine($"cafile {WriteFile("ca.pem", settings.Tls.CaPem)}");
            config.AppendLine($"certfile {WriteFile("server.pem", settings.Tls.CertificatePem)}");
            config.AppendLine($"keyfile {WriteFile("server.key", settings.Tls.KeyPem)}");
            config.AppendLine($"require_certificate {(settings.Tls.RequireClientCertificate ? "true" : "false")}");
        }
        return WriteFile("mosquitto.conf", config.ToString());
    }

    private string WritePasswordFile(IReadOnlyDictionary<string, string> users)
    {
        // Plain "user:password" lines, then mosquitto's own tool hashes them in place (-U).
        string path = WriteFile("passwords", string.Concat(users.Select(u => $"{u.Key}:{u.Value}\n")));
        using var tool = Process.Start(new ProcessStartInfo(PasswordTool, ["-U", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string errors = tool.StandardError.ReadToEnd();
        if (!tool.WaitForExit(5000) || tool.ExitCode != 0) throw new InvalidOperationException($"mosquitto_passwd failed: {errors}");
        MakeReadable(path);
        return path;
    }

    private string WriteFile(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        MakeReadable(path);
        return path;
    }

    private static void MakeReadable(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }
}
