using System.IO;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Boards.NanoFramework
{
    /// <summary>
    /// IFlashFileSystem over nanoFramework.System.IO.FileSystem in one folder of the ESP32's
    /// internal flash (I:\, LittleFS). LittleFS commits a rename atomically and keeps a file's
    /// previous state until it is synced, which is what FileSystemStore's replace relies on.
    /// Compiled only by the .nfproj (nanoFramework packages do not restore on Linux).
    /// </summary>
    public sealed class FlashFileSystem : IFlashFileSystem
    {
        private readonly string _folder;

        /// <param name="folder">An absolute folder, e.g. "I:\\" or "I:\\edgenano"; created if missing.</param>
        public FlashFileSystem(string folder)
        {
            if (!Directory.Exists(folder)) Directory.CreateDirectory(folder);
            _folder = folder;
        }

        public int Length(string name)
        {
            string path = PathOf(name);
            if (!File.Exists(path)) return -1;
            using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                return (int)stream.Length;
            }
        }

        public int Read(string name, byte[] buffer, int count)
        {
            using (FileStream stream = new FileStream(PathOf(name), FileMode.Open, FileAccess.Read))
            {
                int total = 0;
                while (total < count)
                {
                    int read = stream.Read(buffer, total, count - total);
                    if (read <= 0) break;
                    total += read;
                }
                return total;
            }
        }

        public void Write(string name, byte[] buffer, int count)
        {
            using (FileStream stream = new FileStream(PathOf(name), FileMode.Create, FileAccess.Write))
            {
                stream.Write(buffer, 0, count);
                // Flush syncs the LittleFS file; the close that follows commits it too.
                stream.Flush();
            }
        }

        public void Rename(string from, string to)
        {
            // File.Move throws IOException when the target exists (it never overwrites), and on a
            // driver that cannot rename it falls back to copy-and-delete, which is not atomic.
            // LittleFS renames natively; FileSystemStore never renames onto an existing file.
            File.Move(PathOf(from), PathOf(to));
        }

        public void Delete(string name)
        {
            // A no-op when the file does not exist.
            File.Delete(PathOf(name));
        }

        private string PathOf(string name)
        {
            return Path.Combine(_folder, name);
        }
    }
}
