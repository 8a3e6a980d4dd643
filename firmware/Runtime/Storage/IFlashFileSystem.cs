namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// The few file operations FileSystemStore needs, implemented by a board over its flash file
    /// system (LittleFS on I:\ for an ESP32). Names are plain file names in one folder. Failures
    /// throw (the file system's own exceptions); FileSystemStore turns them into StoreResult.Failed.
    /// </summary>
    public interface IFlashFileSystem
    {
        /// <summary>The file's length in bytes, or -1 when there is no such file.</summary>
        int Length(string name);

        /// <summary>Reads up to count bytes from the start of the file into buffer; returns how many were read.</summary>
        int Read(string name, byte[] buffer, int count);

        /// <summary>
        /// Creates the file (truncating any old one), writes buffer[0..count) and makes it durable
        /// (flushed and closed) before returning.
        /// </summary>
        void Write(string name, byte[] buffer, int count);

        /// <summary>
        /// Renames a file in one atomic step. Fails when the target exists: nanoFramework's File.Move
        /// refuses to overwrite, so FileSystemStore never asks it to.
        /// </summary>
        void Rename(string from, string to);

        /// <summary>Deletes the file; nothing happens when it does not exist.</summary>
        void Delete(string name);
    }
}
