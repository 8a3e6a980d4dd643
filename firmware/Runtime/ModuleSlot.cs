namespace EdgeNano.Runtime
{
    /// <summary>The runtime's bookkeeping for one registered module: its inbox, counters and health.</summary>
    internal sealed class ModuleSlot
    {
        public const int Running = 0;
        /// <summary>Stopped after repeated failures; restarts at RestartAtMs.</summary>
        public const int AwaitingRestart = 1;
        public const int Disabled = 2;
        public const int Stopped = 3;

        public readonly Module Module;
        public readonly int Index;
        public readonly ModuleCounters Counters = new ModuleCounters();
        public MessageRing Ring;
        public int State = Stopped;
        public int ConsecutiveFailures;
        public int RestartsWithoutCure;
        public long RestartAtMs;
        /// <summary>When the module asked to be woken (Module.HandleTimer); long.MaxValue for never.</summary>
        public long TimerAtMs = long.MaxValue;

        public ModuleSlot(Module module, int index)
        {
            Module = module;
            Index = index;
        }

        public bool AcceptsMessages
        {
            get { return State == Running || State == AwaitingRestart; }
        }
    }
}
