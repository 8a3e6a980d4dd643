using System.Threading;
using EdgeNano.Board;
using EdgeNano.DeviceTwin;
using EdgeNano.DeviceTwin.Wire;
using EdgeNano.Runtime;

namespace EdgeNano.Gpio
{
    /// <summary>
    /// The gpio module: the board file's pins as twin properties. Inputs are debounced and
    /// reported as booleans, counters as ints (with an optional rate per window), outputs follow
    /// desired values from devicetwin and are read back and reported as actual.
    /// <para>
    /// Threads: pin callbacks only count edges and call <see cref="Wake"/>, which sets the
    /// module's runtime timer to now. Everything else — reading levels, debounce, rates,
    /// reports — happens in HandleTimer (and Handle) on the runtime's dispatcher. After every
    /// round the timer is set again for the next thing due (debounce settling, a rate window's
    /// end, a minimum interval, a heartbeat).
    /// </para>
    /// </summary>
    public sealed class GpioModule : Module
    {
        /// <summary>The module's name on the bus.</summary>
        public const string ModuleName = "gpio";
        // After a report could not be queued (pool empty, devicetwin's ring full), try again this much later.
        private const int RetryMs = 100;
        private const string EventId = "";

        private readonly BoardDescription _board;
        private readonly IPinBank _bank;
        private readonly BoundPin[] _pins;
        private readonly EdgeRecorder _recorder;
        private readonly TwinMapScanner _delta;
        private readonly TwinEncoder _encoder = new TwinEncoder();
        private readonly ReportState[] _batch;
        // Per pin, 2i its key and 2i+1 its rate key: a hash of the desired value last refused
        // there (0: none), so the same refused value is not refused (logged) again.
        private readonly int[] _refusedDesired;
        private long _retryAtMs = long.MaxValue;

        private int _reportsSent;
        private int _reportsNotQueued;
        private int _reportsTooLarge;
        private int _desiredRefused;
        private int _desiredReadOnly;
        private int _unknownDevices;
        private int _pinFaults;

        /// <summary>
        /// A gpio module for a validated board. maxPayload bounds the expected-changed messages it
        /// reads (use the largest twin payload). Everything is allocated here.
        /// </summary>
        public GpioModule(BoardDescription board, IPinBank bank, int maxPayload) : base(ModuleName, "gpio")
        {
            if (board == null) throw new System.ArgumentNullException("board");
            if (bank == null) throw new System.ArgumentNullException("bank");
            if (!board.IsValid) throw new System.ArgumentException("the board file has errors:\n" + board.ErrorText());
            _board = board;
            _bank = bank;
            int count = 0;
            for (int d = 0; d < board.DeviceCount; d++) count += board.DeviceAt(d).PropertyCount;
            _pins = new BoundPin[count];
            int next = 0;
            for (int d = 0; d < board.DeviceCount; d++)
            {
                BoardDevice device = board.DeviceAt(d);
                for (int p = 0; p < device.PropertyCount; p++)
                {
                    BoundPin bound = new BoundPin(device.PropertyAt(p), d);
                    _pins[next++] = bound;
                }
            }
            _batch = new ReportState[count * 2];
            _refusedDesired = new int[count * 2];
            _recorder = new EdgeRecorder(_pins, this);
            // Only the outputs' desired values matter here: read them in place from the note,
            // which is this module's own message while it handles it.
            _delta = TwinMapScanner.InPlace(maxPayload);
        }

        /// <summary>The board this module drives.</summary>
        public BoardDescription Board
        {
            get { return _board; }
        }

        /// <summary>twin/update messages sent to devicetwin.</summary>
        public int ReportsSent { get { return _reportsSent; } }
        /// <summary>Reports that could not be queued and were retried later.</summary>
        public int ReportsNotQueued { get { return _reportsNotQueued; } }
        /// <summary>Properties whose report did not fit a message even alone (dropped).</summary>
        public int ReportsTooLarge { get { return _reportsTooLarge; } }
        /// <summary>Desired values that were not "true" or "false" for a boolean output.</summary>
        public int DesiredRefused { get { return _desiredRefused; } }
        /// <summary>
        /// Desired values refused because their property is read, not driven (an input, a counter
        /// or its rate): each new value once, not every time devicetwin names it again.
        /// </summary>
        public int DesiredReadOnly { get { return _desiredReadOnly; } }
        /// <summary>Expected-changed messages for devices this board does not host.</summary>
        public int UnknownDevices { get { return _unknownDevices; } }
        /// <summary>Pin reads, writes or opens that threw.</summary>
        public int PinFaults { get { return _pinFaults; } }
        /// <summary>Edges reported by the pin bank for pins the board does not use.</summary>
        public int EdgesOnUnknownPins { get { return _recorder.UnknownPins; } }

        /// <summary>
        /// Asks for a round on the dispatcher as soon as possible. Safe from any thread (the pin
        /// callbacks call it); it only moves the module's runtime timer to now, so it needs no
        /// message and cannot fail.
        /// </summary>
        public void Wake()
        {
            ModuleContext context = Context;
            if (context != null) context.Host.SetTimer(this, context.Clock.NowMs);
        }

        public override void Start()
        {
            ClosePins();
            long now = Context.Clock.NowMs;
            for (int i = 0; i < _pins.Length; i++) OpenPin(_pins[i], now);
            Subscribe();
            Round(now);
        }

        public override void Stop()
        {
            // A timer that fires while stopped is harmless: Round skips closed pins.
            ClosePins();
        }

        public override void HandleTimer(long nowMs)
        {
            Round(nowMs);
        }

        public override void Handle(Message message)
        {
            if (message.IsReply) return;
            if (message.Operation == TwinBus.ExpectedChanged)
            {
                ApplyDesired(message);
                Round(Context.Clock.NowMs);
            }
        }

        // ---- pins ----

        private void OpenPin(BoundPin bound, long now)
        {
            PinBinding binding = bound.Binding;
            if (binding.Kind == PinKind.Output)
            {
                _bank.OpenOutput(binding.Pin);
                bound.Open = true;
                DriveOutput(bound, binding.Initial);
                return;
            }
            bound.SeenEdges = Interlocked.CompareExchange(ref bound.Edges, 0, 0);
            _bank.OpenInput(binding.Pin, binding.Pull, _recorder);
            bound.Open = true;
            if (binding.Kind == PinKind.Input)
            {
                SetValue(bound.State, bound.IsActive(_bank.Read(binding.Pin)));
                bound.State.Forced = true;
            }
            else
            {
                bound.State.Value = Interlocked.CompareExchange(ref bound.Edges, 0, 0);
                bound.State.HasValue = true;
                bound.State.Forced = true;
                bound.WindowStartMs = now;
                bound.CountAtWindowStart = (int)bound.State.Value;
            }
        }

        private void ClosePins()
        {
            for (int i = 0; i < _pins.Length; i++)
            {
                BoundPin bound = _pins[i];
                if (!bound.Open) continue;
                bound.Open = false;
                try
                {
                    _bank.Close(bound.Binding.Pin);
                }
                catch (System.Exception)
                {
                    _pinFaults++;
                }
            }
        }

        private void DriveOutput(BoundPin bound, bool active)
        {
            try
            {
                _bank.Write(bound.Binding.Pin, active != bound.Binding.ActiveLow);
                // Report what the pin does, not what was asked: a shorted or stuck output shows.
                SetValue(bound.State, bound.IsActive(_bank.Read(bound.Binding.Pin)));
            }
            catch (System.Exception)
            {
                _pinFaults++;
            }
            bound.State.Forced = true;
        }

        private static void SetValue(ReportState state, bool value)
        {
            state.Value = value ? 1 : 0;
            state.HasValue = true;
        }

        // ---- desired values ----

        private void ApplyDesired(Message message)
        {
            int device = DeviceIndex(message.Resource);
            if (device < 0)
            {
                _unknownDevices++;
                return;
            }
            if (!_delta.Open(message.Content, 0, message.ContentLength, "delta"))
            {
                if (_delta.Error != null) RefuseNote(message);
                return;
            }
            while (_delta.Next())
            {
                BoundPin bound = OutputFor(device);
                if (bound == null)
                {
                    RefuseIfReadOnly(device);
                    continue;
                }
                bool isString = _delta.ReadString();
                if (_delta.Error != null) break;
                if (isString && _delta.ValueEquals("true")) DriveOutput(bound, true);
                else if (isString && _delta.ValueEquals("false")) DriveOutput(bound, false);
                else
                {
                    _desiredRefused++;
                    Context.Log.Write(LogLevel.Warning, ModuleName, _board.DeviceAt(device).Id + "/" + bound.Binding.Key +
                        ": desired value is not true or false");
                }
            }
            if (_delta.Error != null) RefuseNote(message);
        }

        // The output of this device whose key the scanner is at, or null.
        private BoundPin OutputFor(int device)
        {
            for (int i = 0; i < _pins.Length; i++)
            {
                BoundPin bound = _pins[i];
                if (bound.Device == device && bound.Binding.Kind == PinKind.Output && _delta.KeyEquals(bound.Binding.Key)) return bound;
            }
            return null;
        }

        /// <summary>
        /// A desired value for one of the device's inputs or counters (or a rate): the pin is
        /// read, never driven, so the value cannot be applied. Refused visibly, once per value:
        /// devicetwin names every expected value again after a reboot or a lost note. A key the
        /// board does not have is left alone (another module may own it).
        /// </summary>
        private void RefuseIfReadOnly(int device)
        {
            int slot = ReadOnlySlot(device);
            if (slot < 0) return;
            int hash = _delta.ReadString() ? ValueHash() : 1;
            if (_delta.Error != null || _refusedDesired[slot] == hash) return;
            _refusedDesired[slot] = hash;
            _desiredReadOnly++;
            BoundPin bound = _pins[slot / 2];
            Context.Log.Write(LogLevel.Warning, ModuleName, _board.DeviceAt(device).Id + "/" +
                (slot % 2 == 0 ? bound.Binding.Key : bound.Binding.RateKey) + ": desired value refused: " +
                PinKind.Name(bound.Binding.Kind) + " pins are read, not driven");
        }

        // 2i (the pin's key) or 2i+1 (its rate key) of the device's input or counter whose key the scanner is at, or -1.
        private int ReadOnlySlot(int device)
        {
            for (int i = 0; i < _pins.Length; i++)
            {
                BoundPin bound = _pins[i];
                if (bound.Device != device || bound.Binding.Kind == PinKind.Output) continue;
                if (_delta.KeyEquals(bound.Binding.Key)) return 2 * i;
                if (bound.Rate != null && _delta.KeyEquals(bound.Binding.RateKey)) return 2 * i + 1;
            }
            return -1;
        }

        // FNV-1a of the value just read, never 0 (0 marks "nothing refused").
        private int ValueHash()
        {
            uint hash = 2166136261;
            byte[] value = _delta.ValueBuffer;
            int end = _delta.ValueOffset + _delta.ValueLength;
            for (int i = _delta.ValueOffset; i < end; i++) hash = unchecked((hash ^ value[i]) * 16777619);
            return hash == 0 ? 2 : unchecked((int)hash);
        }

        private void RefuseNote(Message message)
        {
            _desiredRefused++;
            Context.Log.Write(LogLevel.Warning, ModuleName, "expected-changed for " + message.Resource + " is not a delta: " + _delta.Error);
        }

        private int DeviceIndex(string id)
        {
            for (int d = 0; d < _board.DeviceCount; d++)
            {
                if (_board.DeviceAt(d).Id == id) return d;
            }
            return -1;
        }

        private void Subscribe()
        {
            Message message = Context.Bus.Rent();
            if (message == null) return;
            message.Source = ModuleName;
            message.Destination = TwinBus.Module;
            message.Operation = TwinBus.Subscribe;
            if (Context.Bus.Send(message) != SendResult.Accepted)
                Context.Log.Write(LogLevel.Warning, ModuleName, "could not subscribe to expected values; outputs will not follow desired values");
        }

        // ---- one round: sample, then report, then arm the timer ----

        private void Round(long now)
        {
            for (int i = 0; i < _pins.Length; i++)
            {
                BoundPin bound = _pins[i];
                if (!bound.Open) continue;
                if (bound.Binding.Kind == PinKind.Input) Debounce(bound, now);
                else if (bound.Binding.Kind == PinKind.Counter) Count(bound, now);
            }
            if (_retryAtMs <= now) _retryAtMs = long.MaxValue;
            for (int d = 0; d < _board.DeviceCount; d++) ReportDevice(d, now);
            long next = NextDue(now);
            if (next != long.MaxValue) Context.Host.SetTimer(this, next);
        }

        /// <summary>
        /// An input counts as changed once no edge has been seen for DebounceMs; then its level
        /// is read. Timed from when the dispatcher noticed the edges, so a change is reported
        /// at most one dispatch delay later than the debounce time.
        /// </summary>
        private void Debounce(BoundPin bound, long now)
        {
            int edges = Interlocked.CompareExchange(ref bound.Edges, 0, 0);
            if (edges != bound.SeenEdges)
            {
                bound.SeenEdges = edges;
                bound.SettleAtMs = now + bound.Binding.DebounceMs;
            }
            if (bound.SettleAtMs > now) return;
            bound.SettleAtMs = long.MaxValue;
            try
            {
                SetValue(bound.State, bound.IsActive(_bank.Read(bound.Binding.Pin)));
            }
            catch (System.Exception)
            {
                _pinFaults++;
            }
        }

        /// <summary>
        /// The count is the activations so far. The rate is the activations of the window just
        /// ended; when the round comes late it is scaled to one window.
        /// </summary>
        private void Count(BoundPin bound, long now)
        {
            int count = Interlocked.CompareExchange(ref bound.Edges, 0, 0);
            bound.State.Value = count;
            if (bound.Rate == null) return;
            long window = bound.Binding.RateWindowMs;
            long elapsed = now - bound.WindowStartMs;
            if (elapsed < window) return;
            long pulses = count - bound.CountAtWindowStart;
            bound.Rate.Value = pulses * window / elapsed;
            bound.Rate.HasValue = true;
            bound.WindowStartMs = now;
            bound.CountAtWindowStart = count;
        }

        private long NextDue(long now)
        {
            long next = _retryAtMs;
            // After a report could not be queued, pending reports wait for the retry, not spin.
            long reportFloor = _retryAtMs == long.MaxValue ? 0 : _retryAtMs;
            for (int i = 0; i < _pins.Length; i++)
            {
                BoundPin bound = _pins[i];
                if (!bound.Open) continue;
                if (bound.SettleAtMs < next) next = bound.SettleAtMs;
                long due = bound.State.NextDue(now);
                if (due < reportFloor) due = reportFloor;
                if (due < next) next = due;
                if (bound.Rate != null)
                {
                    long windowEnd = bound.WindowStartMs + bound.Binding.RateWindowMs;
                    if (windowEnd < next) next = windowEnd;
                    due = bound.Rate.NextDue(now);
                    if (due < reportFloor) due = reportFloor;
                    if (due < next) next = due;
                }
            }
            return next;
        }

        // ---- reports ----

        private void ReportDevice(int device, long now)
        {
            int count = 0;
            for (int i = 0; i < _pins.Length; i++)
            {
                BoundPin bound = _pins[i];
                if (bound.Device != device || !bound.Open) continue;
                if (bound.State.IsDue(now)) _batch[count++] = bound.State;
                if (bound.Rate != null && bound.Rate.IsDue(now)) _batch[count++] = bound.Rate;
            }
            if (count == 0) return;
            int sent = Send(device, 0, count, now);
            if (sent == -2)
            {
                // Too large together: one message per property.
                for (int i = 0; i < count; i++)
                {
                    if (Send(device, i, 1, now) == -2)
                    {
                        _reportsTooLarge++;
                        _batch[i].MarkReported(now);
                    }
                }
            }
            for (int i = 0; i < count; i++) _batch[i] = null;
        }

        // Sends _batch[first .. first+count) as one twin/update. 1: sent; -1: not queued (retry later); -2: does not fit.
        private int Send(int device, int first, int count, long now)
        {
            Message message = Context.Bus.RentForPayload();
            if (message == null)
            {
                NotQueued(now);
                return -1;
            }
            _encoder.BeginTwinUpdate(message.Content, 0, message.ContentCapacity, EventId, now);
            for (int i = first; i < first + count; i++)
            {
                ReportState state = _batch[i];
                int length = state.FormatValue();
                _encoder.AddActual(state.Key, 0, state.Key.Length, state.Text, 0, length, state.Type, now);
            }
            int size = _encoder.EndTwinUpdate();
            if (size < 0)
            {
                MessagePool.Release(message);
                return -2;
            }
            message.ContentLength = size;
            message.Source = ModuleName;
            message.Destination = TwinBus.Module;
            message.Operation = TwinBus.Update;
            message.Resource = _board.DeviceAt(device).Id;
            if (Context.Bus.Send(message) != SendResult.Accepted)
            {
                NotQueued(now);
                return -1;
            }
            _reportsSent++;
            for (int i = first; i < first + count; i++) _batch[i].MarkReported(now);
            return 1;
        }

        private void NotQueued(long now)
        {
            _reportsNotQueued++;
            if (now + RetryMs < _retryAtMs) _retryAtMs = now + RetryMs;
        }
    }
}
