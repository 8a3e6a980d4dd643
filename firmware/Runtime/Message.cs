namespace EdgeNano.Runtime
{
    /// <summary>
    /// A message between modules, after KubeEdge beehive's model: a header (id, parent id,
    /// timestamp, sync flag), a route (source, destination, group, operation, resource) and
    /// content bytes. Messages live in a <see cref="MessagePool"/> allocated at start-up and
    /// are reused, so a handler must not keep a message after Handle returns.
    /// </summary>
    public sealed class Message
    {
        // Header
        public long Id;
        /// <summary>For a reply: the id of the request it answers. 0 otherwise.</summary>
        public long ParentId;
        /// <summary>Milliseconds since the Unix epoch, from the runtime clock.</summary>
        public long Timestamp;
        /// <summary>Set on requests that expect a reply.</summary>
        public bool Sync;
        /// <summary>Set by the bus on a message sent with Respond.</summary>
        public bool IsReply;

        // Route. Route strings should be constants or strings the sender already holds:
        // assigning a reference costs nothing, building a string per message does.
        public string Source;
        public string Destination;
        public string Group;
        public string Operation;
        public string Resource;

        // Content: the message's own small array, or while it is rented for a payload, one of
        // the pool's few payload-sized arrays (see MessagePool).
        private byte[] _content;
        private readonly byte[] _ownContent;
        public int ContentLength;

        internal int References;
        internal readonly MessagePool Owner;

        internal Message(MessagePool owner, int contentCapacity)
        {
            Owner = owner;
            _ownContent = new byte[contentCapacity];
            _content = _ownContent;
        }

        /// <summary>The content bytes; ContentLength of them are the message's.</summary>
        public byte[] Content
        {
            get { return _content; }
        }

        public int ContentCapacity
        {
            get { return _content.Length; }
        }

        /// <summary>True while the content is one of the pool's payload arrays.</summary>
        internal bool HoldsPayloadArray
        {
            get { return _content != _ownContent; }
        }

        internal void UsePayloadArray(byte[] payload)
        {
            _content = payload;
        }

        /// <summary>Gives the payload array back (the caller returns it to the pool); the content is the message's own again.</summary>
        internal byte[] ReturnPayloadArray()
        {
            byte[] payload = _content;
            _content = _ownContent;
            return payload;
        }

        /// <summary>Copies bytes into the content. False (content unchanged) when they do not fit.</summary>
        public bool SetContent(byte[] source, int offset, int count)
        {
            if (count > _content.Length || count < 0) return false;
            System.Array.Copy(source, offset, _content, 0, count);
            ContentLength = count;
            return true;
        }

        /// <summary>
        /// Copies an ASCII string into the content. False (content unchanged) when it does not fit
        /// or holds a character above U+007F. Test and rare-reply convenience: it takes a copy of
        /// the characters (ToCharArray), because indexing a string on nanoCLR walks it per call.
        /// </summary>
        public bool SetContentAscii(string text)
        {
            char[] chars = text.ToCharArray();
            if (chars.Length > _content.Length) return false;
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] > 0x7F) return false;
            }
            for (int i = 0; i < chars.Length; i++) _content[i] = (byte)chars[i];
            ContentLength = chars.Length;
            return true;
        }

        internal void Clear()
        {
            Id = 0;
            ParentId = 0;
            Timestamp = 0;
            Sync = false;
            IsReply = false;
            Source = null;
            Destination = null;
            Group = null;
            Operation = null;
            Resource = null;
            ContentLength = 0;
        }
    }
}
