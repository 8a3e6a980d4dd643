using System.IO;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.Boards.NanoFramework
{
    /// <summary>
    /// ISlotFiles over nanoFramework.System.IO.FileSystem: slot 0 is the folder slot0 and slot 1
    /// the folder slot1 under a root of the internal flash (I:\slot0\, I:\slot1\ by default).
    /// Facts of nanoFramework's FileStream (1.1.87 to 1.1.93, the same source) this relies on: every Write reaches the
    /// LittleFS file before it returns (Flush has nothing left to do, it is called anyway for a
    /// later version that buffers); Position cannot be set past the end of the file and
    /// SetLength is not implemented, so a write that starts past the end first fills the gap
    /// with zeros. Failures (a full or worn flash, a missing folder) are caught and returned.
    /// Compiled only by the .nfproj; tests compile it against an outline of that API.
    /// </summary>
    public sealed class FlashSlotFiles : ISlotFiles
    {
        /// <summary>The internal flash drive on ESP32 targets.</summary>
        public const string InternalFlash = "I:\\";

        // Zeros written in chunks of this size when a block lands past the end of its file.
        private const int GapChunk = 256;

        private readonly string[] _folders;
        private readonly int _slotCapacity;
        private readonly byte[] _zeros = new byte[GapChunk];
        private readonly object _gate = new object();

        /// <param name="root">Folder holding slot0 and slot1, e.g. FlashSlotFiles.InternalFlash.</param>
        /// <param name="slotCapacity">Bytes one slot may hold: what the board's flash leaves free for two slots.</param>
        public FlashSlotFiles(string root, int slotCapacity)
        {
            if (root == null || root.Length == 0) throw new System.ArgumentNullException("root");
            if (slotCapacity <= 0) throw new System.ArgumentOutOfRangeException("slotCapacity");
            _folders = new string[] { Path.Combine(root, "slot0"), Path.Combine(root, "slot1") };
            _slotCapacity = slotCapacity;
        }

        /// <inheritdoc />
        public int SlotCapacity
        {
            get { return _slotCapacity; }
        }

        /// <summary>
        /// True for a name this adapter accepts: a plain file name, never a path (no '\', '/' or
        /// ':', not "." or ".."), so a file can never land outside its slot's folder.
        /// </summary>
        public static bool IsPlainName(string name)
        {
            if (name == null || name.Length == 0 || name.Length > 64) return false;
            if (name == "." || name == "..") return false;
            for (int i = 0; i < name.Length; i++)
            {
                char c = name[i];
                if (c == '\\' || c == '/' || c == ':' || c < ' ') return false;
            }
            return true;
        }

        /// <inheritdoc />
        public int Length(int slot, string name)
        {
            if (!IsSlot(slot) || !IsPlainName(name)) return -1;
            lock (_gate)
            {
                try
                {
                    string path = PathOf(slot, name);
                    if (!File.Exists(path)) return -1;
                    using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                    {
                        return (int)stream.Length;
                    }
                }
                catch (System.Exception)
                {
                    return -1;
                }
            }
        }

        /// <inheritdoc />
        public bool WriteAt(int slot, string name, int offset, byte[] buffer, int start, int count)
        {
            if (!IsSlot(slot) || !IsPlainName(name) || buffer == null) return false;
            if (offset < 0 || start < 0 || count < 0 || start > buffer.Length - count) return false;
            if (offset > _slotCapacity - count) return false;
            lock (_gate)
            {
                try
                {
                    if (!Directory.Exists(_folders[slot])) Directory.CreateDirectory(_folders[slot]);
                    using (FileStream stream = new FileStream(PathOf(slot, name), FileMode.OpenOrCreate, FileAccess.ReadWrite))
                    {
                        long length = stream.Length;
                        if (offset > length)
                        {
                            stream.Seek(length, SeekOrigin.Begin);
                            FillWithZeros(stream, offset - (int)length);
                        }
                        stream.Seek(offset, SeekOrigin.Begin);
                        stream.Write(buffer, start, count);
                        stream.Flush();
                    }
                    return true;
                }
                catch (System.Exception)
                {
                    return false;
                }
            }
        }

        /// <inheritdoc />
        public int ReadAt(int slot, string name, int offset, byte[] buffer, int start, int count)
        {
            if (!IsSlot(slot) || !IsPlainName(name) || buffer == null) return -1;
            if (offset < 0 || start < 0 || count < 0 || start > buffer.Length - count) return -1;
            lock (_gate)
            {
                try
                {
                    string path = PathOf(slot, name);
                    if (!File.Exists(path)) return -1;
                    using (FileStream stream = new FileStream(path, FileMode.Open, FileAccess.Read))
                    {
                        long length = stream.Length;
                        if (offset >= length) return 0; // Seek past the end throws on nanoFramework
                        stream.Seek(offset, SeekOrigin.Begin);
                        int total = 0;
                        while (total < count)
                        {
                            int read = stream.Read(buffer, start + total, count - total);
                            if (read <= 0) break;
                            total += read;
                        }
                        return total;
                    }
                }
                catch (System.Exception)
                {
                    return -1;
                }
            }
        }

        /// <inheritdoc />
        public bool Erase(int slot)
        {
            if (!IsSlot(slot)) return false;
            lock (_gate)
            {
                try
                {
                    string folder = _folders[slot];
                    if (!Directory.Exists(folder)) return true;
                    // Directory.Delete ignores its recursive flag in this version and refuses a
                    // folder with files, so each file goes on its own. GetFiles gives paths; the
                    // name is taken from each so the delete stays inside the slot's folder.
                    string[] files = Directory.GetFiles(folder);
                    for (int i = 0; i < files.Length; i++)
                    {
                        File.Delete(PathOf(slot, Path.GetFileName(files[i])));
                    }
                    return true;
                }
                catch (System.Exception)
                {
                    return false;
                }
            }
        }

        private void FillWithZeros(FileStream stream, int count)
        {
            while (count > 0)
            {
                int chunk = count < GapChunk ? count : GapChunk;
                stream.Write(_zeros, 0, chunk);
                count -= chunk;
            }
        }

        private static bool IsSlot(int slot)
        {
            return slot == 0 || slot == 1;
        }

        private string PathOf(int slot, string name)
        {
            return Path.Combine(_folders[slot], name);
        }
    }
}
