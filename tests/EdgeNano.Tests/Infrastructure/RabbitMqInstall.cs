namespace EdgeNano.Tests.Infrastructure;

/// <summary>
/// Debian's rabbitmq-server, which tools/cluster/run-cluster.sh runs as a 3-node cluster of its
/// own (own names, ports and folders; the package's default node is not used). Tests call
/// <see cref="RequireInstalled"/> first: without it they are skipped on a developer's machine
/// and fail under CI=true, like the mosquitto tests.
/// </summary>
public static class RabbitMqInstall
{
    /// <summary>The real server script; /usr/sbin/rabbitmq-server is Debian's wrapper that switches to the rabbitmq user.</summary>
    public const string Server = "/usr/lib/rabbitmq/bin/rabbitmq-server";

    public static bool IsInstalled => File.Exists(Server);

    public static void RequireInstalled()
    {
        if (IsInstalled) return;
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            throw new InvalidOperationException($"{Server} is missing under CI; .ci/run should have installed the rabbitmq-server package");
        }
        Skip.If(true, $"{Server} is not installed (apt-get install rabbitmq-server); clustered-broker test skipped");
    }
}
