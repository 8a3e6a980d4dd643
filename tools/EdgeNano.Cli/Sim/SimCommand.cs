using System.CommandLine;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Device;
using Spectre.Console;

namespace EdgeNano.Cli.Sim;

/// <summary><c>edgenano sim</c>: a simulated fleet against a broker and the twin hub, with live figures and a convergence verdict.</summary>
public static class SimCommand
{
    public static Command Create()
    {
        var devices = new Option<int>("--devices", "-n") { Description = "Simulated boards", DefaultValueFactory = _ => 10 };
        var broker = new Option<string?>("--broker", "-b")
        {
            Description = "External MQTT broker (mqtt://[user:password@]host[:port] or mqtts://...), or a clustered broker's nodes separated by commas " +
                          "(board k starts at node k mod m and moves to the next when its node is lost); without it an embedded MQTTnet broker runs on a loopback port",
        };
        var ca = CommonOptions.Ca();
        var mosquitto = new Option<string?>("--mosquitto")
        {
            Description = "Run mosquitto (this path, default /usr/sbin/mosquitto) as the broker on a free port; brokerOutage faults kill and restart it",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var port = new Option<int>("--port") { Description = "Port of the embedded broker (0: a free one)", DefaultValueFactory = _ => 0 };
        var noHub = new Option<bool>("--no-hub") { Description = "Do not run the twin hub in-process (edgecore or another hub owns the twins)" };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run shard i of n of the fleet (0-based, e.g. 0/2 and 1/2 from two processes): of the --devices boards, only those whose device ID's " +
                          "partition (as hub --shard computes it) is i, so hub shard i owns them; the in-process hub, if any, answers that shard",
        };
        var db = new Option<string?>("--db") { Description = "The in-process hub's SQLite file (default: a temporary one)" };
        var hubBatching = new Hub.HubBatchCliOptions("--hub-");
        var hubPartitions = new Option<int>("--hub-partitions")
        {
            Description = "Lanes of the in-process hub, handling messages side by side by device (as hub --partitions)",
            DefaultValueFactory = _ => 1,
        };
        var board = new Option<string>("--board")
        {
            Description = "Board file every simulated board runs",
            DefaultValueFactory = _ => DefaultBoard(),
        };
        var scenario = new Option<string?>("--scenario")
        {
            Description = "Scenario JSON: input waveforms per property, desired-value period, faults (brokerOutage, reboot, powerCut, storePowerCut; once or everyMs, first or random devices); see tools/EdgeNano.Cli/scenarios/",
        };
        var duration = new Option<string?>("--duration", "-d") { Description = "Run time (500ms, 30s, 5m, 1h); without it, until Ctrl+C" };
        var settle = new Option<string>("--settle") { Description = "How long the end waits for every device to converge", DefaultValueFactory = _ => "30s" };
        var report = new Option<string?>("--report") { Description = "Write a JSON summary (per-device convergence, latencies, counters) to this file" };
        var prefix = new Option<string>("--id-prefix") { Description = "Device names: {namespace}/{prefix}0001... (lowercase letters, digits, '-' and '.', as Kubernetes names devices)", DefaultValueFactory = _ => "demo-" };
        var store = new Option<string?>("--store")
        {
            Description = "Folder for the boards' flash files (one subfolder each, kept after the run); without it each board's flash is held in memory " +
                          "(same store code, same power cuts; field-update slots go to a temporary folder)",
        };
        var storeFsync = new Option<bool>("--store-fsync")
        {
            Description = "With --store: force every board's flash write to the disk (fsync), as a real board's flash is durable at once. Off by default: the files and " +
                          "the simulated power cuts are the same, but on one disk the fleet's fsyncs hold up every board (at 10,000 boards they were the fleet's limit)",
        };
        var workers = new Option<int>("--workers")
        {
            Description = "Dispatch threads shared by all boards",
            DefaultValueFactory = _ => new SimOptions().Workers,
        };
        var blocking = new Option<int>("--blocking-threads")
        {
            Description = "Threads for the boards' blocking MQTT calls (connect, subscribe, QoS 0 publishes); a QoS 1 publish waits for its PUBACK in the link's in-flight window, not on a thread",
            DefaultValueFactory = _ => new SimOptions().BlockingThreads,
        };
        var rateSteps = new Option<string?>("--rate-steps")
        {
            Description = "Load-limit run: desired updates per second per device, rising (e.g. 1,2,5,10,20); each held for --step-duration. " +
                          "Reports each step's round-trip p50/p99 and the highest rate before p99 doubles over the lowest rate's (repeat the lowest rate first as a warm-up)",
        };
        var otaKeys = new Option<string[]>("--ota-key")
        {
            Description = "A trusted update key (130 hex digits, as `ota keygen` prints it; twice to trust two): every board takes field updates, e.g. from `edgenano ota push PKG --all`",
        };
        var stepDuration = new Option<string>("--step-duration") { Description = "How long each --rate-steps step runs", DefaultValueFactory = _ => "10s" };
        var command = new Command("sim",
            "Run a simulated fleet: N boards of the simulator board (the real device code on simulated pins), each with its own " +
            "MQTT session and flash folder, on a few shared threads, against an embedded broker (or --broker) and the twin hub " +
            "in-process. Inputs change and desired values are set through the hub while it runs; the round trip desired -> " +
            "reported is measured. At the end (--duration or Ctrl+C) every device must have converged: its reported values in " +
            "the owner's twin and every desired value applied and reported back. Exit code 0 only then, 1 otherwise.")
        {
            devices, broker, ca, mosquitto, port, noHub, shard, db, board, scenario, duration, settle, report, prefix, store, storeFsync, workers, blocking, rateSteps, stepDuration, otaKeys,
            hubBatching.Size, hubBatching.Time, hubBatching.ReplySessions, hubPartitions,
        };
        CliRun.SetAction(command, async context =>
        {
            var parse = context.Parse;
            RateSteps? steps = parse.GetValue(rateSteps) is string rates ? Steps(rates, Duration("--step-duration", parse.GetValue(stepDuration)!)) : null;
            SimOptions options = new()
            {
                Devices = parse.GetValue(devices),
                Broker = parse.GetValue(broker) is string url ? Address(context, url, parse.GetValue(ca)) : null,
                Mosquitto = parse.GetResult(mosquitto) != null ? parse.GetValue(mosquitto) ?? DefaultMosquitto : null,
                Port = parse.GetValue(port),
                RunHub = !parse.GetValue(noHub),
                Shard = parse.GetValue(shard) is string slice ? Hub.HubShard.Parse(slice) : Hub.HubShard.Whole,
                DatabasePath = parse.GetValue(db),
                HubBatching = hubBatching.Read(parse),
                HubPartitions = parse.GetValue(hubPartitions),
                BoardFile = parse.GetValue(board)!,
                Scenario = parse.GetValue(scenario) is string file ? Scenario.Load(file) : Scenario.Default,
                Duration = steps?.Duration ?? (parse.GetValue(duration) is string d ? Duration("--duration", d) : null),
                RateSteps = steps,
                Settle = Duration("--settle", parse.GetValue(settle)!),
                ReportFile = parse.GetValue(report),
                IdPrefix = parse.GetValue(prefix)!,
                StoreFolder = parse.GetValue(store),
                StoreFsync = parse.GetValue(storeFsync),
                Workers = parse.GetValue(workers),
                BlockingThreads = parse.GetValue(blocking),
                Live = ReferenceEquals(context.Output, Console.Out) && !Console.IsOutputRedirected,
                OtaKeys = parse.GetValue(otaKeys) is { Length: > 0 } keys ? DeviceCommand.TrustedKeys(keys) : null,
            };
            if (options.Mosquitto != null && options.Broker != null) throw new CliException("--mosquitto and --broker exclude each other");
            if (options.Devices < 1) throw new CliException("--devices must be at least 1");
            if (options.StoreFsync && options.StoreFolder == null) throw new CliException("--store-fsync is for a --store folder (without one the boards' flash is in memory)");
            if (options.HubPartitions is < 1 or > 64) throw new CliException("--hub-partitions must be between 1 and 64");
            if (options.Workers < 1 || options.BlockingThreads < 1) throw new CliException("--workers and --blocking-threads must be at least 1");
            return await SimSession.RunAsync(options, context);
        });
        return command;
    }

    private static RateSteps Steps(string text, TimeSpan step)
    {
        var rates = new List<double>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!double.TryParse(part, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double rate) || rate <= 0 || rate > 500)
                throw new CliException($"--rate-steps: '{part}' is not a rate between 0 and 500 per second");
            rates.Add(rate);
        }
        if (rates.Count == 0) throw new CliException("--rate-steps: give at least one rate");
        if (step < TimeSpan.FromSeconds(1)) throw new CliException("--step-duration must be at least 1s");
        return new RateSteps([.. rates], step);
    }

    /// <summary>Debian's mosquitto package installs it here.</summary>
    internal const string DefaultMosquitto = "/usr/sbin/mosquitto";

    private static BrokerAddress Address(CliContext context, string url, FileInfo? ca)
    {
        if (!BrokerAddress.TryParse(url, out BrokerAddress address, out string error)) throw new CliException(error);
        if (ca == null) return address;
        if (!address.UseTls) throw new CliException("--ca is for mqtts:// brokers");
        return address with { CaFile = ca.FullName };
    }

    private static TimeSpan Duration(string option, string text) =>
        Durations.TryParse(text, out TimeSpan value) ? value : throw new CliException($"{option}: '{text}' is not a duration (e.g. 500ms, 30s, 5m, 1h)");

    /// <summary>boards/simulator/board.json of the repository the tool runs from, else next to the tool.</summary>
    internal static string DefaultBoard()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "boards", "simulator", "board.json");
            if (File.Exists(candidate)) return candidate;
        }
        return Path.Combine("boards", "simulator", "board.json");
    }
}
