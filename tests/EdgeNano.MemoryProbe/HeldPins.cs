using EdgeNano.Board;
using EdgeNano.Gpio;

namespace EdgeNano.MemoryProbe
{
    /// <summary>
    /// Pins that only hold levels: no GPIO native is touched (the Linux nanoCLR has none). An
    /// input with a pull-up reads high, everything else low, and no edges are ever reported.
    /// </summary>
    public sealed class HeldPins : IPinBank
    {
        private readonly bool[] _levels;
        private int _writes;

        /// <param name="pinCount">Highest MCU pin number + 1 (an ESP32 has 40 GPIOs).</param>
        public HeldPins(int pinCount)
        {
            _levels = new bool[pinCount];
        }

        /// <summary>Levels written to outputs so far.</summary>
        public int Writes { get { return _writes; } }

        public void OpenInput(int pin, int pull, IPinEdgeListener listener)
        {
            _levels[pin] = pull == PullMode.Up;
        }

        public void OpenOutput(int pin)
        {
        }

        public bool Read(int pin)
        {
            return _levels[pin];
        }

        public void Write(int pin, bool high)
        {
            _levels[pin] = high;
            _writes++;
        }

        public void Close(int pin)
        {
        }
    }
}
