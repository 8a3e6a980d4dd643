using EdgeNano.Runtime.Storage;

namespace EdgeNano.Boards.Host.Storage;

/// <summary>
/// IFlashFileSystem over one folder of the PC's disk, with the device flash's rules: a write is
/// flushed to the disk before it returns, a rename is atomic and never overwrites (as
/// nanoFramework's File.Move on LittleFS), and a rename or delete is synced into the folder's
/// entry. With <see cref="FileSystemStore"/> on top, a simulated board keeps its store exactly as
/// a device does, so a power cut in the middle of a replace is settled by the device's own code.
/// Without syncToDisk the flushes and folder syncs are left out (a simulated fleet's choice):
/// the files are the same and a simulated power cut (<see cref="PowerCutFileSystem"/>) acts the
/// same, but a crash of the PC itself may lose what was written.
/// </summary>
public sealed class HostFlashFileSystem : IFlashFileSystem
{
    private readonly string _folder;
    private readonly bool _syncToDisk;

    /// <param name="folder">The folder the store owns; created if missing.</param>
    /// <param name="syncToDisk">Force every write and rename to the disk before returning (a board's promise). Off
    /// for a simulated fleet: thousands of boards share one disk, where each has its own flash, and their
    /// fsyncs in turn would hold up every board on the shared dispatcher.</param>
    public HostFlashFileSystem(string folder, bool syncToDisk = true)
    {
        _folder = Directory.CreateDirectory(folder).FullName;
        _syncToDisk = syncToDisk;
    }

    /// <summary>The folder holding the files.</summary>
    public string Folder => _folder;

    public int Length(string name)
    {
        var info = new FileInfo(PathOf(name));
        return info.Exists ? (int)Math.Min(info.Length, int.MaxValue) : -1;
    }

    public int Read(string name, byte[] buffer, int count)
    {
        using var stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read, FileShare.Read);
        return stream.ReadAtLeast(buffer.AsSpan(0, count), count, throwOnEndOfStream: false);
    }

    public void Write(string name, byte[] buffer, int count)
    {
        using var stream = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write, FileShare.None);
        stream.Write(buffer, 0, count);
        // The interface promises a durable file when Write returns.
        stream.Flush(flushToDisk: _syncToDisk);
    }

    public void Rename(string from, string to)
    {
        // overwrite: false, as on the device: FileSystemStore never renames onto an existing file.
        File.Move(PathOf(from), PathOf(to), overwrite: false);
        SyncFolder();
    }

    public void Delete(string name)
    {
        string path = PathOf(name);
        if (!File.Exists(path)) return;
        File.Delete(path);
        SyncFolder();
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>A rename lives in the folder's entry; without syncing it a host crash could bring back the old name (see FileStore).</summary>
    private void SyncFolder()
    {
        if (OperatingSystem.IsWindows() || !_syncToDisk) return;
        if (!DirectorySync.Sync(_folder)) throw new IOException("fsync of folder " + _folder + " failed");
    }
}
