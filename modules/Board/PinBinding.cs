namespace EdgeNano.Board
{
    /// <summary>
    /// One twin property bound to one pin, as the board file describes it. Fields are public
    /// and plain: the parser fills them once at boot and the gpio module only reads them.
    /// </summary>
    public sealed class PinBinding
    {
        /// <summary>The twin property key (KubeEdge key rules).</summary>
        public string Key;
        /// <summary>A <see cref="PinKind"/> constant.</summary>
        public int Kind;
        /// <summary>The MCU's GPIO number (Linux: the gpiochip line).</summary>
        public int Pin = -1;
        /// <summary>A <see cref="PullMode"/> constant (inputs and counters).</summary>
        public int Pull;
        /// <summary>The property is true when the pin is low (a button to ground, a low-side LED).</summary>
        public bool ActiveLow;
        /// <summary>Inputs: the level must hold this long before it counts as a change.</summary>
        public int DebounceMs;
        /// <summary>Counters: the key of the rate property, or null for none.</summary>
        public string RateKey;
        /// <summary>Counters: the window the rate counts pulses over.</summary>
        public int RateWindowMs = 1000;
        /// <summary>Outputs: the value written at start-up, before any desired value arrives.</summary>
        public bool Initial;
        /// <summary>When reports go to the twin.</summary>
        public readonly ReportPolicy Report = new ReportPolicy();

        // What the file said, kept for validation only.
        internal string StatedType;
        internal bool KindStated;
        internal bool PinStated;
        internal bool PullStated;
        internal bool DebounceStated;
    }
}
