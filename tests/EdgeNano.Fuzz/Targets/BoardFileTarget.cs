using EdgeNano.Board;
using EdgeNano.EventBus;

namespace EdgeNano.Fuzz.Targets;

/// <summary>
/// Board files: BoardParser.Parse with its validator. Any problem must come back as an error in
/// the description. A board that passes must really be usable: the device ids it accepted must
/// give KubeEdge topics (as firmware/Composition builds them) without the start-up code throwing.
/// </summary>
public sealed class BoardFileTarget : FuzzTarget
{
    public override string Name => "board-file";
    public override string Description => "Board BoardParser.Parse + BoardValidator; a valid board must give KubeEdge topics";
    public override IReadOnlyList<string> Tokens =>
    [
        .. JsonTokens.Syntax, "\"board\"", "\"mcu\"", "\"devices\"", "\"id\"", "\"properties\"", "\"key\"", "\"kind\"",
        "\"pin\"", "\"pull\"", "\"activeLow\"", "\"debounceMs\"", "\"report\"", "\"onChange\"", "\"minIntervalMs\"",
        "\"heartbeatMs\"", "\"rateKey\"", "\"rateWindowMs\"", "\"initial\"", "\"type\"", "\"input\"", "\"output\"",
        "\"counter\"", "\"up\"", "\"down\"", "\"none\"", "\"esp32\"", "\"esp32-s3\"", "\"simulator\"", "\"rpi4\"",
        "\"default/demo\"", "#", "/",
    ];

    public override void Run(ReadOnlySpan<byte> input)
    {
        BoardDescription board = BoardParser.Parse("fuzz/board.json", input.ToArray());
        string errors = board.ErrorText();
        Check(board.IsValid == (errors.Length == 0), "IsValid disagrees with the error list");
        for (int i = 0; i < board.WarningCount; i++) Check(board.WarningAt(i) != null, "a null warning");
        if (!board.IsValid) return;

        Check(!string.IsNullOrEmpty(board.BoardId) && board.Mcu != null && board.DeviceCount > 0, "a valid board lacks its id, MCU or devices");
        var namespaces = new string[board.DeviceCount];
        var names = new string[board.DeviceCount];
        for (int d = 0; d < board.DeviceCount; d++)
        {
            BoardDevice device = board.DeviceAt(d);
            Check(device.Id != null && device.PropertyCount > 0, "a valid board has a device without id or properties");
            for (int p = 0; p < device.PropertyCount; p++) Check(device.PropertyAt(p).Key != null, "a valid board has a property without key");
            // As EdgeNanoDevice.Topics splits it.
            int slash = device.Id!.IndexOf('/');
            namespaces[d] = slash < 0 ? "" : device.Id[..slash];
            names[d] = slash < 0 ? device.Id : device.Id[(slash + 1)..];
        }
        try
        {
            _ = new KubeEdgeTopics("edge-node", namespaces, names, false);
        }
        catch (ArgumentException e)
        {
            throw new InvariantBroken("the validator accepted a board whose device ids the device cannot subscribe with: " + e.Message);
        }
    }
}
