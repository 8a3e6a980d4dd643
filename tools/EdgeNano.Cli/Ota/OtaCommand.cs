using System.CommandLine;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Ota;

/// <summary><c>edgenano ota keygen|pack|inspect|push</c>: field updates, from the fleet key to a signed package on every device.</summary>
public static class OtaCommand
{
    public static Command Create()
    {
        var command = new Command("ota",
            "Field updates (docs/ota-protocol.md): make the fleet's signing key, pack and sign a package of application " +
            "and configuration files, check a package, and push it to devices over the broker with progress per device.");
        command.Subcommands.Add(Keygen());
        command.Subcommands.Add(Pack());
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(OtaPushCommand.Create());
        return command;
    }

    private static Command Keygen()
    {
        var output = new Option<string>("--out", "-o") { Description = "Private key file to write (PKCS#8 PEM, mode 0600); the public key goes to the same name + .pub", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing key (devices that trust only the old key will refuse packages signed with the new one)" };
        var command = new Command("keygen",
            "Make the fleet's ECDSA P-256 signing key: KEY (private, keep it secret) and KEY.pub (the public key as 130 hex digits, " +
            "what a device's settings.json \"otaKeys\" takes).")
        {
            output, force,
        };
        CliRun.SetAction(command, context =>
        {
            string path = context.Parse.GetValue(output)!;
            string hex = OtaKeys.Generate(path, context.Parse.GetValue(force));
            context.Output.WriteLine($"private key: {Path.GetFullPath(path)} (keep it secret; it signs packages every device will install)");
            context.Output.WriteLine($"public key:  {Path.GetFullPath(path)}.pub");
            context.Output.WriteLine(hex);
            context.Output.WriteLine("in each device's settings.json (up to two keys, for rotation):");
            context.Output.WriteLine($"  \"otaKeys\": [\"{hex}\"]");
            return Task.FromResult(0);
        });
        return command;
    }

    private static Command Pack()
    {
        var input = new Option<string?>("--in", "-i") { Description = "Folder whose files (flat, at most 8 in all) are the application files (kind app), e.g. the .pe assemblies" };
        var version = new Option<string>("--version") { Description = "The package's version, major.minor.patch (each 0-65535)", Required = true };
        var board = new Option<string>("--board") { Description = "The board it is for, as board.json's \"board\" (a device of another board refuses it)", Required = true };
        var key = new Option<string>("--key", "-k") { Description = "Private key file from ota keygen", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Package file to write (.enpkg)", Required = true };
        var minRuntime = new Option<string>("--min-runtime") { Description = "Oldest runtime version the package runs on", DefaultValueFactory = _ => "1.0.0" };
        var sequence = new Option<int?>("--sequence") { Description = "Anti-replay number, above every earlier package's (default: seconds since 2024-01-01 UTC)" };
        var downgrade = new Option<bool>("--allow-downgrade") { Description = "Let devices running a newer version install this one" };
        var config = new Option<string[]>("--config")
        {
            Description = "Configuration file to include (kind config), e.g. a board.json; may be repeated",
            AllowMultipleArgumentsPerToken = false,
        };
        var boardFile = new Option<string?>("--board-file")
        {
            Description = "The target's board.json: its \"mcu\" says the managed heap the application files must fit " +
                          "(default: boards/BOARD/board.json of this repository)",
        };
        var heapBytes = new Option<long?>("--heap-bytes")
        {
            Description = "The target's managed heap in bytes, for a board whose MCU does not say it (an ESP32 with PSRAM, an " +
                          "ESP32-S3 without, another MCU); replaces the figure pack assumes for the MCU",
        };
        var command = new Command("pack",
            "Make a signed package (.enpkg, a zip of manifest.json, manifest.sig and files/<name>): every limit of the protocol " +
            "is checked before anything is written, and so is the heap. On nanoFramework the loader keeps each application " +
            "file (.pe) in the managed heap, next to the deployed firmware, EdgeNano and the network, so pack refuses application " +
            "files the target cannot load, with the sizes. It knows the heap from the board file's mcu: esp32 (no PSRAM, " +
            "about 90 KB: configuration-only packages), esp32-s3 (with PSRAM, at least 768 KB), bcm2711, linux and simulator " +
            "(.NET, no limit); --heap-bytes states any other. Configuration-only packages need no check (docs/ota-protocol.md).")
        {
            input, version, board, key, output, minRuntime, sequence, downgrade, config, boardFile, heapBytes,
        };
        CliRun.SetAction(command, context =>
        {
            var p = context.Parse;
            var options = new OtaPackOptions(p.GetValue(input), p.GetValue(version)!, p.GetValue(board)!, p.GetValue(key)!, p.GetValue(output)!)
            {
                MinRuntime = p.GetValue(minRuntime)!,
                Sequence = p.GetValue(sequence),
                AllowDowngrade = p.GetValue(downgrade),
                ConfigFiles = p.GetValue(config) ?? [],
                BoardFile = p.GetValue(boardFile),
                HeapBytes = p.GetValue(heapBytes),
            };
            var (package, heap) = OtaPack.Run(options, DateTime.UtcNow);
            context.Output.WriteLine($"package {package.PackageId}");
            context.Output.WriteLine($"version {package.Version} for board {options.Board}, {package.Files.Count} file(s), {package.Size} bytes to download");
            context.Output.WriteLine($"heap: {heap}");
            context.Output.WriteLine($"manifest: {OtaManifest.DeviceFit(package.Manifest.Length)}");
            context.Output.WriteLine($"wrote {Path.GetFullPath(options.OutputFile)} ({new FileInfo(options.OutputFile).Length} bytes)");
            return Task.FromResult(0);
        });
        return command;
    }

    private static Command Inspect()
    {
        var package = new Argument<string>("PKG") { Description = "Package file (.enpkg)" };
        var key = new Option<string?>("--key", "-k") { Description = "Public key (KEY.pub from ota keygen, or a PEM key) to verify the signature with" };
        var command = new Command("inspect",
            "Show a package's manifest, check every file's size and SHA-256 against it, and verify the signature with --key. " +
            "Exit code 1 on any mismatch.")
        {
            package, key,
        };
        CliRun.SetAction(command, context =>
            Task.FromResult(OtaInspect.Run(context.Parse.GetValue(package)!, context.Parse.GetValue(key), context.Output)));
        return command;
    }
}
