using EdgeNano.Runtime.Storage;

namespace EdgeNano.Boards.Host.Storage;

/// <summary>
/// A flash file system that can lose power in the middle of the next store write, for fault
/// injection on simulated boards. <see cref="Arm"/> picks where the next replace is cut: part-way
/// through writing the temporary file (the bytes written so far stay, torn), or after it at the
/// first, second or third rename/delete that follows (the temporary or ".old" file is left
/// behind). At the cut the call throws, <see cref="PowerLost"/> is raised once, and every later
/// call fails too: the flash keeps what reached it, and the next life of the board mounts the
/// same folder with a new wrapper. Unarmed, it passes every call through.
/// </summary>
public sealed class PowerCutFileSystem(IFlashFileSystem flash) : IFlashFileSystem
{
    /// <summary>Where an armed cut lands.</summary>
    public enum CutPoint
    {
        /// <summary>Part-way through the write of the temporary file.</summary>
        TornWrite,
        /// <summary>After the write, before the first rename or delete.</summary>
        BeforeFirstRename,
        /// <summary>After the write and one rename or delete.</summary>
        BeforeSecondRename,
        /// <summary>After the write and two renames or deletes.</summary>
        BeforeThirdRename,
    }

    private readonly Lock _gate = new();
    private Random? _armed;
    private int _changesLeft = -1;
    private CutPoint _pending;
    private bool _lost;

    /// <summary>Raised once, on the thread that hit the cut, when the power goes.</summary>
    public event Action<PowerCutFileSystem>? PowerLost;

    /// <summary>The power has gone: every call fails.</summary>
    public bool IsPowerLost
    {
        get { lock (_gate) return _lost; }
    }

    /// <summary>A cut is armed and has not fired yet.</summary>
    public bool IsArmed
    {
        get { lock (_gate) return _armed != null || _changesLeft >= 0; }
    }

    /// <summary>Where the cut landed, once it fired.</summary>
    public CutPoint? Cut { get; private set; }

    /// <summary>Bytes of the torn write that reached the flash (TornWrite only).</summary>
    public int TornBytes { get; private set; }

    /// <summary>Arms a cut in the next write; the seed picks the cut point and the torn length. False when power is already lost.</summary>
    public bool Arm(int seed)
    {
        lock (_gate)
        {
            if (_lost) return false;
            _armed = new Random(seed);
            return true;
        }
    }

    /// <summary>Takes an armed cut back; false when it already fired (the power is gone) or none was armed.</summary>
    public bool Disarm()
    {
        lock (_gate)
        {
            if (_lost) return false;
            bool was = _armed != null || _changesLeft >= 0;
            _armed = null;
            _changesLeft = -1;
            return was;
        }
    }

    public int Length(string name)
    {
        CheckPower();
        return flash.Length(name);
    }

    public int Read(string name, byte[] buffer, int count)
    {
        CheckPower();
        return flash.Read(name, buffer, count);
    }

    public void Write(string name, byte[] buffer, int count)
    {
        Random? cut;
        lock (_gate)
        {
            if (_lost) throw new IOException("power lost");
            cut = _armed;
            _armed = null;
        }
        if (cut == null)
        {
            flash.Write(name, buffer, count);
            return;
        }
        var point = (CutPoint)cut.Next(4);
        if (point == CutPoint.TornWrite)
        {
            TornBytes = count == 0 ? 0 : cut.Next(count);
            flash.Write(name, buffer, TornBytes);
            throw Lose(point);
        }
        flash.Write(name, buffer, count);
        lock (_gate)
        {
            _changesLeft = (int)point - 1;
            _pending = point;
        }
    }

    public void Rename(string from, string to)
    {
        CountChange();
        flash.Rename(from, to);
    }

    public void Delete(string name)
    {
        CountChange();
        flash.Delete(name);
    }

    /// <summary>A rename or delete: an armed cut lands before the one it counts down to.</summary>
    private void CountChange()
    {
        lock (_gate)
        {
            if (_lost) throw new IOException("power lost");
            if (_changesLeft < 0) return;
            if (_changesLeft > 0)
            {
                _changesLeft--;
                return;
            }
            _changesLeft = -1;
        }
        throw Lose(_pending);
    }

    /// <summary>The power goes now: what reached the flash stays; the caller throws the returned error.</summary>
    private IOException Lose(CutPoint point)
    {
        lock (_gate)
        {
            _lost = true;
            Cut = point;
        }
        PowerLost?.Invoke(this);
        return new IOException("power lost at the " + point + " cut");
    }

    private void CheckPower()
    {
        lock (_gate)
        {
            if (_lost) throw new IOException("power lost");
        }
    }
}
