using System.Text.Json;
using EdgeNano.Cli.Common;

namespace EdgeNano.Cli.Ota;

/// <summary>The board a package is packed for, with the managed heap its application files must fit in.</summary>
public sealed record OtaTargetBoard(string Board, string? Mcu, OtaBoardHeap Heap)
{
    /// <summary>"board esp32-devkitc (mcu esp32: ESP32 without PSRAM, ...)" for messages.</summary>
    public string Describe() => Mcu == null ? $"board {Board} ({Heap.Description})" : $"board {Board} (mcu {Mcu}: {Heap.Description})";

    /// <summary>
    /// The target's heap: --heap-bytes when given, else from the board file's "mcu" (--board-file,
    /// or boards/BOARD/board.json found from the current folder or the tool's folder upwards).
    /// CliException when neither says it.
    /// </summary>
    public static OtaTargetBoard Resolve(string board, string? boardFile, long? heapBytes)
    {
        if (heapBytes is <= 0) throw new CliException($"--heap-bytes {heapBytes}: must be a positive number of bytes");
        if (boardFile != null && !File.Exists(boardFile)) throw new CliException($"--board-file {boardFile}: no such file");
        string? path = boardFile ?? FindShippedBoardFile(board);
        string? mcu = null;
        if (path != null)
        {
            var (fileBoard, fileMcu) = Read(path);
            if (fileBoard != board) throw new CliException($"--board {board}, but {path} is board '{fileBoard}'");
            mcu = fileMcu;
        }

        if (heapBytes is long stated) return new OtaTargetBoard(board, mcu, new OtaBoardHeap(stated, "managed heap stated with --heap-bytes"));
        if (mcu == null)
        {
            throw new CliException($"board {board}: no board file found (looked for boards/{board}/board.json), so its managed heap is unknown; " +
                                   "give --board-file with the target's board.json, or --heap-bytes with its managed heap");
        }
        OtaBoardHeap heap = OtaHeapTable.ForMcu(mcu)
            ?? throw new CliException($"board {board}: mcu '{mcu}' is not one ota pack knows the managed heap of; give --heap-bytes");
        return new OtaTargetBoard(board, mcu, heap);
    }

    private static (string Board, string Mcu) Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            JsonElement root = document.RootElement;
            string? board = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("board", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null;
            string? mcu = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("mcu", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            if (board == null || mcu == null) throw new CliException($"{path}: a board file needs string fields \"board\" and \"mcu\" (docs/board-file.md)");
            return (board, mcu);
        }
        catch (JsonException e)
        {
            throw new CliException($"{path} is not JSON: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read {path}: {e.Message}");
        }
    }

    /// <summary>The repository's boards/BOARD/board.json, from the current folder or the tool's, upwards; null when none.</summary>
    private static string? FindShippedBoardFile(string board)
    {
        // A board name with a path character would escape boards/; the manifest refuses such names anyway.
        if (board.IndexOfAny(['/', '\\', ':']) >= 0 || board is "." or "..") return null;
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "boards", board, "board.json");
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
