namespace EdgeNano.Runtime
{
    /// <summary>
    /// Restarts the board: a reboot on a device (nanoFramework's Power.RebootDevice), a fresh
    /// composition of the simulated board on the host. Updates call it after activating a slot and
    /// when a version under test fails its health check.
    /// </summary>
    public interface IBoardRestart
    {
        /// <summary>Asks for a restart; the reason is logged. May return before the restart happens.</summary>
        void Restart(string reason);
    }
}
