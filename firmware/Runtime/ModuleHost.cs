using System.Collections;
using System.Threading;

namespace EdgeNano.Runtime
{
    /// <summary>
    /// The runtime (beehive's core, reduced): the module registry, start-up, dispatch of each
    /// module's ring, isolation and restart of failing modules, and graceful shutdown.
    /// It owns no thread: a dispatcher (one thread on a device, a shared worker pool on the host)
    /// calls RunOnce whenever the host signals work or a timer.
    /// </summary>
    public sealed class ModuleHost
    {
        private const int Created = 0;
        private const int Running = 1;
        private const int Draining = 2;
        private const int Stopped = 3;

        private readonly RuntimeConfig _config;
        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly ArrayList _registered = new ArrayList();
        private readonly MessagePool _pool;
        private readonly PendingRequests _pending;
        private readonly Bus _bus;
        private readonly ModuleContext _context;
        private readonly object _dispatchGate = new object();
        private readonly object _stateGate = new object();
        private ModuleSlot[] _slots = new ModuleSlot[0];
        private int _state = Created;
        private Thread _dispatchThread;
        private IDispatchSignal _signal;
        private int _nextSlot;
        private long _nextDeadline = long.MaxValue;
        // The earliest deadline the dispatcher has been told about and that has not passed yet.
        private long _signaledDeadline = long.MaxValue;
        // Module timers set and not yet fired: lets a dispatch round skip the timer scan.
        private int _armedTimers;

        public ModuleHost(RuntimeConfig config, IClock clock, ILog log)
        {
            if (config == null) throw new System.ArgumentNullException("config");
            if (clock == null) throw new System.ArgumentNullException("clock");
            if (log == null) throw new System.ArgumentNullException("log");
            _config = config;
            _clock = clock;
            _log = log;
            _pool = new MessagePool(config.MessagePoolSize, config.MessageContentCapacity);
            _pending = new PendingRequests(config.PendingRequestCapacity);
            _bus = new Bus(this, _pool, _pending, clock);
            _context = new ModuleContext(this, _bus, clock, log);
        }

        public Bus Bus
        {
            get { return _bus; }
        }

        public IClock Clock
        {
            get { return _clock; }
        }

        public bool IsRunning
        {
            get { return _state == Running; }
        }

        /// <summary>Adds a module at boot, before Start. Registration order is start order; shutdown runs in reverse.</summary>
        public void Register(Module module)
        {
            if (module == null) throw new System.ArgumentNullException("module");
            if (_state != Created) throw new System.InvalidOperationException("modules are registered before Start");
            for (int i = 0; i < _registered.Count; i++)
            {
                if (((Module)_registered[i]).Name == module.Name)
                    throw new RuntimeConfigException("two modules are named '" + module.Name + "'");
            }
            _registered.Add(module);
        }

        /// <summary>Who drives this host's dispatch. Set before Start.</summary>
        public void AttachDispatcher(IDispatchSignal signal)
        {
            _signal = signal;
        }

        /// <summary>
        /// Checks the configuration against the registry, allocates each enabled module's ring and
        /// starts the modules in registration order. A module whose Start throws is counted,
        /// logged and retried later like a failing module; the others run.
        /// </summary>
        public void Start()
        {
            lock (_stateGate)
            {
                if (_state != Created) throw new System.InvalidOperationException("Start is called once");
                CheckConfiguredNames();
                ModuleSlot[] slots = new ModuleSlot[_registered.Count];
                for (int i = 0; i < slots.Length; i++)
                {
                    Module module = (Module)_registered[i];
                    ModuleSlot slot = new ModuleSlot(module, i);
                    RuntimeConfig.ModuleSetting setting = _config.Find(module.Name);
                    if (setting != null && !setting.Enabled)
                    {
                        slot.State = ModuleSlot.Disabled;
                    }
                    else
                    {
                        int capacity = setting != null && setting.RingCapacity > 0 ? setting.RingCapacity : _config.RingCapacity;
                        slot.Ring = new MessageRing(capacity);
                    }
                    module.Context = _context;
                    slots[i] = slot;
                }
                _slots = slots;
                _state = Running;
            }
            long now = _clock.NowMs;
            for (int i = 0; i < _slots.Length; i++)
            {
                ModuleSlot slot = _slots[i];
                if (slot.State == ModuleSlot.Disabled)
                {
                    _log.Write(LogLevel.Info, "runtime", "module " + slot.Module.Name + " disabled by config");
                    continue;
                }
                StartModule(slot, now);
            }
        }

        /// <summary>
        /// Dispatches up to budget queued messages, fairly across modules, after firing due
        /// request timeouts and module restarts. Returns true when messages are still queued.
        /// Calls from several threads are serialised; a host is never dispatched twice at once.
        /// </summary>
        public bool RunOnce(int budget)
        {
            lock (_dispatchGate)
            {
                if (_state != Running && _state != Draining) return false;
                _dispatchThread = Thread.CurrentThread;
                try
                {
                    long now = _clock.NowMs;
                    FireRequestTimeouts(now);
                    RestartDueModules(now);
                    FireModuleTimers(now);
                    DispatchRound(budget, now);
                    RecomputeNextDeadline();
                    return HasQueuedMessages();
                }
                finally
                {
                    _dispatchThread = null;
                }
            }
        }

        /// <summary>
        /// Graceful shutdown: refuses new work from outside, dispatches what is queued (within
        /// ShutdownDrainMs), stops modules in reverse registration order (each within
        /// StopTimeoutMs), and counts whatever is left as dropped, per module.
        /// </summary>
        public void Stop()
        {
            lock (_stateGate)
            {
                if (_state != Running) return;
                _state = Draining;
            }
            lock (_dispatchGate)
            {
                _dispatchThread = Thread.CurrentThread;
                try
                {
                    Drain();
                    _state = Stopped;
                    for (int i = _slots.Length - 1; i >= 0; i--)
                    {
                        ModuleSlot slot = _slots[i];
                        if (slot.State == ModuleSlot.Running) StopModule(slot, _config.StopTimeoutMs);
                        if (slot.State != ModuleSlot.Disabled) slot.State = ModuleSlot.Stopped;
                    }
                    int dropped = DropQueuedMessages();
                    _pending.CancelAll();
                    _log.Write(dropped == 0 ? LogLevel.Info : LogLevel.Warning, "runtime",
                        "stopped; " + dropped.ToString() + " queued messages dropped");
                }
                finally
                {
                    _dispatchThread = null;
                }
            }
        }

        /// <summary>
        /// Wakes the module's HandleTimer at dueMs (runtime clock). Each module has one timer:
        /// an earlier time replaces a later one, a later one is ignored until the timer has
        /// fired. Any thread may call it (a pin interrupt, a network callback).
        /// </summary>
        public void SetTimer(Module module, long dueMs)
        {
            ModuleSlot slot = null;
            ModuleSlot[] slots = _slots;
            for (int i = 0; i < slots.Length; i++)
            {
                if (slots[i].Module == module) slot = slots[i];
            }
            if (slot == null) throw new System.ArgumentException("SetTimer for a module that is not registered");
            lock (_stateGate)
            {
                if (dueMs >= slot.TimerAtMs) return;
                if (slot.TimerAtMs == long.MaxValue) _armedTimers++;
                slot.TimerAtMs = dueMs;
            }
            TimerAdded(dueMs);
        }

        /// <summary>Counters of a registered module, or null for an unknown name.</summary>
        public ModuleCounters Counters(string moduleName)
        {
            ModuleSlot slot = FindSlot(moduleName);
            return slot == null ? null : slot.Counters;
        }

        public int ModuleCount
        {
            get { return _registered.Count; }
        }

        public string ModuleName(int index)
        {
            return ((Module)_registered[index]).Name;
        }

        /// <summary>Whether the module is started and handling messages (false while it awaits a restart).</summary>
        public bool IsModuleRunning(string moduleName)
        {
            ModuleSlot slot = FindSlot(moduleName);
            return slot != null && slot.State == ModuleSlot.Running;
        }

        /// <summary>Messages waiting in a module's ring.</summary>
        public int QueuedFor(string moduleName)
        {
            ModuleSlot slot = FindSlot(moduleName);
            return slot == null || slot.Ring == null ? 0 : slot.Ring.Count;
        }

        /// <summary>When the next request timeout or module restart falls due (ms since epoch), or long.MaxValue.</summary>
        public long NextDeadline
        {
            get { lock (_stateGate) return _nextDeadline; }
        }

        // ---- for the bus ----

        internal bool AcceptsSends
        {
            get { return _state == Running || _state == Draining; }
        }

        internal bool IsDispatcherThread
        {
            get { return _dispatchThread == Thread.CurrentThread; }
        }

        internal int SlotCount
        {
            get { return _slots.Length; }
        }

        internal ModuleSlot SlotAt(int index)
        {
            return _slots[index];
        }

        internal ModuleSlot FindRunnable(string name)
        {
            ModuleSlot slot = FindSlot(name);
            return slot != null && slot.AcceptsMessages ? slot : null;
        }

        internal void WorkAdded()
        {
            IDispatchSignal signal = _signal;
            if (signal != null) signal.WorkAvailable(this);
        }

        internal void TimerAdded(long dueMs)
        {
            lock (_stateGate)
            {
                if (dueMs < _nextDeadline) _nextDeadline = dueMs;
            }
            SignalTimer(dueMs);
        }

        /// <summary>
        /// Tells the dispatcher about a deadline unless it already expects an earlier one that is
        /// still ahead. Both Bus.Request and the end of a dispatch round come here, so a deadline
        /// is never lost between them.
        /// </summary>
        private void SignalTimer(long dueMs)
        {
            long now = _clock.NowMs;
            lock (_stateGate)
            {
                if (dueMs >= _signaledDeadline && _signaledDeadline > now) return;
                _signaledDeadline = dueMs;
            }
            IDispatchSignal signal = _signal;
            if (signal != null) signal.TimerDue(this, dueMs);
        }

        // ---- internals ----

        private ModuleSlot FindSlot(string name)
        {
            ModuleSlot[] slots = _slots;
            for (int i = 0; i < slots.Length; i++)
            {
                if (slots[i].Module.Name == name) return slots[i];
            }
            return null;
        }

        private void CheckConfiguredNames()
        {
            for (int i = 0; i < _config.ModuleSettingCount; i++)
            {
                string name = _config.ModuleSettingAt(i).Name;
                bool known = false;
                for (int j = 0; j < _registered.Count; j++)
                {
                    if (((Module)_registered[j]).Name == name) known = true;
                }
                if (known) continue;
                string registered = "";
                for (int j = 0; j < _registered.Count; j++)
                {
                    registered += (j == 0 ? "" : ", ") + ((Module)_registered[j]).Name;
                }
                throw new RuntimeConfigException("the configuration names module '" + name +
                    "', which is not registered; registered modules: " + registered);
            }
        }

        /// <summary>
        /// Up to this many messages of one module per pass: few ring locks per message under
        /// load, and still every module gets its turn.
        /// </summary>
        private const int BatchPerPass = 8;

        private void DispatchRound(int budget, long now)
        {
            int handled = 0;
            bool found = true;
            while (handled < budget && found)
            {
                found = false;
                for (int k = 0; k < _slots.Length && handled < budget; k++)
                {
                    ModuleSlot slot = _slots[_nextSlot];
                    _nextSlot++;
                    if (_nextSlot == _slots.Length) _nextSlot = 0;
                    if (slot.State != ModuleSlot.Running) continue;
                    int batch = slot.Ring.Count;
                    if (batch == 0) continue;
                    if (batch > BatchPerPass) batch = BatchPerPass;
                    if (batch > budget - handled) batch = budget - handled;
                    found = true;
                    // Peek, handle, then consume in one step; a module that fails into a restart
                    // mid-batch leaves the rest queued for when it is back.
                    int done = 0;
                    while (done < batch && slot.State == ModuleSlot.Running)
                    {
                        Message message = slot.Ring.Peek(done);
                        done++;
                        Dispatch(slot, message, now);
                    }
                    slot.Ring.Consume(done);
                    handled += done;
                }
            }
        }

        private void Dispatch(ModuleSlot slot, Message message, long now)
        {
            // Only the dispatcher writes this counter (dispatch is serialised), so no Interlocked.
            slot.Counters.received++;
            try
            {
                slot.Module.Handle(message);
                slot.ConsecutiveFailures = 0;
                slot.RestartsWithoutCure = 0;
            }
            catch (System.Exception e)
            {
                Fail(slot, "on message " + message.Id.ToString() + " (" + message.Operation + " " + message.Resource + ")", e, now);
            }
            finally
            {
                MessagePool.Release(message);
            }
        }

        private void Fail(ModuleSlot slot, string what, System.Exception error, long now)
        {
            ModuleCounters.Add(ref slot.Counters.errors);
            slot.ConsecutiveFailures++;
            _log.Write(LogLevel.Error, slot.Module.Name, "failed " + what + ": " + error.Message);
            if (slot.ConsecutiveFailures < _config.FailuresBeforeRestart || _state != Running) return;
            try
            {
                slot.Module.Stop();
            }
            catch (System.Exception stopError)
            {
                ModuleCounters.Add(ref slot.Counters.errors);
                _log.Write(LogLevel.Error, slot.Module.Name, "failed to stop: " + stopError.Message);
            }
            ScheduleRestart(slot, now);
        }

        private void ScheduleRestart(ModuleSlot slot, long now)
        {
            long delay = RestartDelay(slot.RestartsWithoutCure);
            slot.RestartsWithoutCure++;
            slot.State = ModuleSlot.AwaitingRestart;
            slot.RestartAtMs = now + delay;
            _log.Write(LogLevel.Warning, slot.Module.Name, "stopped after " + slot.ConsecutiveFailures.ToString() +
                " consecutive failures; restart in " + delay.ToString() + " ms");
            TimerAdded(slot.RestartAtMs);
        }

        /// <summary>Base delay doubled per restart that did not cure the module, capped.</summary>
        private long RestartDelay(int restartsWithoutCure)
        {
            long delay = _config.RestartBaseDelayMs;
            for (int i = 0; i < restartsWithoutCure && delay < _config.RestartMaxDelayMs; i++) delay *= 2;
            return delay > _config.RestartMaxDelayMs ? _config.RestartMaxDelayMs : delay;
        }

        private void RestartDueModules(long now)
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                ModuleSlot slot = _slots[i];
                if (slot.State != ModuleSlot.AwaitingRestart || slot.RestartAtMs > now) continue;
                ModuleCounters.Add(ref slot.Counters.restarts);
                _log.Write(LogLevel.Info, slot.Module.Name, "restarting");
                StartModule(slot, now);
            }
        }

        private void StartModule(ModuleSlot slot, long now)
        {
            slot.State = ModuleSlot.Running;
            slot.ConsecutiveFailures = 0;
            try
            {
                slot.Module.Start();
            }
            catch (System.Exception e)
            {
                ModuleCounters.Add(ref slot.Counters.errors);
                slot.ConsecutiveFailures = _config.FailuresBeforeRestart;
                _log.Write(LogLevel.Error, slot.Module.Name, "failed to start: " + e.Message);
                ScheduleRestart(slot, now);
            }
        }

        private void FireModuleTimers(long now)
        {
            if (Interlocked.CompareExchange(ref _armedTimers, 0, 0) == 0) return;
            for (int i = 0; i < _slots.Length; i++)
            {
                ModuleSlot slot = _slots[i];
                if (slot.State != ModuleSlot.Running) continue;
                lock (_stateGate)
                {
                    if (slot.TimerAtMs > now) continue;
                    slot.TimerAtMs = long.MaxValue;
                    _armedTimers--;
                }
                try
                {
                    slot.Module.HandleTimer(now);
                }
                catch (System.Exception e)
                {
                    Fail(slot, "on its timer", e, now);
                }
            }
        }

        private void FireRequestTimeouts(long now)
        {
            if (_pending.InUse == 0) return;
            long requestId;
            int requester;
            while (_pending.TakeExpired(now, out requestId, out requester))
            {
                ModuleSlot slot = _slots[requester];
                ModuleCounters.Add(ref slot.Counters.requestTimeouts);
                if (slot.State != ModuleSlot.Running) continue;
                try
                {
                    slot.Module.HandleRequestTimeout(requestId);
                }
                catch (System.Exception e)
                {
                    Fail(slot, "on timeout of request " + requestId.ToString(), e, now);
                }
            }
        }

        private void RecomputeNextDeadline()
        {
            long next = _pending.InUse == 0 ? long.MaxValue : _pending.NextDeadline();
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].State == ModuleSlot.AwaitingRestart && _slots[i].RestartAtMs < next) next = _slots[i].RestartAtMs;
                if (_slots[i].State == ModuleSlot.Running && _armedTimers > 0 && _slots[i].TimerAtMs < next) next = _slots[i].TimerAtMs;
            }
            // Unlocked fast path for the common case (nothing pending); a torn read of the long
            // only sends us down the locked path.
            if (next == long.MaxValue && _nextDeadline == long.MaxValue) return;
            lock (_stateGate) _nextDeadline = next;
            if (next != long.MaxValue) SignalTimer(next);
        }

        private bool HasQueuedMessages()
        {
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].State == ModuleSlot.Running && _slots[i].Ring.Count > 0) return true;
            }
            return false;
        }

        private void Drain()
        {
            long deadline = _clock.NowMs + _config.ShutdownDrainMs;
            // The clock bounds the drain in time; the budget bounds it when modules keep
            // feeding each other (or a test clock stands still).
            int budget = 0;
            for (int i = 0; i < _slots.Length; i++)
            {
                if (_slots[i].Ring != null) budget += _slots[i].Ring.Capacity * 4;
            }
            while (budget > 0 && HasQueuedMessages() && _clock.NowMs <= deadline)
            {
                DispatchRound(1, _clock.NowMs);
                budget--;
            }
        }

        private int DropQueuedMessages()
        {
            int total = 0;
            for (int i = 0; i < _slots.Length; i++)
            {
                ModuleSlot slot = _slots[i];
                if (slot.Ring == null) continue;
                Message message = slot.Ring.TryTake();
                while (message != null)
                {
                    ModuleCounters.Add(ref slot.Counters.dropped);
                    total++;
                    MessagePool.Release(message);
                    message = slot.Ring.TryTake();
                }
            }
            return total;
        }

        private void StopModule(ModuleSlot slot, int timeoutMs)
        {
            if (timeoutMs <= 0)
            {
                ModuleStopper.StopInline(slot, _log);
                return;
            }
            // A module's Stop may hang (a flush to a dead network); run it on its own short-lived
            // thread so one bad module cannot hold the whole shutdown.
            ModuleStopper stopper = new ModuleStopper(slot, _log);
            Thread thread = new Thread(stopper.Run);
            thread.Start();
            if (!thread.Join(timeoutMs))
            {
                ModuleCounters.Add(ref slot.Counters.stopTimeouts);
                _log.Write(LogLevel.Warning, slot.Module.Name, "Stop did not finish within " + timeoutMs.ToString() + " ms; moving on");
            }
        }

        private sealed class ModuleStopper
        {
            private readonly ModuleSlot _slot;
            private readonly ILog _log;

            public ModuleStopper(ModuleSlot slot, ILog log)
            {
                _slot = slot;
                _log = log;
            }

            public void Run()
            {
                StopInline(_slot, _log);
            }

            public static void StopInline(ModuleSlot slot, ILog log)
            {
                try
                {
                    slot.Module.Stop();
                }
                catch (System.Exception e)
                {
                    ModuleCounters.Add(ref slot.Counters.errors);
                    log.Write(LogLevel.Error, slot.Module.Name, "failed to stop: " + e.Message);
                }
            }
        }
    }
}
