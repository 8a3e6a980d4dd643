using EdgeNano.Board;

namespace EdgeNano.Gpio
{
    /// <summary>
    /// A board binding at run time: the edge counter the pin callback bumps (the only field
    /// another thread writes, always through Interlocked), and the dispatcher's view of it —
    /// debounce progress, the counter's rate window, and the report state of each property.
    /// </summary>
    internal sealed class BoundPin
    {
        public readonly PinBinding Binding;
        public readonly int Device;
        public readonly ReportState State;
        /// <summary>Counters with a rate key: the rate property; otherwise null.</summary>
        public readonly ReportState Rate;

        /// <summary>Inputs: edges seen by the callback. Counters: activations (edges to the active level).</summary>
        public int Edges;

        // Dispatcher only.
        public bool Open;
        public int SeenEdges;
        public long SettleAtMs = long.MaxValue;
        public long WindowStartMs;
        public int CountAtWindowStart;

        public BoundPin(PinBinding binding, int device)
        {
            Binding = binding;
            Device = device;
            State = new ReportState(binding.Key, PinKind.TwinType(binding.Kind), binding.Kind != PinKind.Counter, binding.Report);
            if (binding.Kind == PinKind.Counter && binding.RateKey != null)
                Rate = new ReportState(binding.RateKey, "int", false, binding.Report);
        }

        /// <summary>The property's value for an electrical level (active-low inverts).</summary>
        public bool IsActive(bool high)
        {
            return high != Binding.ActiveLow;
        }
    }
}
