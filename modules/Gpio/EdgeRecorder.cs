using System.Threading;
using EdgeNano.Board;

namespace EdgeNano.Gpio
{
    /// <summary>
    /// The pin callback's whole job: bump the pin's edge counter and wake the module. No twin
    /// work, no locks, nothing allocated — it runs on the driver's thread, maybe on several at
    /// once, and an edge burst must never be lost or block the driver.
    /// </summary>
    internal sealed class EdgeRecorder : IPinEdgeListener
    {
        // The board's bound pins, searched per edge: a board has a handful, and a table indexed
        // by pin number would cost 12 bytes of heap for every GPIO number up to the highest used.
        private readonly BoundPin[] _pins;
        private readonly GpioModule _module;
        private int _unknownPins;

        public EdgeRecorder(BoundPin[] pins, GpioModule module)
        {
            _pins = pins;
            _module = module;
        }

        /// <summary>Edges reported for pins the board does not use.</summary>
        public int UnknownPins
        {
            get { return Interlocked.CompareExchange(ref _unknownPins, 0, 0); }
        }

        public void PinChanged(int pin, bool high)
        {
            BoundPin bound = Find(pin);
            if (bound == null)
            {
                Interlocked.Increment(ref _unknownPins);
                return;
            }
            if (bound.Binding.Kind == PinKind.Counter)
            {
                if (!bound.IsActive(high)) return;
            }
            Interlocked.Increment(ref bound.Edges);
            _module.Wake();
        }

        private BoundPin Find(int pin)
        {
            BoundPin[] pins = _pins;
            for (int i = 0; i < pins.Length; i++)
            {
                if (pins[i].Binding.Pin == pin) return pins[i];
            }
            return null;
        }
    }
}
