using System.CommandLine;
using EdgeNano.Board;
using EdgeNano.Boards.Host;
using EdgeNano.Boards.Host.Mqtt;
using EdgeNano.Cli.Common;
using EdgeNano.Cli.Sim;
using EdgeNano.EdgeHub;
using EdgeNano.Runtime;

namespace EdgeNano.Cli.Device;

/// <summary>
/// <c>edgenano device</c>: one simulated board in the foreground with readable log lines, its
/// twin kept in --store across restarts. The same composition and parts as a board of
/// <c>edgenano sim</c>, alone.
/// </summary>
public static class DeviceCommand
{
    public static Command Create()
    {
        var id = new Option<string?>("--id") { Description = "Device id, namespace/name (a bare name means default/name); without it, the board file's ids" };
        var broker = CommonOptions.Broker();
        var ca = CommonOptions.Ca();
        var board = new Option<string>("--board") { Description = "Board file", DefaultValueFactory = _ => SimCommand.DefaultBoard() };
        var store = new Option<string>("--store") { Description = "Folder for the board's flash (the twin survives restarts)", Required = true };
        var inputs = new Option<string?>("--inputs-every") { Description = "Change every input (flip buttons, pulse counters) this often, e.g. 5s; without it inputs stay still" };
        var debug = new Option<bool>("--debug") { Description = "Debug log lines too" };
        var single = new Option<bool>("--single-segment")
        {
            Description = "KubeEdge's topics before v1.16.2, with the device name as the only ID segment (settings: singleSegmentIds)",
        };
        var otaKeys = new Option<string[]>("--ota-key")
        {
            Description = "A trusted update key (130 hex digits, as `ota keygen` prints it; give it twice to trust two): the board takes field updates into slot folders under --store",
        };
        var command = new Command("device",
            "Run one simulated board in the foreground: the device code (devicetwin, eventbus, edgehub, gpio) on simulated pins, " +
            "connected to --broker as the board would be, with log lines as a board prints them on its serial port. " +
            "Its twin is kept in --store and survives restarts. Runs until Ctrl+C (an orderly stop: the twin is flushed, the session says offline).")
        {
            id, broker, ca, board, store, inputs, debug, single, otaKeys,
        };
        CliRun.SetAction(command, async context =>
        {
            BrokerAddress address = context.BrokerOf(broker, ca);
            string? deviceId = context.Parse.GetValue(id);
            if (deviceId != null && !deviceId.Contains('/')) deviceId = "default/" + deviceId;
            bool singleSegment = context.Parse.GetValue(single);
            string boardFile = context.Parse.GetValue(board)!;
            byte[] json;
            try
            {
                json = File.ReadAllBytes(boardFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"{boardFile}: {e.Message}");
            }
            TimeSpan? every = context.Parse.GetValue(inputs) is string text
                ? Durations.TryParse(text, out TimeSpan t) && t > TimeSpan.Zero ? t : throw new CliException($"--inputs-every: '{text}' is not a duration")
                : null;
            var log = new LineLog(context, context.Parse.GetValue(debug) ? LogLevel.Debug : LogLevel.Info);
            using var dispatcher = new SharedDispatcher(1);
            using var work = new BlockingWorkPool(1);
            byte[][] trusted = TrustedKeys(context.Parse.GetValue(otaKeys) ?? []);
            var device = new SimDevice(0, deviceId, boardFile, json, context.Parse.GetValue(store)!, address, dispatcher, work, log)
            {
                Configure = settings =>
                {
                    settings.Ota.Keys = trusted;
                    settings.SingleSegmentIds = singleSegment;
                },
            };
            device.Start();
            deviceId = device.DeviceId;
            context.Log($"device {deviceId}: board {boardFile}, store {Path.GetFullPath(context.Parse.GetValue(store)!)}, broker {address}" +
                (singleSegment ? ", single-segment topics" : ""));
            try
            {
                var keys = new List<(string Device, string Key)>();
                for (int d = 0; d < device.Board.DeviceCount; d++)
                {
                    BoardDevice b = device.Board.DeviceAt(d);
                    for (int p = 0; p < b.PropertyCount; p++)
                    {
                        if (b.PropertyAt(p).Kind != PinKind.Output) keys.Add((b.Id, b.PropertyAt(p).Key));
                    }
                }
                while (true)
                {
                    await Task.Delay(every ?? Timeout.InfiniteTimeSpan, context.Cancel);
                    foreach (var (dev, key) in keys) device.DriveInput(dev, key, 1);
                }
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                device.Stop();
            }
            context.Log($"device {deviceId}: stopped, twin flushed");
            return 0;
        });
        return command;
    }

    /// <summary>The board's log lines ("level source: text", as ConsoleLog prints them), with the time, on the command's output.</summary>
    private sealed class LineLog(CliContext context, int minimumLevel) : ILog
    {
        public void Write(int level, string source, string text)
        {
            if (level >= minimumLevel) context.Log($"{LogLevel.Name(level)} {source}: {text}");
        }
    }

    /// <summary>--ota-key values as 65-byte P-256 points; a CliException names a bad one.</summary>
    internal static byte[][] TrustedKeys(string[] hex)
    {
        if (hex.Length > EdgeNano.Updates.OtaOptions.MaxKeys) throw new CliException($"--ota-key: at most {EdgeNano.Updates.OtaOptions.MaxKeys} keys");
        var verifier = new EdgeNano.Updates.Crypto.EcdsaP256Verifier();
        return hex.Select(text =>
        {
            byte[] key;
            try
            {
                key = Convert.FromHexString(text.Trim());
            }
            catch (FormatException)
            {
                throw new CliException($"--ota-key '{text}' is not hex");
            }
            if (!verifier.IsValidPublicKey(key, 0, key.Length) || key.Length != EdgeNano.Updates.OtaOptions.KeyLength)
                throw new CliException($"--ota-key '{text}' is not an uncompressed P-256 public key (04 + X + Y, 130 hex digits)");
            return key;
        }).ToArray();
    }
}
