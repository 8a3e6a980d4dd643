namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// A small key → bytes store that survives reboots, implemented by each board (flash file
    /// system on a device, files on a PC). Replace is all-or-nothing: after a power cut at any
    /// moment, a read finds either the old value or the new one, never a mix.
    /// Failures are return values, never exceptions: every method returns a StoreResult the caller
    /// counts and reports (an implementation catches its file system's exceptions).
    /// Keys must satisfy StoreKey.IsValid, otherwise the result is InvalidKey.
    /// </summary>
    public interface IStore
    {
        /// <summary>
        /// Reads the whole value of key into buffer[0..length). Ok, Missing (length 0), TooLarge
        /// (length is the value's size; the buffer is left unspecified), Failed or InvalidKey.
        /// </summary>
        StoreResult Read(string key, byte[] buffer, out int length);

        /// <summary>Atomically replaces key's value with buffer[0..count): Ok, Failed or InvalidKey.</summary>
        StoreResult Replace(string key, byte[] buffer, int count);

        /// <summary>Removes key: Ok, Missing (nothing was there), Failed or InvalidKey.</summary>
        StoreResult Delete(string key);

        /// <summary>The value's size in bytes, so a caller can check a buffer before reading: Ok, Missing, Failed or InvalidKey.</summary>
        StoreResult Size(string key, out int length);
    }
}
