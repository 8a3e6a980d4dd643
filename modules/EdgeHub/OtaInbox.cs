using System.Threading;

namespace EdgeNano.EdgeHub
{
    /// <summary>
    /// Where edgehub leaves what the update server sends the board (docs/ota-protocol.md): one
    /// large slot, owned by the updates module, because a block result (a 4 KB block plus a
    /// 20-byte header) does not fit a pooled bus message (1 KB on a device). The link's network
    /// thread copies a result or an announcement in when the slot is free (otherwise the message
    /// is counted as dropped: the device asks for one thing at a time, so a busy slot means a
    /// duplicate or a stray frame) and tells the updates module with a small bus message
    /// (<see cref="Received"/>, no content); the module reads the slot on its dispatcher and frees it.
    /// The topics are made once here, so matching a received topic allocates nothing.
    /// </summary>
    public sealed class OtaInbox
    {
        /// <summary>edgehub → updates: the slot holds a message (no content; read <see cref="Kind"/>).</summary>
        public const string Received = "ota/received";
        /// <summary>updates → edgehub: publish the content (a small JSON request) on Resource, a request topic, at QoS 1.</summary>
        public const string Request = "ota/request";

        /// <summary>The slot is free.</summary>
        public const int Empty = 0;
        /// <summary>The slot holds an announcement (retained; empty payload: withdrawn).</summary>
        public const int Announce = 1;
        /// <summary>The slot holds a manifest result frame.</summary>
        public const int ManifestResult = 2;
        /// <summary>The slot holds a block result frame.</summary>
        public const int BlockResult = 3;

        private readonly byte[] _buffer;
        private readonly string _module;
        private readonly string _announce;
        private readonly string _manifestResult;
        private readonly string _blockResult;
        private readonly string _manifestGet;
        private readonly string _blockGet;
        private int _busy;
        private int _kind;
        private int _length;
        private int _dropped;
        private int _tooLarge;

        /// <param name="deviceId">The board's first device id as its topics spell it ("default/demo", or "demo" with single-segment ids).</param>
        /// <param name="capacity">Largest message kept: a block result is the block size plus 20 bytes.</param>
        /// <param name="module">The updates module's name on the bus.</param>
        public OtaInbox(string deviceId, int capacity, string module)
        {
            if (deviceId == null || deviceId.Length == 0 || module == null) throw new System.ArgumentException("an OTA inbox needs a device id and a module");
            _buffer = new byte[capacity];
            _module = module;
            string ota = "$hw/events/device/" + deviceId + "/ota/";
            _announce = ota + "announce";
            _manifestResult = ota + "manifest/result";
            _blockResult = ota + "block/result";
            _manifestGet = ota + "manifest/get";
            _blockGet = ota + "block/get";
        }

        /// <summary>The slot's bytes: valid in [0, Length) while Kind is not Empty.</summary>
        public byte[] Buffer { get { return _buffer; } }
        /// <summary>What the slot holds (Empty, Announce, ManifestResult, BlockResult).</summary>
        public int Kind { get { return Interlocked.CompareExchange(ref _kind, 0, 0); } }
        /// <summary>Bytes in the slot.</summary>
        public int Length { get { return _length; } }
        /// <summary>The updates module's name on the bus.</summary>
        public string Module { get { return _module; } }
        /// <summary>Messages lost because the slot was busy or the bus could not carry the note.</summary>
        public int Dropped { get { return Interlocked.CompareExchange(ref _dropped, 0, 0); } }
        /// <summary>Messages larger than the slot (refused).</summary>
        public int TooLarge { get { return Interlocked.CompareExchange(ref _tooLarge, 0, 0); } }

        public string AnnounceTopic { get { return _announce; } }
        public string ManifestResultTopic { get { return _manifestResult; } }
        public string BlockResultTopic { get { return _blockResult; } }
        public string ManifestGetTopic { get { return _manifestGet; } }
        public string BlockGetTopic { get { return _blockGet; } }

        /// <summary>The three topics edgehub subscribes to for the updates module.</summary>
        public string[] Filters()
        {
            return new string[] { _announce, _manifestResult, _blockResult };
        }

        /// <summary>Which kind a received topic is for, or Empty when it is not an OTA topic (string equality: no allocation).</summary>
        public int KindOf(string topic)
        {
            if (topic == _blockResult) return BlockResult;
            if (topic == _manifestResult) return ManifestResult;
            if (topic == _announce) return Announce;
            return Empty;
        }

        /// <summary>Copies a message into the slot if it is free and large enough; counts it otherwise. Any thread.</summary>
        public bool TryFill(int kind, byte[] payload, int offset, int count)
        {
            if (count > _buffer.Length)
            {
                Interlocked.Increment(ref _tooLarge);
                return false;
            }
            if (Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
            {
                Interlocked.Increment(ref _dropped);
                return false;
            }
            System.Array.Copy(payload, offset, _buffer, 0, count);
            _length = count;
            Interlocked.Exchange(ref _kind, kind);
            return true;
        }

        /// <summary>The message could not be announced on the bus: the slot is freed and the loss counted.</summary>
        public void Drop()
        {
            Interlocked.Increment(ref _dropped);
            Free();
        }

        /// <summary>The owner is done with the slot's message.</summary>
        public void Free()
        {
            Interlocked.Exchange(ref _kind, Empty);
            _length = 0;
            Interlocked.Exchange(ref _busy, 0);
        }
    }
}
