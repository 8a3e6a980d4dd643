using System.Threading;
using EdgeNano.Runtime;
using EdgeNano.Runtime.Network;

namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// The part of edgehub that touches the blocking MQTT link. It runs as a job on the board's
    /// blocking-work thread: connect + subscribe when asked, then publish the queued messages one
    /// by one (a QoS 1 publish waits for PUBACK here, not on the dispatcher). Results go back by
    /// waking edgehub's timer; edgehub reads them on the dispatcher. On a failed publish the
    /// worker stops ("stalled") and leaves the rest queued for edgehub to take back.
    /// </summary>
    public sealed class LinkWorker : IBlockingJob
    {
        /// <summary>A twin report (a queued publish's kind decides how a stalled one is taken back).</summary>
        public const int TwinReport = 0;
        /// <summary>An event from eventbus.</summary>
        public const int Event = 1;
        /// <summary>Session control: online, twin/get, the drop count.</summary>
        public const int Control = 2;

        /// <summary>Connect outcome when the connect succeeded but the subscribe did not.</summary>
        public const int SubscribeFailed = 100;

        private readonly IMqttLink _link;
        private readonly IBlockingWork _work;
        private readonly MqttLinkOptions _linkOptions;
        private readonly string[] _filters;
        private readonly int[] _filterQos;
        private readonly Module _owner;
        private readonly object _gate = new object();

        // Queued publishes: payloads in the ring, the rest beside it by the ring's place.
        private readonly PayloadRing _ring;
        private readonly string[] _topics;
        private readonly int[] _qos;
        private readonly int[] _kinds;
        private readonly int[] _devices;
        private bool _stalled;
        private bool _connectWanted;
        private bool _hasOutcome;
        private int _outcome;
        private int _scheduled;
        private int _published;
        private int _failed;
        private int _submitRefused;

        /// <param name="owner">The module whose timer hears of results (edgehub).</param>
        /// <param name="filters">What every connect subscribes.</param>
        /// <param name="capacity">Publishes queued at once.</param>
        /// <param name="bytes">Their payloads' bytes together (one array, allocated here); also the largest payload.</param>
        public LinkWorker(Module owner, IMqttLink link, IBlockingWork work, MqttLinkOptions linkOptions, string[] filters, int capacity, int bytes, int subscribeQos)
        {
            _owner = owner;
            _link = link;
            _work = work;
            _linkOptions = linkOptions;
            _filters = filters;
            _filterQos = new int[filters.Length];
            for (int i = 0; i < _filterQos.Length; i++) _filterQos[i] = subscribeQos;
            _ring = new PayloadRing(capacity, bytes);
            _topics = new string[capacity];
            _qos = new int[capacity];
            _kinds = new int[capacity];
            _devices = new int[capacity];
        }

        /// <summary>Publishes the link accepted.</summary>
        public int Published { get { return _published; } }
        /// <summary>Publishes the link refused or failed (then the worker stalled).</summary>
        public int Failed { get { return _failed; } }
        /// <summary>Times the blocking-work queue refused this job (retried on the next kick).</summary>
        public int SubmitRefused { get { return _submitRefused; } }

        /// <summary>Publishes waiting (the head may be in flight).</summary>
        public int Queued
        {
            get { lock (_gate) return _ring.Count; }
        }

        /// <summary>A publish failed; the worker waits for edgehub to take the queue back and Resume.</summary>
        public bool IsStalled
        {
            get { lock (_gate) return _stalled; }
        }

        /// <summary>Asks for connect + subscribe on the worker thread; the outcome comes back through TakeConnectOutcome.</summary>
        public void RequestConnect()
        {
            lock (_gate)
            {
                _connectWanted = true;
                _hasOutcome = false;
            }
            Kick();
        }

        /// <summary>The finished connect's outcome (an MqttConnectResult value or SubscribeFailed), once.</summary>
        public bool TakeConnectOutcome(out int outcome)
        {
            lock (_gate)
            {
                outcome = _outcome;
                if (!_hasOutcome) return false;
                _hasOutcome = false;
                return true;
            }
        }

        /// <summary>Queues a publish (the payload is copied). False when the queue is full (in places or bytes) or the payload too large.</summary>
        public bool TryQueue(string topic, byte[] payload, int offset, int length, int qos, int kind, int device)
        {
            lock (_gate)
            {
                // The ring never hands out the head's bytes, which the worker may be publishing.
                int place = _ring.TryAdd(payload, offset, length);
                if (place < 0) return false;
                _topics[place] = topic;
                _qos[place] = qos;
                _kinds[place] = kind;
                _devices[place] = device;
            }
            Kick();
            return true;
        }

        /// <summary>Free places in the queue.</summary>
        public int Room
        {
            get { lock (_gate) return _ring.Capacity - _ring.Count; }
        }

        /// <summary>
        /// The oldest queued publish, while stalled (when the worker touches none): its payload is
        /// length bytes of <see cref="PayloadBytes"/> from offset, valid until DropStalledHead.
        /// False when none is left or the worker is not stalled.
        /// </summary>
        public bool PeekStalled(out string topic, out int kind, out int device, out int offset, out int length)
        {
            lock (_gate)
            {
                topic = null;
                kind = 0;
                device = -1;
                offset = 0;
                length = 0;
                if (!_stalled || _ring.Count == 0) return false;
                int head = _ring.OldestPlace;
                topic = _topics[head];
                kind = _kinds[head];
                device = _devices[head];
                offset = _ring.OldestOffset;
                length = _ring.OldestLength;
                return true;
            }
        }

        /// <summary>The array queued payloads live in (see PeekStalled).</summary>
        public byte[] PayloadBytes { get { return _ring.Bytes; } }

        /// <summary>Forgets the oldest queued publish, after PeekStalled (only while stalled).</summary>
        public void DropStalledHead()
        {
            lock (_gate)
            {
                if (!_stalled || _ring.Count == 0) return;
                _topics[_ring.OldestPlace] = null;
                _ring.RemoveOldest();
            }
        }

        /// <summary>Lets a stalled worker publish again (after edgehub took back what it wanted).</summary>
        public void Resume()
        {
            lock (_gate) _stalled = false;
            Kick();
        }

        /// <summary>On the blocking-work thread: connect if asked, then publish until the queue is empty or a publish fails.</summary>
        public void Run()
        {
            while (true)
            {
                RunOnce();
                Interlocked.Exchange(ref _scheduled, 0);
                if (!HasWork()) return;
                if (Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0) return;
            }
        }

        /// <summary>Makes sure queued work gets a run (again after the blocking-work queue refused it).</summary>
        public void Kick()
        {
            if (!HasWork()) return;
            if (Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0) return;
            if (_work.Submit(this)) return;
            Interlocked.Exchange(ref _scheduled, 0);
            Interlocked.Increment(ref _submitRefused);
            Wake();
        }

        private bool HasWork()
        {
            lock (_gate) return _connectWanted || (_ring.Count > 0 && !_stalled);
        }

        private void RunOnce()
        {
            bool connect;
            lock (_gate)
            {
                connect = _connectWanted;
                _connectWanted = false;
            }
            if (connect) Connect();
            while (true)
            {
                string topic;
                int offset;
                int length;
                int qos;
                lock (_gate)
                {
                    if (_ring.Count == 0 || _stalled || _connectWanted) return;
                    int head = _ring.OldestPlace;
                    topic = _topics[head];
                    offset = _ring.OldestOffset;
                    length = _ring.OldestLength;
                    qos = _qos[head];
                }
                // The head stays queued while it is published: only this thread removes it.
                int result = _link.Publish(topic, _ring.Bytes, offset, length, qos, false);
                lock (_gate)
                {
                    if (result == MqttPublishResult.Accepted)
                    {
                        _topics[_ring.OldestPlace] = null;
                        _ring.RemoveOldest();
                        _published++;
                        continue;
                    }
                    _failed++;
                    _stalled = true;
                }
                Wake();
                return;
            }
        }

        private void Connect()
        {
            _link.Disconnect(); // a stale session (lost, not yet noticed) would refuse the connect
            int outcome = _link.Connect(_linkOptions);
            if (outcome == MqttConnectResult.Accepted)
            {
                int subscribed = _link.Subscribe(_filters, _filterQos);
                if (subscribed != MqttSubscribeResult.Accepted)
                {
                    _link.Disconnect();
                    outcome = SubscribeFailed;
                }
            }
            lock (_gate)
            {
                _outcome = outcome;
                _hasOutcome = true;
            }
            Wake();
        }

        private void Wake()
        {
            ModuleContext context = _owner.Context;
            if (context != null) context.Host.SetTimer(_owner, context.Clock.NowMs);
        }
    }
}
