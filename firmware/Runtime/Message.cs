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

        // Content
        public readonly byte[] Content;
        public int ContentLength;

        internal int References;
        internal readonly MessagePool Owner;

        internal Message(MessagePool owner, int contentCapacity)
        {
            Owner = owner;
            Content = new byte[contentCapacity];
        }

        public int ContentCapacity
        {
            get { return Content.Length; }
        }

        /// <summary>Copies bytes into the content. False (content unchanged) when they do not fit.</summary>
        public bool SetContent(byte[] source, int offset, int count)
        {
            if (count > Content.Length || count < 0) return false;
            System.Array.Copy(source, offset, Content, 0, count);
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
            if (chars.Length > Content.Length) return false;
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] > 0x7F) return false;
            }
            for (int i = 0; i < chars.Length; i++) Content[i] = (byte)chars[i];
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
