using EdgeNano.Runtime.Storage;

namespace EdgeNano.Tests.Storage;

/// <summary>The flash chip: the files that survive a power cut. Shared by every "boot".</summary>
internal sealed class FlashMedium
{
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);
}

/// <summary>Thrown by PowerCutFlash at the cut: nothing after it reaches the flash.</summary>
internal sealed class PowerCutException() : IOException("power cut");

/// <summary>
/// A mounted flash file system with LittleFS's guarantees, which can lose power at a chosen step.
/// Every change to the flash is counted in steps: creating a file, each byte written, each rename,
/// each delete. With cutAtStep = n, the first n steps happen and power fails at step n: the
/// operation throws PowerCutException and every later call throws too, until the test "reboots"
/// with a new PowerCutFlash over the same FlashMedium.
/// Semantics modelled: a file exists from its creation (empty); bytes written before a cut
/// survive only when keepTornBytes (harsher than LittleFS, which keeps just the last synced
/// state; without it the file stays empty); renames and deletes are atomic; a rename onto an
/// existing file fails, as nanoFramework's File.Move does.
/// </summary>
internal sealed class PowerCutFlash(FlashMedium medium, long cutAtStep = -1, bool keepTornBytes = true) : IFlashFileSystem
{
    /// <summary>Changes made so far; a run without a cut measures how many cut points a scenario has.</summary>
    public long Steps { get; private set; }

    public bool PowerLost { get; private set; }

    /// <summary>While set, every call fails with an I/O error (a worn or full flash) without losing power.</summary>
    public bool Failing { get; set; }

    /// <summary>Files written (created) so far, to count the writes reaching the flash.</summary>
    public int FilesWritten { get; private set; }

    public int Length(string name)
    {
        CheckPower();
        return medium.Files.TryGetValue(name, out var bytes) ? bytes.Length : -1;
    }

    public int Read(string name, byte[] buffer, int count)
    {
        CheckPower();
        if (!medium.Files.TryGetValue(name, out var bytes)) throw new FileNotFoundException(name);
        int n = Math.Min(count, bytes.Length);
        Array.Copy(bytes, buffer, n);
        return n;
    }

    public void Write(string name, byte[] buffer, int count)
    {
        CheckPower();
        Step();
        medium.Files[name] = [];
        FilesWritten++;
        long remaining = cutAtStep < 0 ? long.MaxValue : cutAtStep - Steps;
        if (remaining < count)
        {
            // The cut lands on byte `remaining` of this write.
            if (keepTornBytes) medium.Files[name] = buffer.AsSpan(0, (int)remaining).ToArray();
            Steps += remaining;
            Cut();
        }
        medium.Files[name] = buffer.AsSpan(0, count).ToArray();
        Steps += count;
    }

    public void Rename(string from, string to)
    {
        CheckPower();
        Step();
        if (!medium.Files.Remove(from, out var bytes)) throw new FileNotFoundException(from);
        if (!medium.Files.TryAdd(to, bytes))
        {
            medium.Files[from] = bytes;
            throw new IOException($"{to} exists");
        }
    }

    public void Delete(string name)
    {
        CheckPower();
        Step();
        medium.Files.Remove(name);
    }

    private void Step()
    {
        if (Steps == cutAtStep) Cut();
        Steps++;
    }

    private void Cut()
    {
        PowerLost = true;
        throw new PowerCutException();
    }

    private void CheckPower()
    {
        if (PowerLost) throw new PowerCutException();
        if (Failing) throw new IOException("flash failure");
    }
}
