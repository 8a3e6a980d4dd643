namespace EdgeNano.EventBus
{
    /// <summary>
    /// Local subscriptions: which module wants which MQTT filter. A fixed table allocated at
    /// start-up; a full table is refused (the caller counts it), never grown.
    /// </summary>
    public sealed class SubscriptionTable
    {
        private readonly string[] _filters;
        private readonly string[] _modules;
        private int _count;

        /// <param name="capacity">Subscriptions held; fixed.</param>
        public SubscriptionTable(int capacity)
        {
            _filters = new string[capacity];
            _modules = new string[capacity];
        }

        /// <summary>Subscriptions in use.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Subscriptions the table can hold.</summary>
        public int Capacity
        {
            get { return _filters.Length; }
        }

        /// <summary>Adds (filter, module); true when added or already there, false when the table is full.</summary>
        public bool Add(string filter, string module)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_modules[i] == module && _filters[i] == filter) return true;
            }
            if (_count == _filters.Length) return false;
            _filters[_count] = filter;
            _modules[_count] = module;
            _count++;
            return true;
        }

        /// <summary>The filter of entry index.</summary>
        public string FilterAt(int index)
        {
            return _filters[index];
        }

        /// <summary>The subscribing module of entry index.</summary>
        public string ModuleAt(int index)
        {
            return _modules[index];
        }

        /// <summary>Whether entry index's filter matches the topic.</summary>
        public bool Matches(int index, string topic)
        {
            return TopicFilter.Matches(_filters[index], topic);
        }
    }
}
