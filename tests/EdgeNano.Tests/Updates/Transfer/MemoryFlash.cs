using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Updates.Transfer;

/// <summary>
/// A store in RAM that reuses a value's buffer when the new value fits, so a steady state of
/// replaces allocates nothing (what an allocation measurement needs from its flash).
/// </summary>
internal sealed class MemoryStore : IStore
{
    private readonly Dictionary<string, byte[]> _values = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lengths = new(StringComparer.Ordinal);

    public int Replaces { get; private set; }

    public StoreResult Read(string key, byte[] buffer, out int length)
    {
        length = 0;
        if (!_lengths.TryGetValue(key, out int stored) || stored < 0) return StoreResult.Missing;
        length = stored;
        if (stored > buffer.Length) return StoreResult.TooLarge;
        Array.Copy(_values[key], buffer, stored);
        return StoreResult.Ok;
    }

    public StoreResult Replace(string key, byte[] buffer, int count)
    {
        if (!_values.TryGetValue(key, out byte[]? value) || value.Length < count) _values[key] = value = new byte[count];
        Array.Copy(buffer, value, count);
        _lengths[key] = count;
        Replaces++;
        return StoreResult.Ok;
    }

    public StoreResult Delete(string key)
    {
        if (!_lengths.TryGetValue(key, out int stored) || stored < 0) return StoreResult.Missing;
        _lengths[key] = -1;
        return StoreResult.Ok;
    }

    public StoreResult Size(string key, out int length)
    {
        length = 0;
        if (!_lengths.TryGetValue(key, out int stored) || stored < 0) return StoreResult.Missing;
        length = stored;
        return StoreResult.Ok;
    }
}

/// <summary>Two slots of files in RAM, each file a buffer of the slot's capacity made at its first write.</summary>
internal sealed class MemorySlots(int capacity) : ISlotFiles
{
    private readonly Dictionary<string, byte[]>[] _files = [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];
    private readonly Dictionary<string, int>[] _lengths = [new(StringComparer.Ordinal), new(StringComparer.Ordinal)];

    public int SlotCapacity => capacity;

    public int Length(int slot, string name) => _lengths[slot].TryGetValue(name, out int length) ? length : -1;

    public bool WriteAt(int slot, string name, int offset, byte[] buffer, int start, int count)
    {
        if (offset + count > capacity) return false;
        if (!_files[slot].TryGetValue(name, out byte[]? file)) _files[slot][name] = file = new byte[capacity];
        Array.Copy(buffer, start, file, offset, count);
        int length = _lengths[slot].TryGetValue(name, out int known) ? known : 0;
        if (offset + count > length) length = offset + count;
        _lengths[slot][name] = length;
        return true;
    }

    public int ReadAt(int slot, string name, int offset, byte[] buffer, int start, int count)
    {
        if (!_files[slot].TryGetValue(name, out byte[]? file)) return -1;
        int available = Math.Max(0, Math.Min(count, _lengths[slot][name] - offset));
        Array.Copy(file, offset, buffer, start, available);
        return available;
    }

    public bool Erase(int slot)
    {
        _files[slot].Clear();
        _lengths[slot].Clear();
        return true;
    }
}
