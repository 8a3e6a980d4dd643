using System.Reflection;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Storage;
using EdgeNano.Updates;
using EdgeNano.Updates.Crypto;

namespace EdgeNano.Boards.NanoFramework
{
    /// <summary>An application's entry: the built-in one, or a slot's EdgeNano.App.Entry.Run.</summary>
    public delegate void ApplicationEntry(BootControl boot);

    /// <summary>
    /// The first thing the deployed firmware runs (see README.md, "Field updates: the loader"):
    /// asks the boot record which slot runs, and for slot 0 or 1 loads that slot's application
    /// assemblies (.pe files of kind "app", in the order of the manifest kept in the slot) with
    /// Assembly.Load(byte[]) and calls the static entry point EntryType.EntryMethod(BootControl).
    /// The factory slot, a configuration-only package (no app file) and a confirmed slot that
    /// fails to load run the built-in application. A slot on trial that fails to load asks the
    /// boot record to return to the previous slot and restarts. Not run on a board yet.
    /// </summary>
    public sealed class SlotLoader
    {
        /// <summary>The type a slot's application assembly must define.</summary>
        public const string EntryType = "EdgeNano.App.Entry";
        /// <summary>Its public static method, taking the BootControl (to Confirm or RollBack the trial).</summary>
        public const string EntryMethod = "Run";

        private const string Source = "loader";

        private readonly BootControl _boot;
        private readonly ISlotFiles _slots;
        private readonly IBoardRestart _restart;
        private readonly ApplicationEntry _builtIn;
        private readonly ILog _log;

        /// <param name="boot">The boot record; the loader calls its Boot.</param>
        /// <param name="slots">The board's slots (FlashSlotFiles on I:\).</param>
        /// <param name="restart">Restarts the board after a trial that failed to load.</param>
        /// <param name="builtIn">The application deployed with the firmware.</param>
        /// <param name="log">Where the boot decisions are written.</param>
        public SlotLoader(BootControl boot, ISlotFiles slots, IBoardRestart restart, ApplicationEntry builtIn, ILog log)
        {
            if (boot == null) throw new System.ArgumentNullException("boot");
            if (slots == null) throw new System.ArgumentNullException("slots");
            if (restart == null) throw new System.ArgumentNullException("restart");
            if (builtIn == null) throw new System.ArgumentNullException("builtIn");
            if (log == null) throw new System.ArgumentNullException("log");
            _boot = boot;
            _slots = slots;
            _restart = restart;
            _builtIn = builtIn;
            _log = log;
        }

        /// <summary>Boots: picks the slot and runs its application (returns when that application's entry returns).</summary>
        public void Run()
        {
            int slot = _boot.Boot();
            if (_boot.LastProblem != null) _log.Write(LogLevel.Warning, Source, _boot.LastProblem);
            if (_boot.RolledBackReason != null) _log.Write(LogLevel.Warning, Source, "rolled back: " + _boot.RolledBackReason);
            _log.Write(LogLevel.Info, Source, "slot " + slot.ToString() + " version " + _boot.RunningVersion + (_boot.IsTesting ? " (on trial)" : ""));
            if (slot == BootControl.FactorySlot)
            {
                _builtIn(_boot);
                return;
            }

            string failure;
            MethodInfo entry = Load(slot, out failure);
            if (entry != null) failure = Invoke(entry);
            else if (failure == null)
            {
                // A configuration-only package: the built-in application runs with the slot's config.
                _builtIn(_boot);
                return;
            }
            if (failure == null) return;

            _log.Write(LogLevel.Error, Source, "slot " + slot.ToString() + ": " + failure);
            if (_boot.IsTesting)
            {
                string reason = OtaError.Describe(OtaError.HealthCheck, "version " + _boot.RunningVersion + " did not start: " + failure);
                _boot.RollBack(reason); // even if this write fails, the counted trial boot returns at the next boot
                _restart.Restart(reason);
                return;
            }
            // A confirmed slot that no longer loads (flash damaged since): keep the board reachable
            // for the next update with the application that is always whole.
            _builtIn(_boot);
        }

        /// <summary>
        /// Loads the slot's app assemblies: the entry point, or null with failure set (null failure:
        /// the slot holds no app file). Allocates each assembly's bytes once, at boot.
        /// </summary>
        private MethodInfo Load(int slot, out string failure)
        {
            failure = null;
            try
            {
                byte[] manifestBytes = ReadFile(slot, BootControl.ManifestFile, -1, UpdateManifest.MaxBytes);
                if (manifestBytes == null)
                {
                    failure = "no readable " + BootControl.ManifestFile;
                    return null;
                }
                UpdateManifest manifest = new UpdateManifest();
                string refusal = new ManifestParser().Parse(manifestBytes, 0, manifestBytes.Length, manifest);
                if (refusal != null)
                {
                    failure = BootControl.ManifestFile + ": " + refusal;
                    return null;
                }

                Assembly[] assemblies = new Assembly[manifest.FileCount];
                int loaded = 0;
                byte[] digest = new byte[32];
                for (int i = 0; i < manifest.FileCount; i++)
                {
                    if (manifest.FileKinds[i] != UpdateManifest.KindApp) continue;
                    string name = manifest.FileNames[i];
                    byte[] pe = ReadFile(slot, name, manifest.FileSizes[i], manifest.FileSizes[i]);
                    if (pe == null)
                    {
                        failure = OtaError.Describe(OtaError.Truncated, name + " is missing or not " + manifest.FileSizes[i].ToString() + " bytes");
                        return null;
                    }
                    // Checked at every boot, not only when staged: flash can change after verification.
                    Sha256.Hash(pe, 0, pe.Length, digest, 0);
                    if (!SameHash(digest, manifest.FileHashes, i * 32))
                    {
                        failure = OtaError.Describe(OtaError.HashMismatch, name);
                        return null;
                    }
                    assemblies[loaded++] = Assembly.Load(pe);
                }
                if (loaded == 0) return null;

                for (int i = 0; i < loaded; i++)
                {
                    System.Type type = assemblies[i].GetType(EntryType);
                    if (type == null) continue;
                    MethodInfo method = type.GetMethod(EntryMethod, BindingFlags.Public | BindingFlags.Static);
                    if (method != null) return method;
                }
                failure = "no public static " + EntryType + "." + EntryMethod + " in the slot's assemblies";
                return null;
            }
            catch (System.Exception e)
            {
                failure = Describe(e);
                return null;
            }
        }

        private string Invoke(MethodInfo entry)
        {
            try
            {
                entry.Invoke(null, new object[] { _boot });
                return null;
            }
            catch (System.Exception e)
            {
                // .NET wraps what the entry threw in a TargetInvocationException (a type
                // nanoFramework's mscorlib does not have); the entry's own exception says more.
                return Describe(e.InnerException != null ? e.InnerException : e);
            }
        }

        /// <summary>The whole file when its length is expected (any length when -1) and at most max bytes; else null.</summary>
        private byte[] ReadFile(int slot, string name, int expected, int max)
        {
            int length = _slots.Length(slot, name);
            if (length < 0 || length > max || (expected >= 0 && length != expected)) return null;
            byte[] bytes = new byte[length];
            if (length > 0 && _slots.ReadAt(slot, name, 0, bytes, 0, length) != length) return null;
            return bytes;
        }

        private static bool SameHash(byte[] digest, byte[] hashes, int at)
        {
            for (int i = 0; i < 32; i++)
            {
                if (digest[i] != hashes[at + i]) return false;
            }
            return true;
        }

        private static string Describe(System.Exception e)
        {
            // nanoFramework often throws without a message: the type name is all there is.
            string message = e.Message;
            string type = e.GetType().FullName;
            return message == null || message.Length == 0 ? type : type + ": " + message;
        }
    }
}
