using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli;
using EdgeNano.Tests.Infrastructure;

namespace EdgeNano.Tests.Cli;

/// <summary>`edgenano broker` and `edgenano hub` as a user runs them, in-process and stopped by cancellation.</summary>
public class LongRunningCommandTests
{
    /// <summary>A command running in the background, with output readable while it runs.</summary>
    private sealed class Running(string[] args)
    {
        private readonly StringWriter _text = new();
        private readonly CancellationTokenSource _stop = new();
        private TextWriter? _output;

        public Task<int> Exit { get; private set; } = Task.FromResult(-1);

        public string Output
        {
            get { lock (_output!) return _text.ToString(); }
        }

        public Running Start()
        {
            _output = TextWriter.Synchronized(_text);
            Exit = Task.Run(() => EdgeNanoCli.RunAsync(args, _output, _output, _stop.Token));
            return this;
        }

        public async Task WaitForAsync(string text)
        {
            var deadline = DateTime.UtcNow + HubRig.Wait;
            while (!Output.Contains(text))
            {
                if (Exit.IsCompleted) Assert.Fail($"exited {Exit.Result} before printing '{text}':\n{Output}");
                if (DateTime.UtcNow > deadline) Assert.Fail($"no '{text}' within {HubRig.Wait}:\n{Output}");
                await Task.Delay(20);
            }
        }

        public async Task<int> StopAsync()
        {
            _stop.Cancel();
            return await Exit.WaitAsync(HubRig.Wait);
        }
    }

    [Fact]
    public async Task A_TLS_broker_and_a_hub_started_from_the_command_line_serve_twin_set_and_get_and_stop_cleanly()
    {
        using var directory = new TempDirectory();
        var ca = TestCertificates.CreateCa("edgenano-test-ca");
        var server = TestCertificates.IssueServer(ca);
        string caFile = directory.File("ca.pem"), certFile = directory.File("broker.pem"), keyFile = directory.File("broker.key");
        File.WriteAllText(caFile, ca.CertificatePem);
        File.WriteAllText(certFile, server.CertificatePem);
        File.WriteAllText(keyFile, server.KeyPem);
        int port = LoopbackPort.Free();
        string url = $"mqtts://127.0.0.1:{port}";

        var broker = new Running(["broker", "--port", port.ToString(), "--bind", "127.0.0.1", "--tls-cert", certFile, "--tls-key", keyFile]).Start();
        await broker.WaitForAsync("listening on mqtts://127.0.0.1:" + port);
        var hub = new Running(["hub", "--broker", url, "--ca", caFile, "--db", directory.File("hub.db")]).Start();
        await hub.WaitForAsync("subscribed");

        CliRunResult set = await Task.Run(() => HubRig.Run("twin", "set", "plant-a/valve-3", "open=true", "--type", "boolean", "--broker", url, "--ca", caFile));
        CliRunResult get = await Task.Run(() => HubRig.Run("twin", "get", "plant-a/valve-3", "--broker", url, "--ca", caFile));

        Assert.True(set.ExitCode == 0, set.Error);
        Assert.Contains("open  expected=true  actual=-  (boolean)", get.Output);
        await hub.WaitForAsync("plant-a/valve-3: new device, twin/update applied (open expected=true)");
        Assert.Equal(0, await hub.StopAsync());
        Assert.Equal(0, await broker.StopAsync());
        Assert.Contains("twin hub: stopped", hub.Output);
        Assert.Contains("broker: stopped", broker.Output);
    }

    [Fact]
    public async Task A_client_that_does_not_trust_the_brokers_CA_gets_one_line_and_no_connection()
    {
        using var directory = new TempDirectory();
        var ca = TestCertificates.CreateCa("edgenano-test-ca");
        var server = TestCertificates.IssueServer(ca);
        var otherCa = TestCertificates.CreateCa("someone-else");
        File.WriteAllText(directory.File("broker.pem"), server.CertificatePem);
        File.WriteAllText(directory.File("broker.key"), server.KeyPem);
        File.WriteAllText(directory.File("other.pem"), otherCa.CertificatePem);
        int port = LoopbackPort.Free();
        var broker = new Running(["broker", "--port", port.ToString(), "--bind", "127.0.0.1",
            "--tls-cert", directory.File("broker.pem"), "--tls-key", directory.File("broker.key")]).Start();
        await broker.WaitForAsync("listening");

        CliRunResult get = await Task.Run(() => HubRig.Run("twin", "get", "lamp-01", "--broker", $"mqtts://127.0.0.1:{port}", "--ca", directory.File("other.pem")));

        Assert.Equal(1, get.ExitCode);
        Assert.Contains("cannot connect", Assert.Single(get.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
        await broker.StopAsync();
    }
}
