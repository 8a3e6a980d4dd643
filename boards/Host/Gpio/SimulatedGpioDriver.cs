using System.Device.Gpio;

namespace EdgeNano.Boards.Host.Gpio;

/// <summary>
/// A dotnet/iot GpioDriver whose pins are virtual, plugged into a real GpioController so the
/// board runs exactly the adapter code a Raspberry Pi runs. Inputs follow scripts (or a test
/// sets them), outputs keep what was written and can be observed — or stuck, to show that
/// gpio reports what the pin reads back, not what it was told. Time is the driver's own:
/// <see cref="AdvanceTo"/> plays the scripts up to a moment, firing edge callbacks on the
/// calling thread. Thread-safe; callbacks run under the driver's lock, one edge at a time.
/// </summary>
public sealed class SimulatedGpioDriver : GpioDriver
{
    private readonly object _gate = new();
    private readonly Dictionary<int, SimulatedPin> _pins = new();
    private long _now;

    private sealed class SimulatedPin
    {
        public bool Open;
        public PinMode Mode = PinMode.Input;
        public bool Level;
        public bool? Stuck;
        public int Writes;
        public InputScript? Script;
        /// <summary>The script time up to which this pin has been played.</summary>
        public long Cursor;
        public readonly List<(PinEventTypes Types, PinChangeEventHandler Handler)> Callbacks = [];
    }

    /// <summary>The driver's time: how far the scripts have been played, in ms.</summary>
    public long Now
    {
        get { lock (_gate) return _now; }
    }

    /// <summary>Gives an input pin a script; its level jumps to the script's level at the driver's current time.</summary>
    public void Script(int pin, InputScript script)
    {
        lock (_gate)
        {
            var p = Pin(pin);
            p.Script = script;
            bool level = script.InitialLevel;
            long t = long.MinValue;
            while (true)
            {
                long next = script.NextChange(t, out bool l);
                if (next > _now) break;
                level = l;
                t = next;
            }
            p.Cursor = _now;
            SetLevel(pin, p, level);
        }
    }

    /// <summary>Plays every script up to <paramref name="ms"/> (driver time), firing an edge callback for each change, in time order across pins.</summary>
    public void AdvanceTo(long ms)
    {
        lock (_gate)
        {
            while (true)
            {
                int nextPin = -1;
                long nextAt = long.MaxValue;
                bool nextLevel = false;
                foreach (var (number, p) in _pins)
                {
                    if (p.Script == null) continue;
                    long at = p.Script.NextChange(p.Cursor, out bool level);
                    if (at <= ms && at < nextAt)
                    {
                        nextPin = number;
                        nextAt = at;
                        nextLevel = level;
                    }
                }
                if (nextPin < 0) break;
                _now = nextAt;
                var pin = _pins[nextPin];
                pin.Cursor = nextAt;
                SetLevel(nextPin, pin, nextLevel);
            }
            if (ms > _now) _now = ms;
        }
    }

    /// <summary>Sets an input's level now (firing its callback when it changes).</summary>
    public void SetInput(int pin, bool level)
    {
        lock (_gate) SetLevel(pin, Pin(pin), level);
    }

    /// <summary>Drives an input through <paramref name="count"/> full pulses (rise, fall) at once; safe to call from many threads.</summary>
    public void Pulse(int pin, int count = 1)
    {
        for (int i = 0; i < count; i++)
        {
            lock (_gate)
            {
                var p = Pin(pin);
                bool rest = p.Level;
                SetLevel(pin, p, !rest);
                SetLevel(pin, p, rest);
            }
        }
    }

    /// <summary>The level an output drives (or an input sits at).</summary>
    public bool Level(int pin)
    {
        lock (_gate) return Pin(pin).Level;
    }

    /// <summary>How many writes a pin has had.</summary>
    public int Writes(int pin)
    {
        lock (_gate) return Pin(pin).Writes;
    }

    /// <summary>The mode the controller last set on a pin.</summary>
    public PinMode ModeOf(int pin)
    {
        lock (_gate) return Pin(pin).Mode;
    }

    /// <summary>Whether the pin is open.</summary>
    public bool IsOpen(int pin)
    {
        lock (_gate) return Pin(pin).Open;
    }

    /// <summary>Makes the pin read <paramref name="level"/> whatever is written (a shorted output); null frees it.</summary>
    public void Stick(int pin, bool? level)
    {
        lock (_gate) Pin(pin).Stuck = level;
    }

    private SimulatedPin Pin(int pin)
    {
        if (!_pins.TryGetValue(pin, out var p))
        {
            p = new SimulatedPin();
            _pins[pin] = p;
        }
        return p;
    }

    private void SetLevel(int number, SimulatedPin pin, bool level)
    {
        if (pin.Level == level) return;
        pin.Level = level;
        if (!pin.Open) return;
        var type = level ? PinEventTypes.Rising : PinEventTypes.Falling;
        foreach (var (types, handler) in pin.Callbacks)
        {
            if ((types & type) != 0) handler(this, new PinValueChangedEventArgs(type, number));
        }
    }

    /// <summary>GPIO numbers the simulated chip has (as many as the generic linux table).</summary>
    protected override int PinCount => 1024;

    protected override void OpenPin(int pinNumber)
    {
        lock (_gate) Pin(pinNumber).Open = true;
    }

    protected override void ClosePin(int pinNumber)
    {
        lock (_gate)
        {
            var p = Pin(pinNumber);
            p.Open = false;
            p.Callbacks.Clear();
        }
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            var p = Pin(pinNumber);
            p.Mode = mode;
            // An unscripted, undriven input rests where its pull resistor holds it.
            if (p.Script == null && mode == PinMode.InputPullUp) p.Level = true;
            if (p.Script == null && mode == PinMode.InputPullDown) p.Level = false;
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate) return Pin(pinNumber).Mode;
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) =>
        mode is PinMode.Input or PinMode.InputPullUp or PinMode.InputPullDown or PinMode.Output;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            var p = Pin(pinNumber);
            return (p.Stuck ?? p.Level) ? PinValue.High : PinValue.Low;
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            var p = Pin(pinNumber);
            p.Writes++;
            SetLevel(pinNumber, p, value == PinValue.High);
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        // Nothing in EdgeNano waits on a pin; edges come through callbacks.
        throw new NotSupportedException("the simulated driver reports edges through callbacks only");

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate) Pin(pinNumber).Callbacks.Add((eventTypes, callback));
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate) Pin(pinNumber).Callbacks.RemoveAll(c => c.Handler == callback);
    }
}
