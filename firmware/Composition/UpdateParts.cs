using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;
using EdgeNano.Updates;

namespace EdgeNano.Composition
{
    /// <summary>
    /// What a board gives the device for field updates: its two application slots, the boot
    /// record (Boot() already called: it picked the slot this composition runs), and a restart.
    /// </summary>
    public sealed class UpdateParts
    {
        public readonly ISlotFiles Slots;
        public readonly BootControl Boot;
        public readonly IBoardRestart Restart;

        public UpdateParts(ISlotFiles slots, BootControl boot, IBoardRestart restart)
        {
            if (slots == null || boot == null || restart == null) throw new System.ArgumentNullException("slots");
            Slots = slots;
            Boot = boot;
            Restart = restart;
        }

        /// <summary>
        /// A file of the running slot (e.g. a config package's board.json, which replaces the
        /// flashed one), or null when the factory application runs or the slot has no such file.
        /// Boot-time only: it allocates.
        /// </summary>
        public byte[] ReadActiveFile(string name)
        {
            int slot = Boot.ActiveSlot;
            if (slot == BootControl.FactorySlot) return null;
            int length = Slots.Length(slot, name);
            if (length < 0) return null;
            byte[] bytes = new byte[length];
            int read = length == 0 ? 0 : Slots.ReadAt(slot, name, 0, bytes, 0, length);
            return read == length ? bytes : null;
        }
    }
}
