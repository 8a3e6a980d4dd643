namespace EdgeNano.Runtime
{
    /// <summary>
    /// The module contract, after KubeEdge beehive: a name, a group, start, stop and a handler.
    /// Unlike beehive, a module owns no thread: the runtime calls Handle on its dispatcher, one
    /// message at a time, so a handler must return promptly and never block on the bus.
    /// </summary>
    public abstract class Module
    {
        private readonly string _name;
        private readonly string _group;

        protected Module(string name, string group)
        {
            if (name == null || name.Length == 0) throw new System.ArgumentException("a module needs a name");
            _name = name;
            _group = group;
        }

        public string Name
        {
            get { return _name; }
        }

        public string Group
        {
            get { return _group; }
        }

        /// <summary>Set by the runtime before Start; how the module reaches the bus, clock and log.</summary>
        public ModuleContext Context { get; internal set; }

        /// <summary>Called once at boot, and again after a restart that followed repeated failures.</summary>
        public virtual void Start()
        {
        }

        /// <summary>Called at shutdown (reverse registration order) and before a restart.</summary>
        public virtual void Stop()
        {
        }

        /// <summary>
        /// Handles one message. The message goes back to the pool when this returns: copy what you
        /// need to keep. An exception here is caught, counted and logged by the runtime.
        /// </summary>
        public abstract void Handle(Message message);

        /// <summary>
        /// The time the module asked for with ModuleHost.SetTimer has come. Periodic work
        /// (coalesced writes, debounce, keepalive, reconnect backoff) runs here, on the
        /// dispatcher like Handle; re-arm with SetTimer for the next round.
        /// </summary>
        public virtual void HandleTimer(long nowMs)
        {
        }

        /// <summary>A request this module sent with Bus.Request got no reply in time.</summary>
        public virtual void HandleRequestTimeout(long requestId)
        {
        }
    }
}
