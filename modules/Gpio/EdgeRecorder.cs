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
        private readonly BoundPin[] _byPin;
        private readonly GpioModule _module;
        private int _unknownPins;

        public EdgeRecorder(BoundPin[] byPin, GpioModule module)
        {
            _byPin = byPin;
            _module = module;
        }

        /// <summary>Edges reported for pins the board does not use.</summary>
        public int UnknownPins
        {
            get { return Interlocked.CompareExchange(ref _unknownPins, 0, 0); }
        }

        public void PinChanged(int pin, bool high)
        {
            BoundPin bound = pin >= 0 && pin < _byPin.Length ? _byPin[pin] : null;
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
    }
}
