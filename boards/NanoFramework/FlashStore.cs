using EdgeNano.Runtime.Storage;

namespace EdgeNano.Boards.NanoFramework
{
    /// <summary>
    /// The ESP32's store: keys are files in a folder of the internal flash file system (I:\,
    /// LittleFS), replaced power-safely by FileSystemStore's write-temp-then-rename protocol.
    /// nanoFramework's File.Move refuses to overwrite, and deleting the old file before the rename
    /// would leave a moment with no value at all; FileSystemStore therefore renames the old file
    /// aside first and, after a cut, renames it back (see FileSystemStore).
    /// </summary>
    public sealed class FlashStore : IStore
    {
        /// <summary>The internal flash drive on ESP32 targets.</summary>
        public const string InternalFlash = "I:\\";

        private readonly FileSystemStore _store;

        /// <param name="folder">Folder on the flash the store owns, e.g. FlashStore.InternalFlash.</param>
        public FlashStore(string folder)
        {
            _store = new FileSystemStore(new FlashFileSystem(folder));
        }

        public StoreResult Read(string key, byte[] buffer, out int length)
        {
            return _store.Read(key, buffer, out length);
        }

        public StoreResult Replace(string key, byte[] buffer, int count)
        {
            return _store.Replace(key, buffer, count);
        }

        public StoreResult Delete(string key)
        {
            return _store.Delete(key);
        }

        public StoreResult Size(string key, out int length)
        {
            return _store.Size(key, out length);
        }
    }
}
