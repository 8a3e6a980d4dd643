using EdgeNano.DeviceTwin.Wire;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;

namespace EdgeNano.DeviceTwin
{
    /// <summary>The twin on flash: read back at boot, written through the coalescing SnapshotWriter.</summary>
    public sealed partial class TwinModule
    {
        private void LoadFromFlash()
        {
            Message borrowed = null;
            byte[] buffer = _writer.Buffer;
            if (buffer == null)
            {
                // A borrowing writer has no buffer: the snapshot is read into a payload array at
                // boot, when every one is free.
                borrowed = Context.Bus.Rent(SnapshotRecord.HeaderSize + _writer.PayloadCapacity);
                if (borrowed == null)
                {
                    Context.Log.Write(LogLevel.Warning, Name, "no buffer free to read the saved twin; starting empty");
                    return;
                }
                buffer = borrowed.Content;
            }
            LoadFrom(buffer);
            if (borrowed != null) MessagePool.Release(borrowed);
        }

        private void LoadFrom(byte[] buffer)
        {
            int length;
            StoreResult found = _writer.Load(buffer, out length);
            if (found == StoreResult.Missing)
            {
                Context.Log.Write(LogLevel.Info, Name, "no saved twin; starting empty");
                return;
            }
            if (found != StoreResult.Ok)
            {
                Context.Log.Write(LogLevel.Warning, Name, "saved twin unreadable (" + StoreResults.Name(found) + "); starting empty");
                return;
            }
            // The record keeps its payload after its header; the twin reads from offset 0.
            System.Array.Copy(buffer, SnapshotRecord.PayloadOffset, buffer, 0, length);
            int loaded = _store.LoadSnapshot(buffer, length);
            Context.Log.Write(loaded == SnapshotStatus.Loaded ? LogLevel.Info : LogLevel.Warning, Name,
                loaded == SnapshotStatus.Loaded ? "twin restored from flash" : "saved twin refused (" + SnapshotStatus.Name(loaded) + "); starting empty");
        }

        int ISnapshotSource.WriteSnapshot(byte[] buffer, int offset, int capacity)
        {
            return _store.WriteSnapshot(buffer, offset, capacity);
        }
    }
}
