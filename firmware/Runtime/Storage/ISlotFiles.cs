namespace EdgeNano.Runtime.Storage
{
    /// <summary>
    /// Two slots of named files that hold a downloaded application and its configuration, as a
    /// board provides them (folders on the flash file system on a device, folders on a PC). An
    /// update writes block by block into the slot that is not running, so writes take an offset;
    /// nothing here is atomic — the block bitmap and the boot record (both in <see cref="IStore"/>)
    /// decide what counts as written and which slot runs.
    /// Failures are return values, never exceptions. Names are plain file names (no folders).
    /// </summary>
    public interface ISlotFiles
    {
        /// <summary>Bytes one slot can hold (all its files together).</summary>
        int SlotCapacity { get; }

        /// <summary>The file's length, or -1 when the slot has no such file or it cannot be read.</summary>
        int Length(int slot, string name);

        /// <summary>
        /// Writes buffer[start..start+count) at offset in the file, creating it (and growing it)
        /// as needed, and makes it durable before returning. False on failure.
        /// </summary>
        bool WriteAt(int slot, string name, int offset, byte[] buffer, int start, int count);

        /// <summary>Reads up to count bytes at offset into buffer[start..]; the number read, or -1 on failure.</summary>
        int ReadAt(int slot, string name, int offset, byte[] buffer, int start, int count);

        /// <summary>Deletes every file of the slot. False on failure.</summary>
        bool Erase(int slot);
    }
}
