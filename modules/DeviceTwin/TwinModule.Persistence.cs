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
            int length;
            StoreResult found = _writer.Load(out length);
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
            byte[] buffer = _writer.Buffer;
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
