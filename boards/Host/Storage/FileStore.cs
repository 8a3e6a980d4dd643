using EdgeNano.Runtime.Storage;

namespace EdgeNano.Boards.Host.Storage;

/// <summary>
/// The PC/Linux board's store: one file per key in a folder. A replace writes "key.tmp", forces
/// it to disk, renames it over "key" (rename(2) replaces atomically) and then forces the folder
/// entry to disk, so after a power cut the file holds the old value or the new one. Leftover
/// ".tmp" files from a cut are removed when the store is opened. I/O failures are returned as
/// StoreResult.Failed, with the exception's message in LastError for the log.
/// </summary>
public sealed class FileStore : IStore
{
    private const string TempSuffix = ".tmp";
    private readonly Lock _gate = new();

    /// <summary>Opens (creating if needed) the store's folder and removes leftover temporary files.</summary>
    public FileStore(string directory)
    {
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
        foreach (string temp in System.IO.Directory.EnumerateFiles(Directory, "*" + TempSuffix))
        {
            File.Delete(temp);
            RemovedTempFiles++;
        }
    }

    /// <summary>The folder holding the store's files.</summary>
    public string Directory { get; }

    /// <summary>Temporary files of interrupted replaces found and removed when the store was opened.</summary>
    public int RemovedTempFiles { get; }

    /// <summary>Why the last Failed result failed, for the log; null before any failure.</summary>
    public string? LastError { get; private set; }

    public StoreResult Read(string key, byte[] buffer, out int length)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        length = 0;
        if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
        lock (_gate)
        {
            try
            {
                using var stream = new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read);
                if (stream.Length > int.MaxValue) return Fail("file too large", StoreResult.TooLarge);
                length = (int)stream.Length;
                if (length > buffer.Length) return StoreResult.TooLarge;
                stream.ReadExactly(buffer, 0, length);
                return StoreResult.Ok;
            }
            catch (FileNotFoundException)
            {
                return StoreResult.Missing;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                length = 0;
                return Fail(e.Message, StoreResult.Failed);
            }
        }
    }

    public StoreResult Replace(string key, byte[] buffer, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, buffer.Length);
        if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
        lock (_gate)
        {
            string path = PathOf(key);
            string temp = path + TempSuffix;
            try
            {
                using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    stream.Write(buffer, 0, count);
                    // The bytes must be on the disk before the rename makes them the value.
                    stream.Flush(flushToDisk: true);
                }
                File.Move(temp, path, overwrite: true);
                SyncDirectory();
                return StoreResult.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                TryDelete(temp);
                return Fail(e.Message, StoreResult.Failed);
            }
        }
    }

    public StoreResult Delete(string key)
    {
        if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
        lock (_gate)
        {
            string path = PathOf(key);
            try
            {
                if (!File.Exists(path)) return StoreResult.Missing;
                File.Delete(path);
                SyncDirectory();
                return StoreResult.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(e.Message, StoreResult.Failed);
            }
        }
    }

    public StoreResult Size(string key, out int length)
    {
        length = 0;
        if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
        lock (_gate)
        {
            try
            {
                var info = new FileInfo(PathOf(key));
                if (!info.Exists) return StoreResult.Missing;
                length = (int)Math.Min(info.Length, int.MaxValue);
                return StoreResult.Ok;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Fail(e.Message, StoreResult.Failed);
            }
        }
    }

    private string PathOf(string key) => Path.Combine(Directory, key);

    private StoreResult Fail(string reason, StoreResult result)
    {
        LastError = reason;
        return result;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Removed when the store is next opened.
        }
    }

    /// <summary>
    /// A rename lives in the folder's entry, which has its own place on disk: without syncing the
    /// folder, a power cut can bring back the old name. Windows offers no portable way to open a
    /// folder for this (NTFS journals the rename), so it is done where POSIX allows it.
    /// </summary>
    private void SyncDirectory()
    {
        if (OperatingSystem.IsWindows()) return;
        if (!DirectorySync.Sync(Directory))
            throw new IOException("fsync of folder " + Directory + " failed");
    }
}
