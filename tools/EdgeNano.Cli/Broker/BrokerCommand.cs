using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Broker;

/// <summary><c>edgenano broker</c>: the embedded MQTTnet broker on its own, until Ctrl+C.</summary>
public static class BrokerCommand
{
    public static Command Create()
    {
        var port = new Option<int?>("--port", "-p") { Description = "TCP port. Default 1883, or 8883 with --tls-cert" };
        var bind = new Option<string>("--bind")
        {
            Description = "Address to listen on: 0.0.0.0 is every interface, 127.0.0.1 this machine only",
            DefaultValueFactory = _ => "0.0.0.0",
        };
        var acl = new Option<FileInfo?>("--acl")
        {
            Description = "Topic ACL in mosquitto's acl_file format (user/topic/pattern lines, %u and %c); a refused publish is dropped " +
                "and logged. Default: no ACL, everything allowed. See docs/mosquitto-acl.example",
        };
        var users = new Option<FileInfo?>("--users")
        {
            Description = "Users file, one name:password per line; when given, anonymous clients are refused. Default: anonymous allowed",
        };
        var cert = new Option<FileInfo?>("--tls-cert") { Description = "Server certificate (PEM); with --tls-key the broker speaks TLS only" };
        var key = new Option<FileInfo?>("--tls-key") { Description = "Private key of --tls-cert (PEM)" };
        var command = new Command("broker",
            "Run an MQTT 3.1.1/5 broker (MQTTnet) for EdgeNano devices and the twin hub, with optional users, a mosquitto-style " +
            "topic ACL and TLS. Logs connections and refused publishes. Runs until Ctrl+C.")
        {
            port, bind, acl, users, cert, key,
        };
        CliRun.SetAction(command, async context =>
        {
            BrokerSettings settings = Settings(context, port, bind, acl, users, cert, key);
            await using var broker = new StandaloneBroker(settings, context.Log);
            await broker.StartAsync();
            context.Log($"broker: listening on {(settings.Certificate == null ? "mqtt" : "mqtts")}://{settings.Bind}:{broker.Port}" +
                $"{(settings.Users == null ? ", anonymous allowed" : $", {settings.Users.Count} user(s)")}" +
                $"{(settings.Acl == null ? "" : $", ACL of {settings.Acl.RuleCount} rule(s)")}");
            try
            {
                await Task.Delay(Timeout.Infinite, context.Cancel);
            }
            catch (OperationCanceledException)
            {
            }
            context.Log($"broker: stopped ({broker.RefusedPublishes} publish(es) refused by the ACL)");
            return 0;
        });
        return command;
    }

    private static BrokerSettings Settings(CliContext context, Option<int?> port, Option<string> bind, Option<FileInfo?> acl,
        Option<FileInfo?> users, Option<FileInfo?> cert, Option<FileInfo?> key)
    {
        var r = context.Parse;
        if (!IPAddress.TryParse(r.GetValue(bind), out IPAddress? address)) throw new CliException($"--bind '{r.GetValue(bind)}' is not an IP address");
        FileInfo? certFile = r.GetValue(cert), keyFile = r.GetValue(key);
        if ((certFile == null) != (keyFile == null)) throw new CliException("--tls-cert and --tls-key go together");
        X509Certificate2? certificate = null;
        if (certFile != null)
        {
            try
            {
                using var pem = X509Certificate2.CreateFromPemFile(certFile.FullName, keyFile!.FullName);
                // A PKCS#12 round trip gives the key a form every platform's TLS stack accepts.
                certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
            }
            catch (Exception e) when (e is CryptographicException or IOException)
            {
                throw new CliException($"cannot load the TLS certificate: {e.Message}");
            }
        }
        return new BrokerSettings
        {
            Port = r.GetValue(port) ?? (certificate == null ? 1883 : 8883),
            Bind = address,
            Acl = r.GetValue(acl) is { } aclFile ? Read(aclFile, TopicAcl.Load) : null,
            Users = r.GetValue(users) is { } usersFile ? Read(usersFile, UserFile.Load) : null,
            Certificate = certificate,
        };
    }

    private static T Read<T>(FileInfo file, Func<string, T> load)
    {
        try
        {
            return load(file.FullName);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new CliException(e.Message);
        }
    }
}
