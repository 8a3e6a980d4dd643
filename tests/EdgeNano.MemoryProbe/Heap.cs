namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// Reads nanoCLR's managed heap. GC.Run(false) runs a full collection (no compaction, which
    /// crashes the Linux build) and returns the free bytes, so "used" below is what is still
    /// reachable: retained memory, not garbage waiting for a collection.
    /// </summary>
    public static class Heap
    {
        private static uint _baseline;
        private static bool _sampling;
        private static uint _lowest;

        /// <summary>Free bytes after a full collection.</summary>
        public static uint Free()
        {
            return nanoFramework.Runtime.Native.GC.Run(false);
        }

        /// <summary>
        /// Takes the reference point every later "used" is measured from. The interpreter's stack
        /// frames live on the heap too (about 200 bytes per call on 32-bit), so SetBaseline and
        /// Mark have the same shape and are called from Main only: every reading then holds the
        /// same frames, and "used" is the device's alone.
        /// </summary>
        public static uint SetBaseline(string stage)
        {
            uint free = Free();
            _baseline = free;
            Print(stage, free);
            return free;
        }

        /// <summary>Prints "MEM stage free=N used=M", M = bytes retained since the baseline. Call it from Main, with a literal.</summary>
        public static uint Mark(string stage)
        {
            uint free = Free();
            Print(stage, free);
            return free;
        }

        /// <summary>Prints a reading taken earlier (a low-water mark, a reading from inside a callback).</summary>
        public static void Print(string stage, uint free)
        {
            System.Console.WriteLine("MEM " + stage + " free=" + free.ToString() + " used=" + Used(free).ToString());
        }

        public static int Used(uint free)
        {
            return (int)_baseline - (int)free;
        }

        /// <summary>From now on Sample() keeps the lowest free reading (the peak of retained memory).</summary>
        public static void StartSampling()
        {
            _lowest = uint.MaxValue;
            _sampling = true;
        }

        /// <summary>Stops sampling and returns the lowest free reading seen (uint.MaxValue: none).</summary>
        public static uint StopSampling()
        {
            _sampling = false;
            return _lowest;
        }

        /// <summary>
        /// Called from inside the board parts (the link's callbacks) while the device works. Such
        /// a reading also holds the stack frames of the calls in progress (the device's and the
        /// probe's driver loop), as a device's dispatcher and network threads hold theirs.
        /// </summary>
        public static uint Sample()
        {
            if (!_sampling) return 0;
            uint free = Free();
            if (free < _lowest) _lowest = free;
            return free;
        }
    }
}
