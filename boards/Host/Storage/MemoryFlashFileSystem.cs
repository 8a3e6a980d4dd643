using EdgeNano.Runtime.Storage;

namespace EdgeNano.Boards.Host.Storage;

/// <summary>
/// A simulated board's flash held in memory, with the same rules as <see cref="HostFlashFileSystem"/>
/// (a write replaces the whole file, a rename is atomic and never overwrites, a delete of a missing
/// file does nothing). It outlives the board's lives (a reboot or power cut mounts it again), and
/// <see cref="PowerCutFileSystem"/> cuts it as it cuts a folder. For a fleet: ten thousand boards
/// writing their twins to files on one disk spent a fifth of the simulator's CPU creating inodes,
/// where each real board has a flash of its own.
/// </summary>
public sealed class MemoryFlashFileSystem : IFlashFileSystem
{
    private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Length(string name)
    {
        lock (_gate) return _files.TryGetValue(name, out byte[]? bytes) ? bytes.Length : -1;
    }

    public int Read(string name, byte[] buffer, int count)
    {
        lock (_gate)
        {
            if (!_files.TryGetValue(name, out byte[]? bytes)) throw new FileNotFoundException("no such file on the flash", name);
            int n = Math.Min(count, bytes.Length);
            Array.Copy(bytes, buffer, n);
            return n;
        }
    }

    public void Write(string name, byte[] buffer, int count)
    {
        byte[] bytes = buffer.AsSpan(0, count).ToArray();
        lock (_gate) _files[name] = bytes;
    }

    public void Rename(string from, string to)
    {
        lock (_gate)
        {
            if (!_files.TryGetValue(from, out byte[]? bytes)) throw new FileNotFoundException("no such file on the flash", from);
            if (_files.ContainsKey(to)) throw new IOException("cannot rename " + from + ": " + to + " exists");
            _files.Remove(from);
            _files[to] = bytes;
        }
    }

    public void Delete(string name)
    {
        lock (_gate) _files.Remove(name);
    }
}
