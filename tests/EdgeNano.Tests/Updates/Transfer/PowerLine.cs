using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>
/// A simulated board's power as its flash sees it. Cut, every store and slot call fails (nothing
/// more reaches the flash) and the board is dropped without a shutdown; restored, the next life
/// finds the flash as the cut left it.
/// </summary>
internal sealed class PowerLine
{
    private int _lost;

    /// <summary>Runs at the cut (the test drops the board here, off the dispatcher).</summary>
    public Action? OnCut { get; set; }

    public bool Lost => Volatile.Read(ref _lost) == 1;

    public void Cut()
    {
        if (Interlocked.Exchange(ref _lost, 1) == 0) OnCut?.Invoke();
    }

    public void Restore() => Volatile.Write(ref _lost, 0);
}

/// <summary>
/// A store whose power can fail in the middle of a replace: the board's store replaces a value
/// all-or-nothing (temp file, then rename; tested in Storage/PowerCutTests), so a cut during the
/// write leaves the old value, and nothing after it is written.
/// </summary>
internal sealed class CuttableStore(IStore inner, PowerLine power, Func<string, int, bool> cutDuringReplace) : IStore
{
    private readonly Dictionary<string, int> _replaces = [];

    public StoreResult Read(string key, byte[] buffer, out int length)
    {
        length = 0;
        return power.Lost ? StoreResult.Failed : inner.Read(key, buffer, out length);
    }

    public StoreResult Replace(string key, byte[] buffer, int count)
    {
        if (power.Lost) return StoreResult.Failed;
        int n;
        lock (_replaces) _replaces[key] = n = _replaces.GetValueOrDefault(key) + 1;
        if (cutDuringReplace(key, n))
        {
            power.Cut();
            return StoreResult.Failed;
        }
        return inner.Replace(key, buffer, count);
    }

    public StoreResult Delete(string key) => power.Lost ? StoreResult.Failed : inner.Delete(key);

    public StoreResult Size(string key, out int length)
    {
        length = 0;
        return power.Lost ? StoreResult.Failed : inner.Size(key, out length);
    }
}

/// <summary>Slot files whose power can fail in the middle of a block: the first half of it reaches the file, the rest never does.</summary>
internal sealed class CuttableSlots(ISlotFiles inner, PowerLine power, Func<int, bool> cutDuringWrite) : ISlotFiles
{
    private int _writes;

    public int SlotCapacity => inner.SlotCapacity;

    public int Length(int slot, string name) => power.Lost ? -1 : inner.Length(slot, name);

    public bool WriteAt(int slot, string name, int offset, byte[] buffer, int start, int count)
    {
        if (power.Lost) return false;
        if (cutDuringWrite(Interlocked.Increment(ref _writes)))
        {
            inner.WriteAt(slot, name, offset, buffer, start, count / 2);
            power.Cut();
            return false;
        }
        return inner.WriteAt(slot, name, offset, buffer, start, count);
    }

    public int ReadAt(int slot, string name, int offset, byte[] buffer, int start, int count) =>
        power.Lost ? -1 : inner.ReadAt(slot, name, offset, buffer, start, count);

    public bool Erase(int slot) => !power.Lost && inner.Erase(slot);
}
