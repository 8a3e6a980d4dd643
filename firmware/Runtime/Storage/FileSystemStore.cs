namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// An IStore over a flash file system whose renames are atomic but cannot overwrite (LittleFS
    /// under nanoFramework's File.Move). Deleting the old file and then renaming the new one in
    /// would leave a moment with neither, so a replace of "twin" goes:
    /// <code>
    /// 1. write twin.tmp completely (flushed, closed)
    /// 2. rename twin -> twin.old        (if twin exists)
    /// 3. rename twin.tmp -> twin        (the commit point)
    /// 4. delete twin.old
    /// </code>
    /// Before each operation on a key, leftovers of an interrupted replace are settled: if "twin"
    /// exists it is the truth and .old/.tmp go; if only "twin.old" exists the cut came between
    /// steps 2 and 3, and it is renamed back. So after a power cut at any point a read finds the
    /// old value or the new one. Keys cannot contain '.', so the helper names never clash with keys.
    /// </summary>
    public sealed class FileSystemStore : IStore
    {
        private const string TempSuffix = ".tmp";
        private const string OldSuffix = ".old";

        private readonly IFlashFileSystem _files;
        private readonly object _gate = new object();

        /// <param name="files">The board's file system, rooted in the folder the store owns.</param>
        public FileSystemStore(IFlashFileSystem files)
        {
            if (files == null) throw new System.ArgumentNullException("files");
            _files = files;
        }

        /// <inheritdoc />
        public StoreResult Read(string key, byte[] buffer, out int length)
        {
            length = 0;
            if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
            if (buffer == null) throw new System.ArgumentNullException("buffer");
            lock (_gate)
            {
                try
                {
                    int size = Settle(key);
                    if (size < 0) return StoreResult.Missing;
                    length = size;
                    if (size > buffer.Length) return StoreResult.TooLarge;
                    if (_files.Read(key, buffer, size) != size) return StoreResult.Failed;
                    return StoreResult.Ok;
                }
                catch (System.Exception)
                {
                    return StoreResult.Failed;
                }
            }
        }

        /// <inheritdoc />
        public StoreResult Replace(string key, byte[] buffer, int count)
        {
            if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
            if (buffer == null) throw new System.ArgumentNullException("buffer");
            if (count < 0 || count > buffer.Length) throw new System.ArgumentOutOfRangeException("count");
            lock (_gate)
            {
                try
                {
                    bool replacing = Settle(key) >= 0;
                    string temp = key + TempSuffix;
                    string old = key + OldSuffix;
                    _files.Write(temp, buffer, count);
                    if (replacing) _files.Rename(key, old);
                    _files.Rename(temp, key);
                    _files.Delete(old);
                    return StoreResult.Ok;
                }
                catch (System.Exception)
                {
                    // Whatever step failed, the next operation's Settle restores a whole value.
                    return StoreResult.Failed;
                }
            }
        }

        /// <inheritdoc />
        public StoreResult Delete(string key)
        {
            if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
            lock (_gate)
            {
                try
                {
                    if (Settle(key) < 0) return StoreResult.Missing;
                    _files.Delete(key);
                    return StoreResult.Ok;
                }
                catch (System.Exception)
                {
                    return StoreResult.Failed;
                }
            }
        }

        /// <inheritdoc />
        public StoreResult Size(string key, out int length)
        {
            length = 0;
            if (!StoreKey.IsValid(key)) return StoreResult.InvalidKey;
            lock (_gate)
            {
                try
                {
                    int size = Settle(key);
                    if (size < 0) return StoreResult.Missing;
                    length = size;
                    return StoreResult.Ok;
                }
                catch (System.Exception)
                {
                    return StoreResult.Failed;
                }
            }
        }

        /// <summary>
        /// Finishes or undoes an interrupted replace of key (see the class summary) and returns
        /// the key's length afterwards, -1 when it has no value. Each probe opens a file on the
        /// device, so it probes each name once.
        /// </summary>
        private int Settle(string key)
        {
            string old = key + OldSuffix;
            string temp = key + TempSuffix;
            int length = _files.Length(key);
            int oldLength = _files.Length(old);
            if (oldLength >= 0)
            {
                if (length >= 0)
                {
                    _files.Delete(old);
                }
                else
                {
                    // Cut between steps 2 and 3: the new value may be whole in .tmp, but the old
                    // one is certainly whole, and either is a correct answer.
                    _files.Rename(old, key);
                    length = oldLength;
                }
            }
            if (_files.Length(temp) >= 0) _files.Delete(temp);
            return length;
        }
    }
}
