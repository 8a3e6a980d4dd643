using System.Collections;

namespace EdgeNano.Runtime
{
    /// <summary>
    /// Every capacity the runtime allocates at start-up, and which modules run. Defaults suit a
    /// plain ESP32 (about 100 KB of managed heap); the host fleet simulator sets its own.
    /// </summary>
    public sealed class RuntimeConfig
    {
        /// <summary>Inbox size of a module unless set per module. KubeEdge uses 1024; a device wants 8–32.</summary>
        public int RingCapacity = 16;
        /// <summary>Messages preallocated for the whole runtime.</summary>
        public int MessagePoolSize = 32;
        /// <summary>Content bytes each pooled message carries of its own.</summary>
        public int MessageContentCapacity = 512;
        /// <summary>
        /// Payload-sized arrays the pool lends to messages that carry a whole twin payload
        /// (Bus.RentForPayload); 0: every message's own content is payload-sized already.
        /// </summary>
        public int PayloadArrays;
        /// <summary>Bytes of each payload array (the largest payload a message carries), when PayloadArrays > 0.</summary>
        public int PayloadCapacity;
        /// <summary>Requests that may wait for a reply at once.</summary>
        public int PendingRequestCapacity = 8;
        /// <summary>Consecutive handler failures after which a module is stopped and restarted.</summary>
        public int FailuresBeforeRestart = 3;
        /// <summary>First restart delay; doubles with each restart that did not cure the module.</summary>
        public int RestartBaseDelayMs = 1000;
        /// <summary>Longest restart delay.</summary>
        public int RestartMaxDelayMs = 30000;
        /// <summary>How long one module's Stop may take at shutdown before the runtime moves on. 0 runs Stop inline with no limit.</summary>
        public int StopTimeoutMs = 2000;
        /// <summary>How long shutdown keeps dispatching queued messages before it counts the rest as dropped.</summary>
        public int ShutdownDrainMs = 1000;

        private readonly ArrayList _moduleSettings = new ArrayList();

        /// <summary>Turns a registered module on or off. A name that is not registered fails at Start.</summary>
        public void SetModuleEnabled(string name, bool enabled)
        {
            SettingFor(name).Enabled = enabled;
        }

        /// <summary>Gives one module a ring of its own size.</summary>
        public void SetRingCapacity(string name, int capacity)
        {
            if (capacity < 1) throw new System.ArgumentOutOfRangeException("capacity");
            SettingFor(name).RingCapacity = capacity;
        }

        internal int ModuleSettingCount
        {
            get { return _moduleSettings.Count; }
        }

        internal ModuleSetting ModuleSettingAt(int index)
        {
            return (ModuleSetting)_moduleSettings[index];
        }

        internal ModuleSetting Find(string name)
        {
            for (int i = 0; i < _moduleSettings.Count; i++)
            {
                ModuleSetting setting = (ModuleSetting)_moduleSettings[i];
                if (setting.Name == name) return setting;
            }
            return null;
        }

        private ModuleSetting SettingFor(string name)
        {
            ModuleSetting setting = Find(name);
            if (setting != null) return setting;
            setting = new ModuleSetting(name);
            _moduleSettings.Add(setting);
            return setting;
        }

        internal sealed class ModuleSetting
        {
            public readonly string Name;
            public bool Enabled = true;
            public int RingCapacity;

            public ModuleSetting(string name)
            {
                Name = name;
            }
        }
    }

    /// <summary>The configuration cannot be used as written; the message says what and where.</summary>
    public sealed class RuntimeConfigException : System.Exception
    {
        public RuntimeConfigException(string message) : base(message)
        {
        }
    }
}
