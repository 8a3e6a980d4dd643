using EdgeNano.Runtime.Storage;
using EdgeNano.Tests.Storage;
using EdgeNano.Updates;

namespace EdgeNano.Tests.Updates.Boot;

/// <summary>
/// A board's flash and its restarts: each Restart is a fresh BootControl over a fresh
/// FileSystemStore on the same flash medium, as a real reboot would build them.
/// </summary>
internal sealed class BootRig
{
    public const string Factory = "1.0.0";

    public FlashMedium Medium { get; } = new();

    /// <summary>The flash of the current boot: set Failing to make every store call fail.</summary>
    public PowerCutFlash Flash { get; private set; } = null!;

    public BootControl Control { get; private set; } = null!;

    /// <summary>Restarts the board and runs Boot; returns the slot it chose.</summary>
    public int Restart()
    {
        Control = Open();
        return Control.Boot();
    }

    /// <summary>A BootControl over the medium, before its Boot.</summary>
    public BootControl Open(long cutAtStep = -1)
    {
        Flash = new PowerCutFlash(Medium, cutAtStep);
        return new BootControl(new FileSystemStore(Flash), Factory);
    }

    /// <summary>Boots, activates slot with version, restarts into the trial.</summary>
    public void RunTrial(int slot, string version)
    {
        Assert.True(Control.Activate(slot, version), Control.LastProblem);
        Assert.Equal(slot, Restart());
        Assert.True(Control.IsTesting);
    }
}
