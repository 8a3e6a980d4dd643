using EdgeNano.Runtime.Storage;

namespace EdgeNano.Boards.Host.Storage;

/// <summary>
/// The PC/Linux board's application slots: two folders ("slot0", "slot1") under a root folder,
/// one file per name. A write opens the file, writes at the offset and flushes it to disk before
/// returning (the block bitmap may mark it written afterwards). Names must be plain file names;
/// anything with a folder separator or ".." is refused. Failures are return values.
/// </summary>
public sealed class DirectorySlotFiles : ISlotFiles
{
    private readonly string[] _slots;
    private readonly Lock _gate = new();

    /// <param name="root">The folder holding slot0/ and slot1/ (created as needed).</param>
    /// <param name="slotCapacity">Bytes one slot may hold (what a device's flash would allow).</param>
    public DirectorySlotFiles(string root, int slotCapacity)
    {
        _slots = [Path.Combine(root, "slot0"), Path.Combine(root, "slot1")];
        foreach (string slot in _slots) Directory.CreateDirectory(slot);
        SlotCapacity = slotCapacity;
    }

    public int SlotCapacity { get; }

    /// <summary>Why the last call failed, for the log; null before any failure.</summary>
    public string? LastError { get; private set; }

    public int Length(int slot, string name)
    {
        if (!TryPath(slot, name, out string path)) return -1;
        lock (_gate)
        {
            try
            {
                var info = new FileInfo(path);
                return info.Exists ? (int)info.Length : -1;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LastError = e.Message;
                return -1;
            }
        }
    }

    public bool WriteAt(int slot, string name, int offset, byte[] buffer, int start, int count)
    {
        if (!TryPath(slot, name, out string path) || offset < 0 || count < 0 || (long)offset + count > SlotCapacity) return false;
        lock (_gate)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read);
                stream.Position = offset;
                stream.Write(buffer, start, count);
                stream.Flush(flushToDisk: true);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LastError = e.Message;
                return false;
            }
        }
    }

    public int ReadAt(int slot, string name, int offset, byte[] buffer, int start, int count)
    {
        if (!TryPath(slot, name, out string path) || offset < 0 || count < 0) return -1;
        lock (_gate)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
                stream.Position = offset;
                int total = 0;
                while (total < count)
                {
                    int read = stream.Read(buffer, start + total, count - total);
                    if (read == 0) break;
                    total += read;
                }
                return total;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LastError = e.Message;
                return -1;
            }
        }
    }

    public bool Erase(int slot)
    {
        if (slot is not (0 or 1)) return false;
        lock (_gate)
        {
            try
            {
                foreach (string file in Directory.EnumerateFiles(_slots[slot])) File.Delete(file);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                LastError = e.Message;
                return false;
            }
        }
    }

    private bool TryPath(int slot, string name, out string path)
    {
        path = "";
        if (slot is not (0 or 1) || string.IsNullOrEmpty(name) || name is "." or ".." || name.IndexOfAny(['/', '\\', '\0']) >= 0) return false;
        path = Path.Combine(_slots[slot], name);
        return true;
    }
}
