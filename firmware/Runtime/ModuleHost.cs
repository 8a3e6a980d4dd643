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
    public sealed partial class ModuleHost
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
            if (config.PayloadArrays > 0 && config.PayloadCapacity <= config.MessageContentCapacity)
            {
                throw new RuntimeConfigException("the payload arrays' capacity (" + config.PayloadCapacity.ToString() +
                    ") must be larger than a message's own content (" + config.MessageContentCapacity.ToString() + ")");
            }
            if (config.PayloadArrays < 0) throw new RuntimeConfigException("payloadArrays must not be negative");
            _pool = new MessagePool(config.MessagePoolSize, config.MessageContentCapacity, config.PayloadArrays, config.PayloadCapacity);
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
            // Modules start under the dispatch gate: a dispatcher already running (a shared one on
            // the host, or a restart) waits, so no module's Handle or HandleTimer runs while a
            // Start is still setting the module up (gpio's first round and a reply to its
            // subscription once ran at once and tore its JSON writer).
            lock (_dispatchGate)
            {
                _dispatchThread = Thread.CurrentThread;
                try
                {
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
                finally
                {
                    _dispatchThread = null;
                }
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
    }
}
